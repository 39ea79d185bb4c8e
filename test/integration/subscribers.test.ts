import { MemoryDeliveryQueue } from '../../src/adapters/queue/memoryDeliveryQueue';
import { startDeliveryWorker, type DeliveryWorker } from '../../src/app/deliveryWorker';
import { toCatalog, type Catalog } from '../../src/core/model/catalog';
import type { Delivery } from '../../src/core/subscribers/deliveries';
import type { DeliveryQueue } from '../../src/core/ports';
import { QueueServiceClient } from '@azure/storage-queue';
import { randomUUID } from 'node:crypto';
import { StorageDeliveryQueue } from '../../src/adapters/queue/storageDeliveryQueue';
import { PAGE_CATALOG } from '../support/builders';
import { cardSchemaErrors } from '../support/adaptiveCardSchema';
import { eventually, startReceiver, type Behaviour, type Receiver } from '../support/receivers';
import { statuspageErrors } from '../support/schemaValidator';
import { createTestApp, type TestApp } from '../support/testApp';
import { fixedClock } from '../support/clock';

// Through the HTTP handler against Azurite, with local receivers: what each subscriber hears, once.

const SECRET = 'monitoring-signing-secret';

function catalogWith(subscribers: unknown[]): Catalog {
  const result = toCatalog({ components: PAGE_CATALOG.components, subscribers });
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
}

interface Harness<Q extends DeliveryQueue = MemoryDeliveryQueue> {
  app: TestApp;
  queue: Q;
  receivers: Record<string, Receiver>;
  worker: DeliveryWorker;
  close: () => Promise<void>;
}

/** One receiver per subscriber (name → behaviour), the app wired to them, and the delivering worker running. */
async function harness<Q extends DeliveryQueue = MemoryDeliveryQueue>(
  subscribers: {
    name: string;
    kind: string;
    components?: string[];
    events?: string[];
    behaviour?: Behaviour;
  }[],
  queue: Q = new MemoryDeliveryQueue() as DeliveryQueue as Q,
  clock?: () => string,
): Promise<Harness<Q>> {
  const receivers: Record<string, Receiver> = {};
  const subscriberSettings: Record<string, string> = {};
  for (const subscriber of subscribers) {
    const receiver = await startReceiver(subscriber.behaviour);
    receivers[subscriber.name] = receiver;
    const key = `SUBSCRIBER_${subscriber.name.toUpperCase().replace(/-/g, '_')}`;
    subscriberSettings[`${key}_URL`] = receiver.url;
    subscriberSettings[`${key}_SECRET`] = SECRET;
  }
  const app = await createTestApp({
    ...(clock ? { clock } : {}),
    settings: { subscriberSettings },
    services: {
      catalog: catalogWith(subscribers.map(({ behaviour: _behaviour, ...rest }) => rest)),
      deliveryQueue: queue,
      delivery: { backoffBaseMs: 40, maxAttempts: 4, sendTimeoutMs: 400 },
      notifyGraceMs: 0,
    },
  });
  const worker = startDeliveryWorker(app.services.deliverDeps, { pollMs: 10, visibilityMs: 5000 });
  return {
    app,
    queue,
    receivers,
    worker,
    close: async () => {
      await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
      await worker.stop();
      await app.close();
    },
  };
}

const deliveryIds = (receiver: Receiver | undefined) =>
  (receiver?.requests ?? [])
    .filter((r) => r.status >= 200 && r.status < 300)
    .map((r) => String(r.headers['x-status-delivery']));

describe('subscribers', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('pushes open, update, close, maintenance and component changes to exactly the subscribers whose filters match', async () => {
    h = await harness([
      { name: 'support', kind: 'teams', components: ['Chat', 'Email'] },
      { name: 'monitoring', kind: 'webhook' },
      { name: 'vpn-team', kind: 'teams', components: ['VPN'] },
      { name: 'incident-room', kind: 'teams', events: ['reminder'] },
    ]);
    const opened = await h.app.send('open major [Chat] Chat unavailable | We are investigating');
    expect(opened.replyText).toContain('It will reach 2 subscribers (support, monitoring).');
    await h.app.send('update INC-1 identified A *bad* [deploy](https://evil.example)');
    await h.app.send('close INC-1 Chat is back');
    await h.app.send(
      'maintenance in 2h for 30m [Email] Mail server upgrade | Email may be briefly unavailable',
    );
    await h.app.send('component VPN degraded_performance');

    const { support, monitoring } = h.receivers;
    await eventually(
      () => deliveryIds(monitoring).length >= 7 && deliveryIds(support).length >= 6,
      'the deliveries arrive',
      3000,
    ).catch((error: unknown) => {
      throw new Error(
        `${String(error)}: ${JSON.stringify({ monitoring: deliveryIds(monitoring), support: deliveryIds(support) })}`,
      );
    });
    await eventually(() => deliveryIds(h?.receivers['vpn-team']).length >= 1, 'vpn-team hears of VPN');

    const noticesOf = (receiver: Receiver | undefined) =>
      deliveryIds(receiver).map((id) => id.replace(/\.[\w-]+$/, ''));
    // Chat goes down with the incident (version 1) and back with its close (version 3); VPN at version 5.
    const all = [
      'INC-1-1@1',
      'component-chat-1',
      'INC-1-2@2',
      'INC-1-3@3',
      'component-chat-3',
      'MNT-1-1@4',
      'component-vpn-5',
    ];
    await new Promise((resolve) => setTimeout(resolve, 200)); // Room for a wrong extra delivery to show.
    expect(noticesOf(monitoring).sort()).toEqual([...all].sort());
    expect(noticesOf(support).sort()).toEqual(all.filter((id) => id !== 'component-vpn-5').sort());
    expect(noticesOf(h.receivers['vpn-team'])).toEqual(['component-vpn-5']);
    expect(h.receivers['incident-room']?.requests).toEqual([]);
    // Every change once: no delivery ID twice.
    for (const receiver of Object.values(h.receivers)) {
      expect(new Set(deliveryIds(receiver)).size).toBe(deliveryIds(receiver).length);
    }

    for (const body of support?.accepted() ?? []) {
      const card = (body as { attachments: { content: unknown }[] }).attachments[0]?.content;
      expect(cardSchemaErrors(card)).toEqual([]);
    }
    expect(JSON.stringify(support?.accepted())).toContain('A \\\\*bad\\\\* \\\\[deploy\\\\]');

    for (const request of monitoring?.requests ?? []) {
      expect(h.receivers.monitoring?.signatureValid(request, SECRET)).toBe(true);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(body.meta).toBeDefined();
      const page = body.page as { status_indicator?: unknown; status_description?: unknown };
      expect([typeof page.status_indicator, typeof page.status_description]).toEqual(['string', 'string']);
      if ('incident' in body && String(request.headers['x-status-event']) === 'incident') {
        expect(
          statuspageErrors(
            'incidents',
            { page: pageOf(body), incidents: [body.incident] },
            'https://status.example.com/',
          ),
        ).toEqual([]);
      } else if ('component' in body) {
        const { component_update: update, component } = body as {
          component_update: { component_id: string; new_status: string };
          component: { id: string; status: string };
        };
        expect(update.component_id).toBe(component.id);
        expect(update.new_status).toBe(component.status);
      }
    }
  });

  it('delivers exactly once to a receiver that fails twice and then succeeds', async () => {
    h = await harness([{ name: 'flaky', kind: 'webhook', behaviour: { kind: 'failFirst', times: 2 } }]);
    await h.app.send('open Chat unavailable | We are investigating');
    await h.app.send('update INC-1 identified Found it');
    await eventually(() => deliveryIds(h?.receivers.flaky).length >= 2, 'both changes arrive');
    await new Promise((resolve) => setTimeout(resolve, 300)); // Room for a wrong second delivery to show.
    expect(deliveryIds(h.receivers.flaky)).toEqual(['INC-1-1@1.flaky', 'INC-1-2@2.flaky']);
    const statuses = h.receivers.flaky?.requests.map((r) => r.status) ?? [];
    expect([...statuses].sort()).toEqual([200, 200, 500, 500, 500, 500]);
    expect(h.queue.poisoned).toEqual([]);
  });

  it('parks a delivery to a receiver that stays down in the poison queue, with an audit entry', async () => {
    h = await harness([{ name: 'gone', kind: 'webhook', behaviour: { kind: 'down' } }]);
    await h.app.send('open Chat unavailable | We are investigating');
    await eventually(() => (h?.queue.poisoned.length ?? 0) === 1, 'the delivery is poisoned');
    expect(h.receivers.gone?.requests).toHaveLength(4);
    expect(h.queue.poisoned[0]).toMatchObject({
      delivery: { id: 'INC-1-1@1.gone', attempt: 4 },
      reason: 'HTTP 503',
    });
    const delivering = async () => (await h!.app.auditEntries()).filter((entry) => entry.verb === 'deliver');
    // The audit line follows the poison queue's write.
    await eventually(async () => (await delivering()).length === 4, 'the outcome is audited');
    const audit = await delivering();
    expect(audit.map((entry) => entry.detail)).toEqual([
      expect.stringMatching(/^retrying to gone \(try 1\): HTTP 503/),
      expect.stringMatching(/^retrying to gone \(try 2\)/),
      expect.stringMatching(/^retrying to gone \(try 3\)/),
      expect.stringMatching(/^poisoned to gone \(try 4\): HTTP 503; gave up after 4 tries/),
    ]);
  });

  it('lets no hanging or slow receiver hold up the others', async () => {
    h = await harness([
      { name: 'hangs', kind: 'webhook', behaviour: { kind: 'hang' } },
      { name: 'slow', kind: 'webhook', behaviour: { kind: 'slow', ms: 150 } },
      { name: 'quick', kind: 'teams' },
    ]);
    await h.app.send('open Chat unavailable | We are investigating');
    // The quick one is served while the hanging request is still open.
    await eventually(() => deliveryIds(h?.receivers.quick).length === 1, 'the quick receiver is served');
    expect(h.receivers.hangs?.requests.length).toBeGreaterThanOrEqual(1);
    await eventually(() => deliveryIds(h?.receivers.slow).length === 1, 'the slow receiver is served');
    await eventually(() => (h?.queue.poisoned.length ?? 0) === 1, 'the hanging delivery gives up');
    expect(h.queue.poisoned[0]?.reason).toBe('no answer in time');
  });

  // Issue 13: commands that queue together are saved in one write; each still hands on, and tells of, its own.
  it('hands on each change of commands saved together, and tells only the public ones of their reach', async () => {
    h = await harness([{ name: 'monitoring', kind: 'webhook' }]);
    await h.app.send('open Chat unavailable | We are investigating');
    let release: () => void = () => undefined;
    // Holds this instance's transactions so the next three queue together, as under a burst.
    void h.app.services.commandDeps.transactions.run(
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    const replies = Promise.all([
      h.app.send('update INC-1 Found it'),
      h.app.send('note INC-1 Paged the database team'),
      h.app.send('update INC-1 Fix is rolling out'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    const [found, noted, rolling] = await replies;
    expect(found?.replyText).toContain('It will reach 1 subscriber (monitoring).');
    expect(rolling?.replyText).toContain('It will reach 1 subscriber (monitoring).');
    expect(noted?.replyText).not.toContain('subscriber');
    const state = JSON.parse((await h.app.readStateText()) ?? '{}') as { version: number };
    expect(state.version).toBe(4);
    await eventually(() => deliveryIds(h?.receivers.monitoring).length === 3, 'every update arrives');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each once; deliveries run side by side, so they may arrive in any order (each carries its version).
    expect([...deliveryIds(h.receivers.monitoring)].sort()).toEqual([
      'INC-1-1@1.monitoring',
      'INC-1-2@2.monitoring',
      'INC-1-3@4.monitoring',
    ]);
  });

  it('loses nothing when the host stops between the save and the enqueue: the timer hands the change on once', async () => {
    const queue = new (class extends MemoryDeliveryQueue {
      down = true;
      override enqueue(delivery: Delivery, delayMs?: number) {
        return this.down ? Promise.reject(new Error('host stopped')) : super.enqueue(delivery, delayMs);
      }
    })();
    h = await harness<MemoryDeliveryQueue>([{ name: 'monitoring', kind: 'webhook' }], queue);
    const reply = await h.app.send('open Chat unavailable | We are investigating');
    expect(reply.replyText).toContain('Opened INC-1');
    expect(reply.replyText).toContain('It will reach 1 subscriber (monitoring).');
    queue.down = false;
    await h.app.services.tick();
    await eventually(() => deliveryIds(h?.receivers.monitoring).length === 1, 'the change arrives');
    await h.app.services.tick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveryIds(h.receivers.monitoring)).toEqual(['INC-1-1@1.monitoring']);
    const state = JSON.parse((await h.app.readStateText()) ?? '{}') as { outbox?: { pending: unknown[] } };
    expect(state.outbox?.pending).toEqual([]);
  });

  it('silences one incident with notify off, and lists subscribers with their last delivery, never a URL', async () => {
    h = await harness([{ name: 'monitoring', kind: 'webhook' }]);
    await h.app.send('open Chat unavailable | We are investigating');
    await eventually(() => deliveryIds(h?.receivers.monitoring).length === 1, 'the opening arrives');
    const off = await h.app.send('notify off INC-1');
    expect(off.replyText).toContain('INC-1: pushes to subscribers silenced');
    const update = await h.app.send('update INC-1 identified Found it');
    expect(update.replyText).toContain('No subscriber is notified of this change.');
    await h.app.send('open VPN down | Investigating');
    await eventually(() => deliveryIds(h?.receivers.monitoring).length === 2, 'the second incident arrives');
    expect(deliveryIds(h.receivers.monitoring)).toEqual(['INC-1-1@1.monitoring', 'INC-2-1@4.monitoring']);
    const listed = await h.app.send('subscribers');
    expect(listed.replyText).toMatch(
      /- monitoring \(webhook\): incident, maintenance, component; all components; last delivery delivered .* \(HTTP 202\)/,
    );
    expect(listed.replyText).not.toContain('127.0.0.1');
  });

  it('reminds the reminder subscribers once when a promised update falls due, naming the comms role holder', async () => {
    const clock = fixedClock('2026-11-21T12:00:00.000Z');
    h = await harness<MemoryDeliveryQueue>(
      [
        { name: 'incident-room', kind: 'teams', events: ['reminder'] },
        { name: 'monitoring', kind: 'webhook' },
      ],
      undefined,
      clock,
    );
    await h.app.send('open Chat unavailable | We are investigating');
    await h.app.send('role INC-1 comms @Grace Hopper', { mentions: ['Grace Hopper'] });
    await h.app.send('next INC-1 30m');
    clock.advance({ minutes: 32 });
    await h.app.services.tick();
    clock.advance({ minutes: 1 });
    await h.app.services.tick();
    await eventually(() => deliveryIds(h?.receivers['incident-room']).length === 1, 'the reminder arrives');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveryIds(h.receivers['incident-room'])).toEqual([
      'reminder-INC-1-2026-11-21T12:30:00.000Z.incident-room',
    ]);
    const card = JSON.stringify(h.receivers['incident-room']?.accepted());
    expect(card).toContain('INC-1: Chat unavailable');
    expect(card).toContain('is 2 minutes overdue (Grace Hopper, comms)');
    expect(
      cardSchemaErrors(
        (h.receivers['incident-room']?.accepted()[0] as { attachments: { content: unknown }[] })
          .attachments[0]?.content,
      ),
    ).toEqual([]);
    // Reminders are internal: the webhook heard only the incident.
    expect(deliveryIds(h.receivers.monitoring)).toEqual(['INC-1-1@1.monitoring']);
  });

  it("pushes an update posted after undo, though it takes the undone update's ID", async () => {
    h = await harness([{ name: 'monitoring', kind: 'webhook' }]);
    await h.app.send('open Chat unavailable | We are investigating');
    await h.app.send('update INC-1 identified A wrong guess');
    await h.app.send('undo');
    await h.app.send('update INC-1 identified The real cause');
    await eventually(() => deliveryIds(h?.receivers.monitoring).length === 3, 'every update arrives');
    expect(deliveryIds(h.receivers.monitoring).sort()).toEqual([
      'INC-1-1@1.monitoring',
      'INC-1-2@2.monitoring',
      'INC-1-2@4.monitoring',
    ]);
  });

  describe("through Azurite's Queue service", () => {
    let azure: Harness<StorageDeliveryQueue> | undefined;
    let poisonPeek: () => Promise<string[]> = () => Promise.resolve([]);
    afterEach(async () => {
      await azure?.close();
      azure = undefined;
    });

    async function azureHarness(behaviour: Behaviour) {
      const service = QueueServiceClient.fromConnectionString(process.env.TEST_QUEUE_CONNECTION_STRING ?? '');
      const suffix = randomUUID().slice(0, 8);
      const poison = service.getQueueClient(`deliveries-${suffix}-poison`);
      const main = service.getQueueClient(`deliveries-${suffix}`);
      const queue = new StorageDeliveryQueue(() => ({ queue: main, poisonQueue: poison }));
      await queue.ensureExists();
      poisonPeek = async () =>
        (await poison.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map(
          (item) => item.messageText,
        );
      return harness([{ name: 'flaky', kind: 'webhook', behaviour }], queue);
    }

    it('delivers exactly once to a receiver that fails twice and then succeeds', async () => {
      azure = await azureHarness({ kind: 'failFirst', times: 2 });
      await azure.app.send('open Chat unavailable | We are investigating');
      await eventually(() => deliveryIds(azure?.receivers.flaky).length === 1, 'the change arrives', 20_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(deliveryIds(azure.receivers.flaky)).toEqual(['INC-1-1@1.flaky']);
      expect(azure.receivers.flaky?.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    });

    it('parks a delivery to a receiver that stays down in the poison queue', async () => {
      azure = await azureHarness({ kind: 'down' });
      await azure.app.send('open Chat unavailable | We are investigating');
      await eventually(async () => (await poisonPeek()).length === 1, 'the delivery is poisoned', 25_000);
      expect(JSON.parse((await poisonPeek())[0] ?? '{}')).toMatchObject({
        id: 'INC-1-1@1.flaky',
        attempt: 4,
        poisonReason: 'HTTP 503',
      });
    });
  });
});

function pageOf(body: Record<string, unknown>) {
  const page = body.page as { id: string };
  return {
    id: page.id,
    name: 'Contoso status',
    url: 'https://status.example.com/',
    time_zone: 'Etc/UTC',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}
