import {
  historyMonthPath,
  historyMonthsToRender,
  toHistoryIndexView,
  toHistoryMonthView,
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
    expect(view.incidents.map((incident) => incident.id)).toEqual(['INC-6', 'INC-5', 'INC-3']);
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
