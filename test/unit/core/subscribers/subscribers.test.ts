import { toCatalog, type Catalog } from '../../../../src/core/model/catalog';
import type { StatusState } from '../../../../src/core/model/state';
import { planDeliveries, wantsNotice } from '../../../../src/core/subscribers/deliveries';
import { findNotices, type Notice } from '../../../../src/core/subscribers/notices';
import { toCardText, toTeamsMessage } from '../../../../src/core/subscribers/teams';
import { toWebhookBody } from '../../../../src/core/subscribers/webhook';
import { toStatuspageDocuments } from '../../../../src/core/site/statuspageJson';
import {
  aMaintenance,
  anOpenIncident,
  anUpdate,
  aState,
  BOB,
  minutesAfter,
  PAGE_CATALOG,
  settings,
  T0,
} from '../../../support/builders';
import { cardSchemaErrors } from '../../../support/adaptiveCardSchema';
import { statuspageErrors } from '../../../support/schemaValidator';

function catalogWith(subscribers: unknown[]): Catalog {
  const result = toCatalog({ components: PAGE_CATALOG.components, subscribers });
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
}

const SUBSCRIBERS = catalogWith([
  {
    name: 'support',
    kind: 'teams',
    components: ['Chat', 'Email'],
    events: ['incident', 'maintenance', 'component'],
  },
  { name: 'monitoring', kind: 'webhook' },
  { name: 'incident-room', kind: 'teams', events: ['reminder'] },
]);

const before = aState({ incidents: [anOpenIncident(1, { components: ['chat'] })] });
const updated: StatusState = {
  ...before,
  version: before.version + 1,
  updatedAt: minutesAfter(T0, 5),
  incidents: [
    anOpenIncident(1, {
      components: ['chat'],
      status: 'identified',
      nextUpdateAt: minutesAfter(T0, 35),
      updates: [
        anUpdate('INC-1', 1),
        anUpdate('INC-1', 2, {
          status: 'identified',
          createdAt: minutesAfter(T0, 5),
          message: 'Found it <b>*really*</b>',
        }),
      ],
    }),
  ],
  components: { chat: { status: 'partial_outage', updatedAt: minutesAfter(T0, 5) } },
};

function viewOf(notice: Notice, state: StatusState) {
  const site = settings(SUBSCRIBERS);
  return {
    notice,
    state,
    documents: toStatuspageDocuments(state, site),
    settings: site,
    generatedAt: state.updatedAt,
  };
}

describe('subscribers in status.config.json', () => {
  it('reads names, kinds and filters, resolving component names to IDs', () => {
    expect(SUBSCRIBERS.subscribers).toEqual([
      {
        name: 'support',
        kind: 'teams',
        components: ['chat', 'email'],
        events: ['incident', 'maintenance', 'component'],
      },
      { name: 'monitoring', kind: 'webhook', events: ['incident', 'maintenance', 'component'] },
      { name: 'incident-room', kind: 'teams', events: ['reminder'] },
    ]);
  });

  it.each([
    [[{ name: 'x', kind: 'email' }], 'subscribers[0].kind must be one of teams, webhook'],
    [[{ name: 'bad name!', kind: 'webhook' }], 'subscribers[0].name must be letters and digits'],
    [[{ name: 'a', kind: 'teams', components: ['Nope'] }], 'subscribers[0].components[0] names no component'],
    [[{ name: 'a', kind: 'teams', events: ['everything'] }], 'subscribers[0].events[0] must each be one of'],
    [
      [
        { name: 'a-b', kind: 'teams' },
        { name: 'a_b', kind: 'webhook' },
      ],
      'SUBSCRIBER_A_B_URL',
    ],
  ])('refuses %j with a message naming the problem', (subscribers, message) => {
    const result = toCatalog({ components: PAGE_CATALOG.components, subscribers });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});

describe('findNotices', () => {
  it('finds a new incident update and a component that moved', () => {
    expect(findNotices(before, updated).map((notice) => [notice.event, notice.id])).toEqual([
      ['incident', 'INC-1-2@8'],
      ['component', 'component-chat-8'],
    ]);
  });

  it('finds every update of the first save, and nothing when nothing public changed', () => {
    expect(findNotices(undefined, before).map((notice) => notice.id)).toEqual(['INC-1-1@7']);
    expect(findNotices(updated, { ...updated, version: 9, updatedAt: minutesAfter(T0, 6) })).toEqual([]);
  });

  it('reminds once when a promised update falls due without an update', () => {
    const promised = minutesAfter(T0, 35);
    const due = { ...updated, version: 9, updatedAt: minutesAfter(T0, 36) };
    const reminders = findNotices(updated, due);
    expect(reminders).toMatchObject([{ event: 'reminder', incidentId: 'INC-1', promisedAt: promised }]);
    expect(findNotices(due, { ...due, version: 10, updatedAt: minutesAfter(T0, 50) })).toEqual([]);
  });

  it('finds maintenance updates', () => {
    const windowed = aState({ maintenances: [aMaintenance(1)] });
    expect(findNotices(aState(), windowed).map((notice) => notice.event)).toEqual(['maintenance']);
  });
});

describe('filters', () => {
  const [support, monitoring, room] = SUBSCRIBERS.subscribers ?? [];
  const notices = findNotices(before, updated);
  const vpnOnly = { ...notices[0], components: ['vpn'] } as Notice;

  it('sends a change to the subscribers whose events and components match', () => {
    expect(
      notices.map((notice) => [support, monitoring, room].map((s) => s && wantsNotice(s, notice))),
    ).toEqual([
      [true, true, false],
      [true, true, false],
    ]);
    expect(support && wantsNotice(support, vpnOnly)).toBe(false);
  });

  it('builds one delivery per matching subscriber, named by change and subscriber', () => {
    const deliveries = planDeliveries({
      state: updated,
      notices,
      settings: settings(SUBSCRIBERS),
      silenced: [],
      generatedAt: updated.updatedAt,
    });
    expect(deliveries.map((delivery) => delivery.id)).toEqual([
      'INC-1-2@8.support',
      'INC-1-2@8.monitoring',
      'component-chat-8.support',
      'component-chat-8.monitoring',
    ]);
  });

  it('sends nothing about an incident silenced with notify off', () => {
    const deliveries = planDeliveries({
      state: updated,
      notices,
      settings: settings(SUBSCRIBERS),
      silenced: ['INC-1'],
      generatedAt: updated.updatedAt,
    });
    expect(deliveries.map((delivery) => delivery.noticeId)).toEqual(['component-chat-8', 'component-chat-8']);
  });
});

describe('webhook bodies (Statuspage shapes)', () => {
  const [incidentNotice, componentNotice] = findNotices(before, updated);

  it('carries meta, page status and the incident with its incident_updates', () => {
    const body = incidentNotice && toWebhookBody(viewOf(incidentNotice, updated));
    expect(body).toMatchObject({
      meta: { generated_at: updated.updatedAt },
      page: {
        status_indicator: 'major',
        status_description: toStatuspageDocuments(updated, settings(SUBSCRIBERS)).status.status.description,
      },
      incident: { id: 'INC-1', status: 'identified' },
    });
    if (body && 'incident' in body) {
      // The incident is exactly the object Statuspage's incidents.json carries, checked by its schema.
      expect(
        statuspageErrors(
          'incidents',
          {
            page: toStatuspageDocuments(updated, settings(SUBSCRIBERS)).incidents.page,
            incidents: [body.incident],
          },
          settings().pageUrl,
        ),
      ).toEqual([]);
      expect(body.incident.incident_updates[0]?.body).toBe('Found it <b>*really*</b>');
    }
  });

  it('carries component_update and component for a component change', () => {
    expect(componentNotice && toWebhookBody(viewOf(componentNotice, updated))).toMatchObject({
      component_update: { component_id: 'chat', old_status: 'operational', new_status: 'partial_outage' },
      component: { id: 'chat', name: 'Chat', status: 'partial_outage' },
    });
  });
});

describe('Teams Workflows cards', () => {
  const notices = findNotices(before, updated);

  it.each(notices.map((notice) => [notice.event, notice] as const))(
    'a %s card is a valid Adaptive Card 1.4',
    (_event, notice) => {
      const message = toTeamsMessage(viewOf(notice, updated));
      expect(message?.type).toBe('message');
      expect(message?.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardSchemaErrors(message?.attachments[0]?.content)).toEqual([]);
    },
  );

  it('shows title, status, impact, components, the update, next update by, and a link to the incident', () => {
    const card = notices[0] && toTeamsMessage(viewOf(notices[0], updated))?.attachments[0]?.content;
    const text = JSON.stringify(card);
    for (const part of [
      'INC-1: Incident 1',
      'Identified',
      'major',
      'Chat: partial outage',
      'Next update by',
      'https://status.contoso.example/incidents/INC-1.html',
    ])
      expect(text).toContain(part);
  });

  it('shows what a person typed as text, not Markdown', () => {
    expect(toCardText('[click](https://evil.example) *bold* <b>')).toBe(
      '\\[click\\]\\(https://evil.example\\) \\*bold\\* \\<b\\>',
    );
    expect(toCardText('- not a list')).toBe('\\- not a list');
  });

  it('reminds with how overdue the update is and who holds comms', () => {
    const withComms = {
      ...updated,
      incidents: updated.incidents.map((incident) => ({ ...incident, roles: { comms: BOB } })),
    };
    const due = { ...withComms, version: 9, updatedAt: minutesAfter(T0, 47) };
    const [reminder] = findNotices(withComms, due);
    const card = reminder && toTeamsMessage(viewOf(reminder, due))?.attachments[0]?.content;
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('12 minutes overdue (Bob Builder, comms)');
  });
});
