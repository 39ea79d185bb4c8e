import { MemoryDeliveryQueue } from '../../../src/adapters/queue/memoryDeliveryQueue';
import { toDelivery } from '../../../src/adapters/queue/deliveryMessage';
import { startQueueTriggers } from '../../../scripts/queueTriggers';
import type { Registration } from '../../../scripts/functionsCore';
import { aDelivery } from '../../contract/deliveryQueue.contract';
import { eventually } from '../../support/receivers';

describe('toDelivery', () => {
  it('reads a delivery from the parsed message or its text', () => {
    const delivery = aDelivery('INC-1-1.support');
    expect(toDelivery(delivery)).toEqual(delivery);
    expect(toDelivery(JSON.stringify(delivery))).toEqual(delivery);
  });

  it.each([
    ['not json'],
    [null],
    [{ ...aDelivery('a.b'), kind: 'pigeon' }],
    [{ ...aDelivery('a.b'), attempt: 0 }],
  ])('refuses %j', (message) => expect(toDelivery(message)).toBeUndefined());
});

describe('startQueueTriggers (the local host)', () => {
  const registration = (handler: Registration['handler']): Registration => ({
    name: 'deliver',
    bindings: { trigger: { type: 'queueTrigger', direction: 'in', queueName: 'deliveries' } },
    handler,
  });

  it('runs the queue function per message and deletes what it handled', async () => {
    const queue = new MemoryDeliveryQueue();
    const seen: unknown[] = [];
    const stop = startQueueTriggers([registration((message) => void seen.push(message))], queue, 10);
    await queue.enqueue(aDelivery('a.x'));
    await eventually(() => seen.length === 1 && queue.length === 0, 'the message is handled');
    await stop();
    expect(seen).toEqual([aDelivery('a.x')]);
  });

  it('parks a message whose function keeps throwing after five receipts, as the Functions host does', async () => {
    let now = 0;
    const queue = new MemoryDeliveryQueue(() => now);
    const stop = startQueueTriggers(
      [
        registration(() => {
          now += 60_000; // Each failure: the visibility timeout passes.
          throw new Error('crash');
        }),
      ],
      queue,
      5,
    );
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await queue.enqueue(aDelivery('a.x'));
    await eventually(() => queue.poisoned.length === 1, 'the message is poisoned');
    await stop();
    expect(queue.poisoned[0]?.reason).toBe('received 6 times without success');
  });
});
