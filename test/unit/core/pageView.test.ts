import {
  incidentPath,
  toHeaderView,
  toIncidentPageView,
  toIncidentView,
  toPageView,
  toTimeView,
} from '../../../src/core/pageView';
import type { Incident } from '../../../src/core/state';
import type { Impact } from '../../../src/core/vocabulary';
import {
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  deepFreeze,
  minutesAfter,
  T0,
} from './builders';

const withImpact = (number: number, impact: Impact): Incident => anOpenIncident(number, T0, { impact });

describe('toHeaderView', () => {
  it('is green and says "All systems operational" when no incident is open', () => {
    expect(toHeaderView([])).toEqual({ tone: 'operational', text: 'All systems operational' });
  });

  it.each<[Impact, string]>([
    ['none', 'Service notice'],
    ['minor', 'Minor disruption'],
    ['major', 'Major outage'],
    ['critical', 'Critical outage'],
  ])('is red while an incident of impact %p is open, and says %p', (impact, text) => {
    expect(toHeaderView([withImpact(1, impact)])).toEqual({ tone: 'outage', text });
  });

  it('speaks of the worst open impact', () => {
    expect(
      toHeaderView([withImpact(1, 'minor'), withImpact(2, 'critical'), withImpact(3, 'major')]).text,
    ).toBe('Critical outage');
    expect(toHeaderView([withImpact(1, 'none'), withImpact(2, 'minor')]).text).toBe('Minor disruption');
  });
});

describe('toPageView', () => {
  it('has a green header when no incident is open, even with recently resolved ones', () => {
    const view = toPageView(aState([aResolvedIncident(1, T0)]), 'Contoso status');
    expect(view.header).toEqual({ tone: 'operational', text: 'All systems operational' });
    expect(view.openIncidents).toEqual([]);
    expect(view.recentIncidents.map((incident) => incident.id)).toEqual(['INC-1']);
  });

  it('has a green header for an empty state', () => {
    const view = toPageView(aState([]), 'Contoso status');
    expect(view.header.tone).toBe('operational');
    expect(view.openIncidents).toEqual([]);
    expect(view.recentIncidents).toEqual([]);
  });

  it('has a red header while any incident is open', () => {
    const view = toPageView(aState([aResolvedIncident(1, T0), anOpenIncident(2)]), 'Contoso status');
    expect(view.header).toEqual({ tone: 'outage', text: 'Major outage' });
  });

  it('splits open incidents from recently resolved ones', () => {
    const state = aState([
      anOpenIncident(1),
      aResolvedIncident(2, T0),
      anOpenIncident(3, T0, { status: 'identified' }),
      aResolvedIncident(4, T0, 'postmortem'),
      anOpenIncident(5, T0, { status: 'monitoring' }),
    ]);
    const view = toPageView(state, 'Contoso status');
    expect(view.openIncidents.map((incident) => incident.id).sort()).toEqual(['INC-1', 'INC-3', 'INC-5']);
    expect(view.recentIncidents.map((incident) => incident.id).sort()).toEqual(['INC-2', 'INC-4']);
  });

  it('shows the most recently updated incidents first in each list', () => {
    const state = aState([
      anOpenIncident(1, minutesAfter(T0, -30)),
      anOpenIncident(2, minutesAfter(T0, -5)),
      anOpenIncident(3, minutesAfter(T0, -60)),
      aResolvedIncident(4, minutesAfter(T0, -300)),
      aResolvedIncident(5, minutesAfter(T0, -10)),
    ]);
    const view = toPageView(state, 'Contoso status');
    expect(view.openIncidents.map((incident) => incident.id)).toEqual(['INC-2', 'INC-1', 'INC-3']);
    expect(view.recentIncidents.map((incident) => incident.id)).toEqual(['INC-5', 'INC-4']);
  });

  it('carries the page title, the root prefix and when the state last changed', () => {
    const view = toPageView(aState([], { updatedAt: '2026-11-21T13:05:00.000Z' }), 'Contoso status');
    expect(view.pageTitle).toBe('Contoso status');
    expect(view.root).toBe('');
    expect(view.updatedAt).toEqual({ iso: '2026-11-21T13:05:00.000Z', text: '21 Nov 2026, 13:05 UTC' });
  });

  it('does not reorder the stored incidents or their updates', () => {
    const state = deepFreeze(aState([anOpenIncident(1, minutesAfter(T0, -30)), anOpenIncident(2, T0)]));
    const copy = structuredClone(state);
    toPageView(state, 'Contoso status');
    expect(state).toEqual(copy);
  });
});

describe('toIncidentView', () => {
  const opened = '2026-11-21T12:00:00.000Z';
  const identified = '2026-11-21T12:20:00.000Z';
  const resolved = '2026-11-21T13:05:00.000Z';
  const incident: Incident = {
    id: 'INC-7',
    number: 7,
    title: 'Chat is down',
    status: 'resolved',
    impact: 'major',
    createdAt: opened,
    updatedAt: resolved,
    resolvedAt: resolved,
    updates: [
      anUpdate('INC-7', 1, { status: 'investigating', message: 'Looking', createdAt: opened }),
      anUpdate('INC-7', 2, { status: 'identified', message: 'Cause found', createdAt: identified }),
      anUpdate('INC-7', 3, { status: 'resolved', message: 'Fixed', createdAt: resolved }),
    ],
  };

  it('shows the updates newest first', () => {
    const view = toIncidentView(incident);
    expect(view.updates.map((update) => update.message)).toEqual(['Fixed', 'Cause found', 'Looking']);
  });

  it('describes each update with its ID, status in words and time', () => {
    expect(toIncidentView(incident).updates[0]).toEqual({
      id: 'INC-7-3',
      statusLabel: 'Resolved',
      message: 'Fixed',
      at: { iso: resolved, text: '21 Nov 2026, 13:05 UTC' },
    });
  });

  it('links to the incident page and carries its status, in words too', () => {
    const view = toIncidentView(incident);
    expect(view).toMatchObject({
      id: 'INC-7',
      title: 'Chat is down',
      status: 'resolved',
      statusLabel: 'Resolved',
      path: 'incidents/INC-7.html',
      createdAt: { iso: opened, text: '21 Nov 2026, 12:00 UTC' },
      resolvedAt: { iso: resolved, text: '21 Nov 2026, 13:05 UTC' },
    });
  });

  it('has no resolution time while the incident is open', () => {
    expect(toIncidentView(anOpenIncident(1))).not.toHaveProperty('resolvedAt');
  });

  it('leaves the incident it shows as it was', () => {
    const frozen = deepFreeze(structuredClone(incident));
    toIncidentView(frozen);
    expect(frozen.updates.map((update) => update.id)).toEqual(['INC-7-1', 'INC-7-2', 'INC-7-3']);
  });
});

describe('toIncidentPageView', () => {
  it('renders one level below the site root', () => {
    const view = toIncidentPageView(anOpenIncident(3), 'Contoso status');
    expect(view.root).toBe('../');
    expect(view.pageTitle).toBe('Contoso status');
    expect(view.incident.id).toBe('INC-3');
  });
});

describe('incidentPath', () => {
  it('places incident pages under incidents/', () => {
    expect(incidentPath('INC-12')).toBe('incidents/INC-12.html');
  });
});

describe('toTimeView', () => {
  it('keeps the ISO instant for <time datetime> and a UTC text for people', () => {
    expect(toTimeView('2026-11-21T13:05:00.000Z')).toEqual({
      iso: '2026-11-21T13:05:00.000Z',
      text: '21 Nov 2026, 13:05 UTC',
    });
  });
});
