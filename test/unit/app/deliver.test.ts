import { MemoryDeliveryLedger } from '../../../src/adapters/queue/memoryDeliveryLedger';
import { MemoryDeliveryQueue } from '../../../src/adapters/queue/memoryDeliveryQueue';
import { backoffMs, deliver, type DeliverDeps } from '../../../src/app/deliver';
import type { DeliverySender, SendResult } from '../../../src/core/ports';
import { aDelivery } from '../../contract/deliveryQueue.contract';
import { MemoryAuditLog } from '../../support/fakes/memoryAuditLog';

function depsWith(answer: SendResult | 'throw', endpoints = { monitoring: { url: 'https://h.example/' } }) {
  const sent: string[] = [];
  const send: DeliverySender = (delivery) => {
    sent.push(delivery.id);
    return answer === 'throw' ? Promise.reject(new Error('boom')) : Promise.resolve(answer);
  };
  const deps: DeliverDeps = {
    queue: new MemoryDeliveryQueue(),
    ledger: new MemoryDeliveryLedger(),
    audit: new MemoryAuditLog(),
    send,
    endpoints,
    clock: () => '2026-11-21T12:00:00.000Z',
    random: () => 0.5,
  };
  return { deps, sent, queue: deps.queue as MemoryDeliveryQueue, audit: deps.audit as MemoryAuditLog };
}

describe('backoffMs', () => {
  it('doubles with each try, jittered over the upper half', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, 30_000, () => 1))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000,
    ]);
    expect(backoffMs(1, 30_000, () => 0)).toBe(15_000);
  });
});

describe('deliver', () => {
  it('records a delivery the receiver took, and audits it', async () => {
    const { deps, audit } = depsWith({ ok: true, status: 202 });
    expect(await deliver(deps, aDelivery('INC-1-1.monitoring'))).toMatchObject({
      kind: 'delivered',
      detail: 'HTTP 202',
    });
    expect(await deps.ledger.isDelivered('INC-1-1.monitoring')).toBe(true);
    expect(audit.entries).toMatchObject([{ verb: 'deliver', outcome: 'applied', incidentId: 'INC-1' }]);
  });

  it('sends a delivery handed on twice only once', async () => {
    const { deps, sent } = depsWith({ ok: true, status: 200 });
    await deliver(deps, aDelivery('a.monitoring'));
    expect(await deliver(deps, aDelivery('a.monitoring'))).toMatchObject({ kind: 'duplicate' });
    expect(sent).toEqual(['a.monitoring']);
  });

  it('re-enqueues a failed try with the next attempt number after its backoff', async () => {
    const { deps, queue } = depsWith({ ok: false, retry: true, detail: 'HTTP 503' });
    expect(await deliver(deps, aDelivery('a.monitoring'))).toMatchObject({ kind: 'retrying' });
    expect(await queue.receive(10, 1000)).toEqual([]); // Hidden for its backoff.
    expect(queue.length).toBe(1);
  });

  it('parks a delivery after the last try, and at once when the receiver refuses it (4xx)', async () => {
    const down = depsWith({ ok: false, retry: true, detail: 'HTTP 503' });
    await deliver(down.deps, aDelivery('a.monitoring', { attempt: 6 }));
    expect(down.queue.poisoned).toMatchObject([{ reason: 'HTTP 503' }]);
    const refused = depsWith({ ok: false, retry: false, detail: 'HTTP 410' });
    expect(await deliver(refused.deps, aDelivery('b.monitoring'))).toMatchObject({
      kind: 'poisoned',
      detail: 'HTTP 410; gave up after 1 try',
    });
  });

  it('retries, and names the setting to fix, when a subscriber has no URL', async () => {
    const { deps, sent } = depsWith({ ok: true, status: 200 }, {} as never);
    expect(await deliver(deps, aDelivery('a.monitoring'))).toMatchObject({
      kind: 'retrying',
      detail: expect.stringContaining('no URL: set SUBSCRIBER_MONITORING_URL') as unknown,
    });
    expect(sent).toEqual([]);
  });

  it('treats a sender that throws as a failed try', async () => {
    const { deps } = depsWith('throw');
    expect(await deliver(deps, aDelivery('a.monitoring'))).toMatchObject({ kind: 'retrying' });
  });
});
