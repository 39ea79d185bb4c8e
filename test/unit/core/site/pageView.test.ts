import {
  excerptOf,
  FRONT_PAGE_UPDATES,
  PAST_DAYS,
  PAST_EXCERPT_LENGTH,
  PAST_INCIDENTS_SHOWN,
  impactLabel,
  incidentPath,
  toHeaderView,
  toIncidentPageView,
  toIncidentView,
  toNotFoundView,
  toPageView,
} from '../../../../src/core/site/pageView';
import type { Incident } from '../../../../src/core/model/state';
import {
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  daysBefore,
  minutesBefore,
  PAGE_CATALOG,
  settings,
  T0,
} from '../../../support/builders';
import { busyState } from '../../../fixtures/states';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('toHeaderView', () => {
  it('shows the page status: its indicator as the colour, its description as the words', () => {
    expect(toHeaderView({ indicator: 'none', description: 'All Systems Operational' })).toEqual({
      tone: 'none',
      text: 'All Systems Operational',
    });
    expect(toHeaderView({ indicator: 'major', description: 'Partial System Outage' })).toEqual({
      tone: 'major',
      text: 'Partial System Outage',
    });
  });
});

describe('toPageView', () => {
  // Issue 13, part 8: at the state's cap the front page lists 200 resolved incidents of the past 15 days, and
  // every render made each one's summary again, though a resolved incident the store hands out cannot change.
  it('makes the summary of a resolved incident the store froze once, and any other one on every render', () => {
    const frozen = deepFreeze(aResolvedIncident(1, minutesBefore(T0, 60)));
    const changing = aResolvedIncident(2, minutesBefore(T0, 30));
    const state = aState({ incidents: [frozen, changing, anOpenIncident(3)] });
    const summaries = () => {
      const today = toPageView(state, settings()).pastDays[0]?.incidents ?? [];
      return new Map(today.map((incident) => [incident.id, incident]));
    };
    const first = summaries();
    const again = summaries();
    expect(again.get('INC-1')).toBe(first.get('INC-1'));
    expect(again.get('INC-2')).not.toBe(first.get('INC-2'));
    expect(again.get('INC-2')).toEqual(first.get('INC-2'));
    changing.title = 'Chat was down';
    expect(summaries().get('INC-2')?.title).toBe('Chat was down');
  });

  it('is green with recently resolved incidents only, and lists no open incident', () => {
    const view = toPageView(aState({ incidents: [aResolvedIncident(1, minutesBefore(T0, 60))] }), settings());
    expect(view.header).toEqual({ tone: 'none', text: 'All Systems Operational' });
    expect(view.tone).toBe('none');
    expect(view.documentTitle).toBe('All Systems Operational · Contoso status');
    expect(view.openIncidents).toEqual([]);
  });

  it('shows the page status while incidents are open, and lists the worst impact first, then the latest started', () => {
    const state = aState({
      incidents: [
        anOpenIncident(1, { createdAt: minutesBefore(T0, 90), updatedAt: minutesBefore(T0, 30) }),
        aResolvedIncident(2, minutesBefore(T0, 5)),
        anOpenIncident(3, { updatedAt: minutesBefore(T0, 1), status: 'monitoring', impact: 'minor' }),
        anOpenIncident(4, { createdAt: minutesBefore(T0, 20), impact: 'critical' }),
        anOpenIncident(5, { createdAt: minutesBefore(T0, 40), updatedAt: minutesBefore(T0, 35) }),
      ],
    });
    const view = toPageView(state, settings());
    expect(view.header).toEqual({ tone: 'critical', text: 'Major Service Outage' });
    expect(view.openIncidents.map((incident) => incident.id)).toEqual(['INC-4', 'INC-5', 'INC-1', 'INC-3']);
  });

  it('is never green above a component that is down, nor while maintenance is in progress', () => {
    const down = aState({ components: { website: { status: 'major_outage', updatedAt: T0 } } });
    expect(toPageView(down, settings()).header).toEqual({ tone: 'critical', text: 'Major Service Outage' });
    const maintenance = aState({ maintenances: [aMaintenance(1, { status: 'in_progress' })] });
    const view = toPageView(maintenance, settings());
    expect(view.header).toEqual({ tone: 'maintenance', text: 'Service Under Maintenance' });
    expect(view.documentTitle).toBe('Service Under Maintenance · Contoso status');
    expect(view.tone).toBe('maintenance');
  });

  it('carries the page title, the root prefix and the state instant', () => {
    const view = toPageView(aState(), settings());
    expect(view.pageTitle).toBe('Contoso status');
    expect(view.root).toBe('');
    expect(view.updatedAt).toEqual({ iso: T0, text: '21 Nov 2026, 12:00 UTC' });
  });

  it('shows maintenance in progress (and verifying) apart from scheduled maintenance; completed is in the past', () => {
    const state = aState({
      maintenances: [
        aMaintenance(1, { status: 'in_progress' }),
        aMaintenance(2, { status: 'scheduled' }),
        aMaintenance(3, { status: 'verifying' }),
        aMaintenance(4, { status: 'completed', scheduledFor: daysBefore(T0, 2) }),
      ],
    });
    const view = toPageView(state, settings());
    expect(view.activeMaintenances.map((m) => [m.id, m.statusLabel])).toEqual([
      ['MNT-1', 'In progress'],
      ['MNT-3', 'Verifying'],
    ]);
    expect(view.upcomingMaintenances.map((m) => m.id)).toEqual(['MNT-2']);
    expect(view.pastDays[2]?.maintenances.map((m) => [m.id, m.statusLabel])).toEqual([
      ['MNT-4', 'Completed'],
    ]);
  });

  it('lists the components of the catalog, grouped, each with its status in words and its uptime', () => {
    const state = aState({
      components: { meetings: { status: 'partial_outage', updatedAt: minutesBefore(T0, 60) } },
    });
    const view = toPageView(state, settings());
    expect(view.components.map((entry) => entry.group?.name ?? entry.component?.name)).toEqual([
      'Collaboration',
      'Communication',
      'Network',
      'Website',
    ]);
    const collaboration = view.components[0]?.group;
    expect(collaboration).toMatchObject({
      status: 'partial_outage',
      statusLabel: 'Partial outage',
      open: true,
    });
    expect(collaboration?.components[1]).toMatchObject({
      id: 'meetings',
      name: 'Meetings',
      description: 'Calls, meetings and live events',
      status: 'partial_outage',
      statusLabel: 'Partial outage',
      uptime: { percentText: '99.98 %' },
    });
    expect(view.components[1]?.group).toMatchObject({ statusLabel: 'Operational', open: false });
    expect(view.components[3]?.component).toMatchObject({ id: 'website', statusLabel: 'Operational' });
  });

  it('has no components without a catalog', () => {
    expect(toPageView(aState(), settings({ components: [], templates: [] })).components).toEqual([]);
  });

  it(`groups the last ${PAST_DAYS} days by day, today first, and says when a day was quiet`, () => {
    const state = aState({
      incidents: [
        aResolvedIncident(1, daysBefore(T0, 1)),
        aResolvedIncident(2, minutesBefore(daysBefore(T0, 1), 120)),
        aResolvedIncident(3, daysBefore(T0, 20)),
        anOpenIncident(4),
      ],
    });
    const days = toPageView(state, settings()).pastDays;
    expect(days).toHaveLength(PAST_DAYS);
    expect(days.map((day) => day.date.iso).slice(0, 3)).toEqual(['2026-11-21', '2026-11-20', '2026-11-19']);
    expect(days[0]?.incidents.map((incident) => incident.id)).toEqual(['INC-4']);
    expect(days[1]?.incidents.map((incident) => incident.id)).toEqual(['INC-1', 'INC-2']);
    expect(days[2]).toMatchObject({ quiet: true, incidents: [], maintenances: [] });
    expect(days.flatMap((day) => day.incidents).map((incident) => incident.id)).not.toContain('INC-3');
  });

  // Issue 13, part 8: a bad fortnight's 200 incidents made the front page 85 KB, its render growing with each.
  describe(`past incidents beyond the latest ${PAST_INCIDENTS_SHOWN}`, () => {
    // One every `hours` hours, newest first: INC-40 … INC-1.
    const many = (hours = 2.5) =>
      aState({
        incidents: Array.from({ length: 40 }, (_, i) =>
          aResolvedIncident(40 - i, minutesBefore(T0, 30 + i * hours * 60)),
        ),
      });
    const dayOf = (incident: Incident) => incident.createdAt.slice(0, 10);

    it(`lists only the latest ${PAST_INCIDENTS_SHOWN}, and stops at the day of the last one`, () => {
      const state = many();
      const view = toPageView(state, settings());
      const listed = view.pastDays.flatMap((day) => day.incidents.map((incident) => incident.id));
      expect(listed).toEqual(Array.from({ length: PAST_INCIDENTS_SHOWN }, (_, i) => `INC-${40 - i}`));
      const lastShown = state.incidents[PAST_INCIDENTS_SHOWN - 1];
      expect(view.pastDays.at(-1)?.date.iso).toBe(lastShown && dayOf(lastShown));
      expect(view.pastDays.some((day) => day.quiet)).toBe(false);
    });

    it('says how many more the last day had, linking to its month, and how many earlier ones there are', () => {
      const state = many();
      const view = toPageView(state, settings());
      const last = view.pastDays.at(-1);
      const hidden = state.incidents.slice(PAST_INCIDENTS_SHOWN);
      const sameDay = hidden.filter((incident) => dayOf(incident) === last?.date.iso).length;
      expect(sameDay).toBeGreaterThan(0);
      expect(last?.more).toEqual({
        text: `${sameDay} more incident${sameDay === 1 ? '' : 's'} on this day`,
        path: `history/${last?.date.iso.slice(0, 7)}.html`,
      });
      expect(view.pastMore).toEqual({
        text: `${hidden.length - sameDay} earlier incidents of the last ${PAST_DAYS} days are in the incident history.`,
        cutAt: hidden[0]?.createdAt,
      });
    });

    it('shows a day whose incidents all fall past the cut with their number, never as quiet', () => {
      // Every 3 hours from 11:30: the 21st latest is the first of its day.
      const state = many(3);
      const view = toPageView(state, settings());
      const last = view.pastDays.at(-1);
      expect(last).toMatchObject({ incidents: [], quiet: false, listed: false });
      expect(last?.more?.text).toBe('8 incidents on this day');
    });

    it(`shows every day and no note with ${PAST_INCIDENTS_SHOWN} or fewer`, () => {
      const state = aState({ incidents: many().incidents.slice(0, PAST_INCIDENTS_SHOWN) });
      const view = toPageView(state, settings());
      expect(view.pastDays).toHaveLength(PAST_DAYS);
      expect(view.pastMore).toBeUndefined();
      expect(view.pastDays.some((day) => day.more)).toBe(false);
    });

    it('counts only the incidents of the days the page covers', () => {
      const state = aState({
        incidents: [...many().incidents, aResolvedIncident(99, daysBefore(T0, PAST_DAYS + 3))],
      });
      const view = toPageView(state, settings());
      expect(view.pastMore?.text).toBe(toPageView(many(), settings()).pastMore?.text);
    });
  });

  describe('excerptOf', () => {
    it('keeps a message that fits, links and all', () => {
      const parts = [{ text: 'See ' }, { text: 'https://x.example/', href: 'https://x.example/' }];
      expect(excerptOf(parts, 100)).toEqual(parts);
    });

    it('cuts a long message at a word with "…", keeping a link it cuts into a link', () => {
      const excerpt = excerptOf([{ text: 'word '.repeat(100) }], PAST_EXCERPT_LENGTH);
      const text = excerpt.map((part) => part.text).join('');
      expect(text.length).toBeLessThanOrEqual(PAST_EXCERPT_LENGTH + 1);
      expect(text).toMatch(/word…$/);
      const linked = excerptOf(
        [{ text: 'a'.repeat(10) }, { text: 'b'.repeat(50), href: 'https://b.example/' }],
        30,
      );
      expect(linked).toEqual([
        { text: 'a'.repeat(10) },
        { text: `${'b'.repeat(20)}…`, href: 'https://b.example/' },
      ]);
    });

    it("shortens a past incident's last update on the front page, never its own page", () => {
      const message = 'All regions are back. '.repeat(50);
      const incident = aResolvedIncident(1, minutesBefore(T0, 5), {
        updates: [anUpdate('INC-1', 1, { status: 'resolved', message })],
      });
      const state = aState({ incidents: [incident] });
      const latest = toPageView(state, settings()).pastDays[0]?.incidents[0]?.latest;
      const shown = latest?.message.map((part) => part.text).join('') ?? '';
      expect(shown.length).toBeLessThanOrEqual(PAST_EXCERPT_LENGTH + 1);
      expect(shown.endsWith('…')).toBe(true);
      const page = toIncidentPageView(incident, state, settings());
      expect(page.incident.updates[0]?.message.map((part) => part.text).join('')).toBe(message);
    });
  });

  it('shows how a past incident ended, and only the title of one still open (its updates are above)', () => {
    const state = aState({ incidents: [aResolvedIncident(1, minutesBefore(T0, 5)), anOpenIncident(2)] });
    const [open, resolved] = toPageView(state, settings()).pastDays[0]?.incidents ?? [];
    expect(open).toMatchObject({ id: 'INC-2', open: true, duration: { text: '30 min' } });
    expect(open).not.toHaveProperty('latest');
    expect(resolved).toMatchObject({
      id: 'INC-1',
      open: false,
      duration: { text: '1 h 5 min' },
      latest: { message: [{ text: 'The rollback is complete.' }] },
    });
  });

  it('does not change the state it shows', () => {
    const state = deepFreeze(busyState());
    const copy = structuredClone(state);
    toPageView(state, settings());
    expect(state).toEqual(copy);
  });

  it('never carries the internal timeline, roles or authors', () => {
    const json = JSON.stringify(toPageView(busyState(), settings()));
    expect(json).not.toContain('INTERNAL-NOTE');
    expect(json).not.toContain('Alice');
    expect(json).not.toContain('aadObjectId');
  });
});

describe('toIncidentView', () => {
  const opened = '2026-11-21T10:00:00.000Z';
  const incident = anOpenIncident(7, {
    title: 'Chat is down',
    status: 'identified',
    impact: 'critical',
    components: ['chat', 'gone'],
    createdAt: opened,
    updatedAt: '2026-11-21T10:20:00.000Z',
    nextUpdateAt: '2026-11-21T11:30:00.000Z',
    eta: '2026-11-21T14:00:00.000Z',
    updates: [
      anUpdate('INC-7', 1, { message: 'Looking', createdAt: opened }),
      anUpdate('INC-7', 2, {
        status: 'identified',
        headline: 'Root cause found',
        message: 'See https://contoso.example/x',
        createdAt: '2026-11-21T10:20:00.000Z',
        editedAt: '2026-11-21T10:25:00.000Z',
        componentChanges: [{ componentId: 'chat', from: 'operational', to: 'major_outage' }],
      }),
    ],
  });

  it('shows the updates newest first, each with its status, headline, linked message, edit and component changes', () => {
    const view = toIncidentView(incident, PAGE_CATALOG, T0);
    expect(view.updates.map((update) => update.id)).toEqual(['INC-7-2', 'INC-7-1']);
    expect(view.updates[0]).toEqual({
      id: 'INC-7-2',
      status: 'identified',
      statusLabel: 'Identified',
      headline: 'Root cause found',
      message: [{ text: 'See ' }, { text: 'https://contoso.example/x', href: 'https://contoso.example/x' }],
      at: { iso: '2026-11-21T10:20:00.000Z', text: '21 Nov 2026, 10:20 UTC' },
      editedAt: { iso: '2026-11-21T10:25:00.000Z', text: '21 Nov 2026, 10:25 UTC' },
      changes: [{ name: 'Chat', fromLabel: 'Operational', toLabel: 'Major outage', to: 'major_outage' }],
    });
  });

  it('carries impact and components in words, and how long it has been going on as of the state instant', () => {
    expect(toIncidentView(incident, PAGE_CATALOG, T0)).toMatchObject({
      id: 'INC-7',
      title: 'Chat is down',
      statusLabel: 'Identified',
      impact: 'critical',
      impactLabel: 'Critical impact',
      open: true,
      path: 'incidents/INC-7.html',
      componentNames: 'Chat, gone',
      duration: { iso: 'PT2H', text: '2 h' },
    });
  });

  it('says when the next update is due, and that it is overdue once the state instant has passed it', () => {
    expect(toIncidentView(incident, PAGE_CATALOG, '2026-11-21T11:00:00.000Z').nextUpdate).toEqual({
      at: { iso: '2026-11-21T11:30:00.000Z', text: '21 Nov 2026, 11:30 UTC' },
      overdue: false,
    });
    expect(toIncidentView(incident, PAGE_CATALOG, T0).nextUpdate?.overdue).toBe(true);
    expect(toIncidentView(incident, PAGE_CATALOG, T0).eta?.text).toBe('21 Nov 2026, 14:00 UTC');
  });

  it('drops promises and the ETA once resolved, and measures the time to resolve', () => {
    const resolved = { ...incident, status: 'resolved' as const, resolvedAt: '2026-11-21T11:05:00.000Z' };
    const view = toIncidentView(resolved, PAGE_CATALOG, T0);
    expect(view).not.toHaveProperty('nextUpdate');
    expect(view).not.toHaveProperty('eta');
    expect(view.resolvedAt?.text).toBe('21 Nov 2026, 11:05 UTC');
    expect(view.duration.text).toBe('1 h 5 min');
  });
});

describe('toIncidentPageView', () => {
  it('renders one level below the site root, with the first update and how long after the start it came', () => {
    const incident = anOpenIncident(3, {
      createdAt: '2026-11-21T11:00:00.000Z',
      updates: [anUpdate('INC-3', 1, { createdAt: '2026-11-21T11:07:00.000Z' })],
    });
    const view = toIncidentPageView(incident, aState({ incidents: [incident] }), settings());
    expect(view.root).toBe('../');
    expect(view.documentTitle).toBe('INC-3: Incident 3 · Contoso status');
    expect(view.tone).toBe('major');
    expect(view.incident.firstUpdate).toEqual({
      at: { iso: '2026-11-21T11:07:00.000Z', text: '21 Nov 2026, 11:07 UTC' },
      after: { iso: 'PT7M', text: '7 min' },
    });
  });

  const withPostmortem = (postmortem: Incident['postmortem']) =>
    toIncidentPageView(aResolvedIncident(5, T0, { status: 'postmortem', postmortem }), aState(), settings())
      .incident.postmortem;

  it('links the postmortem when it is an http(s) address', () => {
    expect(
      withPostmortem({ url: 'https://contoso.example/pm/5', publishedAt: T0, author: { name: 'A' } }),
    ).toEqual({
      href: 'https://contoso.example/pm/5',
      publishedAt: { iso: T0, text: '21 Nov 2026, 12:00 UTC' },
    });
  });

  it('shows a postmortem written as text', () => {
    expect(
      withPostmortem({ text: 'We forgot to renew.', publishedAt: T0, author: { name: 'A' } })?.text,
    ).toEqual([{ text: 'We forgot to renew.' }]);
  });

  it('never links a postmortem address that is not http(s): it is shown as text', () => {
    const view = withPostmortem({ url: 'javascript:alert(1)', publishedAt: T0, author: { name: 'A' } });
    expect(view).not.toHaveProperty('href');
    expect(view?.text).toEqual([{ text: 'javascript:alert(1)' }]);
  });

  it('has no postmortem section without one', () => {
    expect(withPostmortem(undefined)).toBeUndefined();
  });
});

describe('toNotFoundView', () => {
  it('links from the site root, because it is served at any address, and shows no status', () => {
    expect(toNotFoundView(settings())).toEqual({
      pageTitle: 'Contoso status',
      root: '/',
      documentTitle: 'Page not found · Contoso status',
      description: 'This page does not exist on Contoso status.',
      noindex: true,
    });
  });
});

describe('impactLabel and incidentPath', () => {
  it('say an impact in words no component status or page status uses, and place incident pages under incidents/', () => {
    expect(impactLabel('none')).toBe('No impact');
    expect(impactLabel('major')).toBe('Major impact');
    expect(incidentPath('INC-12')).toBe('incidents/INC-12.html');
  });
});

// Issue 13, part 3: 390 updates of 20 KB made a 7.6 MB index.html, rendered by every command. The front page
// shows the latest few updates of each incident and links to the rest.
describe('the front page with a long incident', () => {
  const incident = anOpenIncident(1, {
    updates: Array.from({ length: 10 }, (_, i) => anUpdate('INC-1', i + 1)),
  });

  it(`shows the latest ${FRONT_PAGE_UPDATES} updates, newest first, and how many more there are`, () => {
    const view = toPageView(aState({ incidents: [incident] }), settings());
    const [shown] = view.openIncidents;
    expect(shown?.updates.map((update) => update.id)).toEqual(['INC-1-10', 'INC-1-9', 'INC-1-8']);
    expect(shown?.earlierUpdates).toBe('7 earlier updates');
    expect(shown?.path).toBe('incidents/INC-1.html');
  });

  it('keeps every update on the incident page', () => {
    const view = toIncidentPageView(incident, aState({ incidents: [incident] }), settings());
    expect(view.incident.updates).toHaveLength(10);
    expect(view.incident.earlierUpdates).toBeUndefined();
  });
});
