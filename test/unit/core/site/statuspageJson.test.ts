import * as z from 'zod/mini';
import {
  LATEST_COUNT,
  STATUSPAGE_PATHS,
  toPageId,
  toStatuspageDocuments,
  type StatuspageDocumentName,
} from '../../../../src/core/site/statuspageJson';
import {
  SCHEMA_PATHS,
  STATUSPAGE_DOCUMENTS,
  statuspageSchema,
} from '../../../../src/core/site/statuspageSchemas';
import type { StatusState } from '../../../../src/core/model/state';
import {
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  daysBefore,
  minutesAfter,
  minutesBefore,
  PAGE_URL,
  settings,
  settingsWithoutUrl,
  T0,
} from '../../../support/builders';
import { busyState, HOSTILE, HOSTILE_CATALOG, hostileState } from '../../../fixtures/states';
import { statuspageErrors } from '../../../support/schemaValidator';

const NAMES = Object.keys(STATUSPAGE_PATHS) as StatuspageDocumentName[];

/** Every document, as a consumer reads it: through JSON. */
function documentsOf(state: StatusState, site = settings()) {
  return JSON.parse(JSON.stringify(toStatuspageDocuments(state, site))) as ReturnType<
    typeof toStatuspageDocuments
  >;
}

describe('the Statuspage API v2 documents', () => {
  it.each([
    ['an empty page', aState()],
    ['a busy page', busyState()],
    ['hostile text everywhere', hostileState()],
  ])('are valid against their published schemas for %s', (_, state) => {
    for (const site of [settings(), settingsWithoutUrl()]) {
      const documents = documentsOf(state, site);
      for (const name of NAMES) {
        expect([name, statuspageErrors(name, documents[name], site.pageUrl)]).toEqual([name, []]);
      }
    }
  });

  it('are published at the paths Statuspage serves them at, with a schema each', () => {
    expect(Object.values(STATUSPAGE_PATHS).sort()).toEqual([
      'api/v2/components.json',
      'api/v2/incidents.json',
      'api/v2/incidents/unresolved.json',
      'api/v2/scheduled-maintenances.json',
      'api/v2/scheduled-maintenances/active.json',
      'api/v2/scheduled-maintenances/upcoming.json',
      'api/v2/status.json',
      'api/v2/summary.json',
    ]);
    for (const name of NAMES)
      expect(SCHEMA_PATHS[name]).toBe(STATUSPAGE_PATHS[name].replace('api/v2/', 'api/v2/schemas/'));
  });

  it('link from the host root when no page address is configured', () => {
    const documents = documentsOf(aState({ incidents: [anOpenIncident(1)] }), settingsWithoutUrl());
    expect(documents.status.page.url).toBe('/');
    expect(documents.incidents.incidents[0]?.shortlink).toBe('/incidents/INC-1.html');
    expect(documents.status.page.id).toBe(toPageId('Contoso status'));
  });

  it('describe the page', () => {
    expect(documentsOf(aState()).status.page).toEqual({
      id: toPageId(PAGE_URL),
      name: 'Contoso status',
      url: PAGE_URL,
      time_zone: 'Etc/UTC',
      updated_at: T0,
    });
  });

  it('date each document by the latest change to what it shows, so an incident update leaves the others alone', () => {
    const opened = anOpenIncident(1, { createdAt: minutesBefore(T0, 30), updatedAt: minutesBefore(T0, 30) });
    const before = documentsOf(aState({ incidents: [opened], updatedAt: minutesBefore(T0, 30) }));
    const updated = {
      ...opened,
      status: 'identified' as const,
      updatedAt: T0,
      updates: [...opened.updates, anUpdate('INC-1', 2, { createdAt: T0, status: 'identified' })],
    };
    const after = documentsOf(aState({ incidents: [updated], updatedAt: T0 }));
    for (const name of [
      'status',
      'components',
      'scheduledMaintenances',
      'upcomingMaintenances',
      'activeMaintenances',
    ] as const) {
      expect(JSON.stringify(after[name])).toBe(JSON.stringify(before[name]));
    }
    expect(after.status.page.updated_at).toBe(minutesBefore(T0, 30));
    expect(after.unresolvedIncidents.page.updated_at).toBe(T0);
    expect(after.summary.page.updated_at).toBe(T0);
  });

  it('give the page a stable 12-character ID', () => {
    expect(toPageId(PAGE_URL)).toMatch(/^[0-9a-z]{12}$/);
    expect(toPageId(PAGE_URL)).toBe(toPageId(PAGE_URL));
    expect(toPageId('https://other.example/')).not.toBe(toPageId(PAGE_URL));
  });

  describe('status', () => {
    it('is indicator none and the header’s words when nothing is open (the page status, see pageStatus.test.ts)', () => {
      expect(documentsOf(aState({ incidents: [aResolvedIncident(1, T0)] })).status.status).toEqual({
        indicator: 'none',
        description: 'All Systems Operational',
      });
    });

    it('is the worst open impact, in Statuspage’s indicator values', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { impact: 'minor' }), anOpenIncident(2, { impact: 'critical' })],
      });
      expect(documentsOf(state).status.status).toEqual({
        indicator: 'critical',
        description: 'Major Service Outage',
      });
    });
  });

  describe('components', () => {
    it('lists groups as components with group: true and their members, and members with group_id', () => {
      const state = aState({ components: { meetings: { status: 'partial_outage', updatedAt: T0 } } });
      const { components } = documentsOf(state).components;
      expect(components.map((c) => [c.id, c.group, c.group_id, c.position])).toEqual([
        ['group-collaboration', true, null, 1],
        ['chat', false, 'group-collaboration', 1],
        ['meetings', false, 'group-collaboration', 2],
        ['files', false, 'group-collaboration', 3],
        ['group-communication', true, null, 2],
        ['email', false, 'group-communication', 1],
        ['group-network', true, null, 3],
        ['vpn', false, 'group-network', 1],
        ['website', false, null, 4],
      ]);
      expect(components[0]).toMatchObject({
        status: 'partial_outage',
        components: ['chat', 'meetings', 'files'],
      });
      expect(components[2]).toEqual({
        id: 'meetings',
        name: 'Meetings',
        status: 'partial_outage',
        created_at: T0,
        updated_at: T0,
        position: 2,
        description: 'Calls, meetings and live events',
        showcase: true,
        start_date: null,
        group_id: 'group-collaboration',
        page_id: toPageId(PAGE_URL),
        group: false,
        only_show_if_degraded: false,
      });
      expect(components[3]?.description).toBeNull();
    });

    it('date a component from the oldest change the state knows of it', () => {
      const state = aState({
        components: { chat: { status: 'operational', updatedAt: minutesBefore(T0, 10) } },
        componentEvents: [{ componentId: 'chat', status: 'major_outage', at: daysBefore(T0, 9) }],
      });
      const chat = documentsOf(state).components.components.find((c) => c.id === 'chat');
      expect(chat).toMatchObject({ created_at: daysBefore(T0, 9), updated_at: minutesBefore(T0, 10) });
    });
  });

  describe('incidents', () => {
    const incident = anOpenIncident(7, {
      title: 'Chat is down',
      status: 'monitoring',
      impact: 'major',
      components: ['chat', 'nonexistent'],
      createdAt: minutesBefore(T0, 60),
      updatedAt: minutesBefore(T0, 10),
      updates: [
        anUpdate('INC-7', 1, { message: 'Looking', createdAt: minutesBefore(T0, 60) }),
        anUpdate('INC-7', 2, {
          status: 'identified',
          headline: 'Cause found',
          message: 'A bad deploy',
          createdAt: minutesBefore(T0, 40),
          componentChanges: [{ componentId: 'chat', from: 'operational', to: 'major_outage' }],
        }),
        anUpdate('INC-7', 3, {
          status: 'monitoring',
          message: 'Rolled back',
          createdAt: minutesBefore(T0, 20),
          editedAt: minutesBefore(T0, 10),
        }),
      ],
    });

    it('carry Statuspage’s fields, updates newest first', () => {
      const [json] = documentsOf(aState({ incidents: [incident] })).incidents.incidents;
      expect(json).toMatchObject({
        id: 'INC-7',
        name: 'Chat is down',
        status: 'monitoring',
        created_at: minutesBefore(T0, 60),
        updated_at: minutesBefore(T0, 10),
        monitoring_at: minutesBefore(T0, 20),
        resolved_at: null,
        impact: 'major',
        shortlink: 'https://status.contoso.example/incidents/INC-7.html',
        started_at: minutesBefore(T0, 60),
        page_id: toPageId(PAGE_URL),
      });
      expect(json?.components.map((c) => c.id)).toEqual(['chat']);
      expect(json?.incident_updates.map((u) => u.id)).toEqual(['INC-7-3', 'INC-7-2', 'INC-7-1']);
      expect(json?.incident_updates[0]).toEqual({
        id: 'INC-7-3',
        status: 'monitoring',
        body: 'Rolled back',
        incident_id: 'INC-7',
        created_at: minutesBefore(T0, 20),
        updated_at: minutesBefore(T0, 10),
        display_at: minutesBefore(T0, 20),
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      });
      expect(json?.incident_updates[1]).toMatchObject({
        body: 'Cause found\n\nA bad deploy',
        affected_components: [
          { code: 'chat', name: 'Chat', old_status: 'operational', new_status: 'major_outage' },
        ],
      });
    });

    it('have a resolution time once resolved', () => {
      const [json] = documentsOf(aState({ incidents: [aResolvedIncident(1, minutesBefore(T0, 5))] }))
        .incidents.incidents;
      expect(json).toMatchObject({
        status: 'resolved',
        resolved_at: minutesBefore(T0, 5),
        monitoring_at: null,
      });
    });

    it('list the latest 50 in incidents.json, newest first, never leaving out an unresolved one', () => {
      const resolved = Array.from({ length: 60 }, (_, index) =>
        aResolvedIncident(index + 1, daysBefore(T0, index / 10)),
      );
      const oldOpen = anOpenIncident(99, { createdAt: daysBefore(T0, 30) });
      const { incidents } = documentsOf(aState({ incidents: [...resolved, oldOpen] })).incidents;
      expect(incidents).toHaveLength(LATEST_COUNT);
      expect(incidents.map((i) => i.id)).toContain('INC-99');
      expect(incidents.slice(0, 3).map((i) => i.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    });

    it('list only unresolved incidents in incidents/unresolved.json and the summary', () => {
      const state = aState({
        incidents: [anOpenIncident(1), aResolvedIncident(2, T0), anOpenIncident(3, { status: 'monitoring' })],
      });
      const documents = documentsOf(state);
      expect(documents.unresolvedIncidents.incidents.map((i) => i.id).sort()).toEqual(['INC-1', 'INC-3']);
      expect(documents.summary.incidents.map((i) => i.id).sort()).toEqual(['INC-1', 'INC-3']);
    });

    it('never carry the internal timeline, roles or authors', () => {
      const json = JSON.stringify(documentsOf(busyState()));
      expect(json).not.toContain('INTERNAL-NOTE');
      expect(json).not.toContain('Alice');
      expect(json).not.toContain('commander');
    });
  });

  describe('scheduled maintenances', () => {
    const state = aState({
      maintenances: [
        aMaintenance(1, {
          status: 'in_progress',
          scheduledFor: minutesBefore(T0, 30),
          scheduledUntil: minutesAfter(T0, 30),
        }),
        aMaintenance(2, { status: 'scheduled' }),
        aMaintenance(3, {
          status: 'verifying',
          scheduledFor: minutesBefore(T0, 90),
          scheduledUntil: minutesBefore(T0, 10),
        }),
        aMaintenance(4, {
          status: 'completed',
          scheduledFor: daysBefore(T0, 3),
          scheduledUntil: daysBefore(T0, 2.9),
        }),
      ],
    });

    it('split into upcoming (scheduled) and active (in progress, verifying), as Statuspage does', () => {
      const documents = documentsOf(state);
      expect(documents.upcomingMaintenances.scheduled_maintenances.map((m) => m.id)).toEqual(['MNT-2']);
      expect(documents.activeMaintenances.scheduled_maintenances.map((m) => m.id)).toEqual([
        'MNT-3',
        'MNT-1',
      ]);
      expect(documents.scheduledMaintenances.scheduled_maintenances).toHaveLength(4);
      expect(documents.summary.scheduled_maintenances.map((m) => m.id)).toEqual(['MNT-3', 'MNT-1', 'MNT-2']);
    });

    it('carry the window and the impact Statuspage gives maintenances', () => {
      const maintenance = documentsOf(state).upcomingMaintenances.scheduled_maintenances[0];
      expect(maintenance).toMatchObject({
        id: 'MNT-2',
        status: 'scheduled',
        impact: 'maintenance',
        scheduled_for: minutesAfter(T0, 24 * 60),
        scheduled_until: minutesAfter(T0, 26 * 60),
        resolved_at: null,
        components: [{ id: 'email' }],
        incident_updates: [{ id: 'MNT-2-1', status: 'scheduled', incident_id: 'MNT-2' }],
      });
    });
  });

  describe('with hostile text', () => {
    it('carry every piece of user text exactly as typed', () => {
      const documents = JSON.parse(
        JSON.stringify(toStatuspageDocuments(hostileState(), settings(HOSTILE_CATALOG))),
      ) as ReturnType<typeof toStatuspageDocuments>;
      const incident = documents.incidents.incidents.find((i) => i.id === 'INC-1');
      expect(incident?.name).toBe(`Title ${HOSTILE}`);
      expect(incident?.incident_updates.map((u) => u.body)).toEqual([
        `Second ${HOSTILE}`,
        `Headline ${HOSTILE}\n\n${HOSTILE}`,
      ]);
      expect(documents.components.components.map((c) => c.name)).toEqual([
        `Group ${HOSTILE}`,
        `Chat ${HOSTILE}`,
      ]);
      expect(documents.components.components[1]?.description).toBe(`Description ${HOSTILE}`);
      expect(documents.scheduledMaintenances.scheduled_maintenances[0]?.name).toBe(`Maintenance ${HOSTILE}`);
    });
  });
});

describe('statuspageSchema', () => {
  it('is a draft 2020-12 schema with its published address as $id when the page address is known', () => {
    expect(statuspageSchema('summary', PAGE_URL)).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://status.contoso.example/api/v2/schemas/summary.json',
    });
    expect(statuspageSchema('summary')).not.toHaveProperty('$id');
  });

  it('is generated from the schema the documents are typed by: both accept every document we write', () => {
    for (const state of [aState(), busyState(), hostileState()]) {
      const documents = documentsOf(state);
      for (const name of NAMES) {
        expect([name, z.safeParse(STATUSPAGE_DOCUMENTS[name], documents[name]).success]).toEqual([
          name,
          true,
        ]);
        expect([name, statuspageErrors(name, documents[name], PAGE_URL)]).toEqual([name, []]);
      }
    }
  });

  it.each<[string, StatuspageDocumentName, (documents: ReturnType<typeof documentsOf>) => unknown]>([
    [
      'an indicator outside the vocabulary',
      'status',
      (d) => ({ ...d.status, status: { ...d.status.status, indicator: 'degraded' } }),
    ],
    ['a field Statuspage does not have', 'components', (d) => ({ ...d.components, extra: true })],
    ['no page', 'status', (d) => ({ status: d.status.status })],
    [
      'a component at position 0',
      'components',
      (d) => ({ ...d.components, components: [{ ...d.components.components[0], position: 0 }] }),
    ],
    [
      'a time that is not one',
      'status',
      (d) => ({ ...d.status, page: { ...d.status.page, updated_at: 'yesterday' } }),
    ],
    [
      'an incident with the maintenance impact',
      'incidents',
      (d) => ({ ...d.incidents, incidents: [{ ...d.incidents.incidents[0], impact: 'maintenance' }] }),
    ],
    [
      'a maintenance update with an incident status',
      'scheduledMaintenances',
      (d) => {
        const [first] = d.scheduledMaintenances.scheduled_maintenances;
        const updates = first?.incident_updates.map((update) => ({ ...update, status: 'resolved' }));
        return {
          ...d.scheduledMaintenances,
          scheduled_maintenances: [{ ...first, incident_updates: updates }],
        };
      },
    ],
    [
      'a group whose members are not IDs',
      'components',
      (d) => ({ ...d.components, components: [{ ...d.components.components[0], components: [1] }] }),
    ],
  ])('and both refuse a document with %s', (_, name, spoil) => {
    const wrong = spoil(documentsOf(busyState()));
    expect(z.safeParse(STATUSPAGE_DOCUMENTS[name], wrong).success).toBe(false);
    expect(statuspageErrors(name, wrong)).not.toEqual([]);
  });

  it('rejects a document whose values leave Statuspage’s value sets', () => {
    const documents = documentsOf(busyState());
    const wrong = structuredClone(documents.status);
    (wrong.status as { indicator: string }).indicator = 'degraded';
    expect(statuspageErrors('status', wrong)).not.toEqual([]);
    const extra = { ...documents.components, extra: true };
    expect(statuspageErrors('components', extra)).not.toEqual([]);
  });
});
