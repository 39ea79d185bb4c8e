import { historyMonthPath } from '../../../../src/core/site/pageView';
import {
  historyMonthsToRender,
  toHistoryIndexView,
  toHistoryMonthView,
  type HistoryMonthView,
} from '../../../../src/core/site/historyView';
import { aResolvedIncident, aState, anOpenIncident, settings } from '../../../support/builders';

const archived = (id: string, createdAt: string) => ({
  id,
  title: `Archived ${id}`,
  impact: 'major' as const,
  status: 'resolved' as const,
  createdAt,
  resolvedAt: new Date(Date.parse(createdAt) + 90 * 60_000).toISOString(),
});

describe('historyMonthsToRender', () => {
  it('renders only months with incidents still in the state, newest first', () => {
    const state = aState({
      incidents: [
        aResolvedIncident(1, '2026-10-30T10:00:00.000Z'),
        aResolvedIncident(2, '2026-11-02T10:00:00.000Z'),
        anOpenIncident(3, { createdAt: '2026-11-21T11:00:00.000Z' }),
      ],
      history: { months: { '2025-01': 3, '2026-10': 5, '2026-11': 2 }, archived: [] },
    });
    expect(historyMonthsToRender(state)).toEqual(['2026-11', '2026-10']);
    expect(historyMonthPath('2026-11')).toBe('history/2026-11.html');
  });
});

describe('toHistoryIndexView', () => {
  it('lists every month of history.months by year, newest first, with its count', () => {
    const state = aState({
      history: { months: { '2025-12': 1, '2026-09': 4, '2026-11': 12 }, archived: [] },
    });
    const view = toHistoryIndexView(state, settings());
    expect(view.root).toBe('../');
    expect(view.documentTitle).toBe('Incident history · Contoso status');
    expect(view.years).toEqual([
      {
        year: '2026',
        months: [
          { month: '2026-11', label: 'November 2026', path: '2026-11.html', countText: '12 incidents' },
          { month: '2026-09', label: 'September 2026', path: '2026-09.html', countText: '4 incidents' },
        ],
      },
      {
        year: '2025',
        months: [{ month: '2025-12', label: 'December 2025', path: '2025-12.html', countText: '1 incident' }],
      },
    ]);
  });

  it('counts the incidents of the state for a month history.months does not know yet', () => {
    const state = aState({ incidents: [anOpenIncident(1, { createdAt: '2026-11-21T11:00:00.000Z' })] });
    expect(toHistoryIndexView(state, settings()).years[0]?.months[0]?.countText).toBe('1 incident');
  });

  it('has no years before the first incident', () => {
    expect(toHistoryIndexView(aState(), settings()).years).toEqual([]);
  });
});

describe('toHistoryMonthView', () => {
  it('lists the month’s incidents from the state and the archived summaries, newest first', () => {
    const state = aState({
      incidents: [
        aResolvedIncident(5, '2026-11-10T12:00:00.000Z'),
        anOpenIncident(6, { createdAt: '2026-11-21T11:00:00.000Z' }),
        aResolvedIncident(4, '2026-10-31T12:00:00.000Z'),
      ],
      history: {
        months: { '2026-11': 3 },
        archived: [
          archived('INC-3', '2026-11-01T08:00:00.000Z'),
          archived('INC-2', '2026-10-01T08:00:00.000Z'),
        ],
      },
    });
    const view = toHistoryMonthView(state, settings(), '2026-11');
    expect(view.label).toBe('November 2026');
    expect(view.countText).toBe('3 incidents');
    // INC-4 started 12 hours before November, in October: November in zones east of UTC+12, so listed hidden.
    expect(view.incidents.map((incident) => incident.id)).toEqual(['INC-6', 'INC-5', 'INC-3', 'INC-4']);
    expect(view.incidents.map((incident) => incident.neighbour)).toEqual([
      undefined,
      undefined,
      undefined,
      true,
    ]);
    expect(view.incidents[2]).toEqual({
      id: 'INC-3',
      title: 'Archived INC-3',
      path: 'incidents/INC-3.html',
      status: 'resolved',
      statusLabel: 'Resolved',
      impactLabel: 'Major impact',
      open: false,
      createdAt: { iso: '2026-11-01T08:00:00.000Z', text: '1 Nov 2026, 08:00 UTC' },
      resolvedAt: { iso: '2026-11-01T09:30:00.000Z', text: '1 Nov 2026, 09:30 UTC' },
      duration: { iso: 'PT1H30M', text: '1 h 30 min' },
    });
    expect(view.incidents[0]).not.toHaveProperty('duration');
  });

  it('lists an incident once even when its summary is also archived', () => {
    const state = aState({
      incidents: [aResolvedIncident(5, '2026-11-10T12:00:00.000Z')],
      history: { months: {}, archived: [archived('INC-5', '2026-11-10T10:55:00.000Z')] },
    });
    expect(toHistoryMonthView(state, settings(), '2026-11').incidents).toHaveLength(1);
  });
});

describe('toHistoryMonthView near the months’ boundaries', () => {
  const started = (number: number, createdAt: string) =>
    aResolvedIncident(number, new Date(Date.parse(createdAt) + 30 * 60_000).toISOString(), { createdAt });
  const visible = (view: HistoryMonthView) =>
    view.incidents.map((incident) => `${incident.id}${incident.neighbour ? ' (neighbour)' : ''}`);
  // Nov 30, 19:30 in New York; Dec 1, 09:30 in Tokyo.
  const justAfterMidnight = started(4, '2026-12-01T00:30:00.000Z');
  // Dec 1, 05:00 in Tokyo.
  const eveningBefore = started(3, '2026-11-30T20:00:00.000Z');
  const midNovember = started(2, '2026-11-10T12:00:00.000Z');
  // 14 hours and a minute before December: November in every zone.
  const tooEarly = started(1, '2026-11-30T09:59:00.000Z');

  it('lists, hidden, the neighbours’ incidents that started within 14 hours of the month’s UTC boundaries', () => {
    const state = aState({ incidents: [tooEarly, midNovember, eveningBefore, justAfterMidnight] });
    const december = toHistoryMonthView(state, settings(), '2026-12');
    expect(visible(december)).toEqual(['INC-4', 'INC-3 (neighbour)']);
    expect(december.countText).toBe('1 incident');
    expect(december.sharedMonths).toBe('2026-11');
    const november = toHistoryMonthView(state, settings(), '2026-11');
    expect(visible(november)).toEqual(['INC-4 (neighbour)', 'INC-3', 'INC-1', 'INC-2']);
    expect(november.countText).toBe('3 incidents');
    expect(november.sharedMonths).toBe('2026-12');
  });

  it('reaches across a year, both ways, and no further than 14 hours', () => {
    const state = aState({
      incidents: [
        started(1, '2026-12-31T10:00:00.000Z'),
        started(2, '2026-12-31T09:59:59.999Z'),
        started(3, '2027-01-01T13:59:00.000Z'),
        started(4, '2027-01-01T14:00:00.000Z'),
      ],
    });
    expect(visible(toHistoryMonthView(state, settings(), '2027-01'))).toEqual([
      'INC-4',
      'INC-3',
      'INC-1 (neighbour)',
    ]);
    expect(visible(toHistoryMonthView(state, settings(), '2026-12'))).toEqual([
      'INC-3 (neighbour)',
      'INC-1',
      'INC-2',
    ]);
  });

  it('borrows nothing from a neighbour whose page this state does not render, and shares no such month', () => {
    // November's incidents are archived and the state no longer knows them all: its page is left as it was.
    const state = aState({
      incidents: [justAfterMidnight],
      history: {
        months: { '2026-11': 5, '2026-12': 1 },
        archived: [archived('INC-3', '2026-11-30T20:00:00.000Z')],
      },
    });
    expect(historyMonthsToRender(state)).toEqual(['2026-12']);
    const december = toHistoryMonthView(state, settings(), '2026-12');
    expect(visible(december)).toEqual(['INC-4']);
    expect(december.sharedMonths).toBe('');
  });
});
