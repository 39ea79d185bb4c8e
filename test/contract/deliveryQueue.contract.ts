import type { DeliveryQueue } from '../../src/core/ports';
import type { Delivery } from '../../src/core/subscribers/deliveries';

// What every DeliveryQueue promises: the in-memory queue and the Storage queue on Azurite keep the same rules,
// so the worker, the tests and the queue trigger can rely on them. Timing is generous: Azure counts in seconds.

export interface QueueUnderTest {
  queue: DeliveryQueue;
  /** What the poison queue holds, read straight from it. */
  poisoned: () => Promise<{ delivery: Delivery; reason: string }[]>;
  /** The shortest delay the queue honours (Azure: whole seconds). */
  unitMs: number;
  cleanup: () => Promise<void>;
}

export function aDelivery(id: string, fields: Partial<Delivery> = {}): Delivery {
  return {
    id,
    subscriber: 'monitoring',
    kind: 'webhook',
    event: 'incident',
    noticeId: id.split('.')[0] ?? id,
    incidentId: 'INC-1',
    body: JSON.stringify({ text: 'Ünïcödé & "quotes" <b>' }),
    attempt: 1,
    ...fields,
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeDeliveryQueueContract(name: string, make: () => Promise<QueueUnderTest>): void {
  describe(`${name} (DeliveryQueue contract)`, () => {
    let subject: QueueUnderTest;
    beforeEach(async () => {
      subject = await make();
    });
    afterEach(() => subject.cleanup());

    it('hands back a delivery exactly as it was enqueued, counting the receipt', async () => {
      const delivery = aDelivery('INC-1-1.monitoring');
      await subject.queue.enqueue(delivery);
      const [received, ...more] = await subject.queue.receive(10, 30_000);
      expect(more).toEqual([]);
      expect(received?.delivery).toEqual(delivery);
      expect(received?.dequeueCount).toBe(1);
    });

    it('hides a received message until deleted', async () => {
      await subject.queue.enqueue(aDelivery('a.x'));
      const [received] = await subject.queue.receive(10, 30_000);
      expect(await subject.queue.receive(10, 30_000)).toEqual([]);
      if (received) await subject.queue.delete(received);
      expect(await subject.queue.receive(10, 30_000)).toEqual([]);
    });

    it('gives a message back, with its dequeue count raised, when its visibility runs out', async () => {
      await subject.queue.enqueue(aDelivery('a.x'));
      await subject.queue.receive(10, subject.unitMs);
      await wait(subject.unitMs * 1.5);
      const [again] = await subject.queue.receive(10, 30_000);
      expect(again?.dequeueCount).toBe(2);
    });

    it('keeps a delayed delivery hidden until its delay has passed', async () => {
      await subject.queue.enqueue(aDelivery('later.x'), subject.unitMs);
      expect(await subject.queue.receive(10, 30_000)).toEqual([]);
      await wait(subject.unitMs * 1.5);
      expect((await subject.queue.receive(10, 30_000)).map((message) => message.delivery.id)).toEqual([
        'later.x',
      ]);
    });

    it('refuses to delete with a stale receipt, and hides again with a fresh one', async () => {
      await subject.queue.enqueue(aDelivery('a.x'));
      const [received] = await subject.queue.receive(10, 30_000);
      if (!received) throw new Error('nothing received');
      const hidden = await subject.queue.hide(received, 30_000);
      await expect(subject.queue.delete(received)).rejects.toThrow();
      await subject.queue.delete(hidden);
      expect(await subject.queue.receive(10, 30_000)).toEqual([]);
    });

    it('parks a poisoned delivery with its reason, apart from the queue', async () => {
      await subject.queue.poison(aDelivery('bad.x', { attempt: 6 }), 'HTTP 503');
      expect(await subject.queue.receive(10, 30_000)).toEqual([]);
      expect(await subject.poisoned()).toEqual([
        { delivery: aDelivery('bad.x', { attempt: 6 }), reason: 'HTTP 503' },
      ]);
    });
  });
}
