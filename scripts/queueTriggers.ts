import { setTimeout as sleep } from 'node:timers/promises';
import { InvocationContext } from '@azure/functions';
import type { DeliveryQueue } from '../src/core/ports';
import type { Registration } from './functionsCore';

/** As host.json sets them for the Functions host (extensions.queues). */
const MAX_DEQUEUE_COUNT = 5;
const VISIBILITY_MS = 30_000;
const BATCH_SIZE = 16;

/**
 * Runs the queue-triggered functions the way the Functions host does: receive a batch, invoke the function per
 * message with its dequeue count, delete on success, leave it to reappear on failure, and park it in the
 * poison queue after MAX_DEQUEUE_COUNT receipts. Messages run side by side, so one slow delivery holds up none.
 */
export function startQueueTriggers(
  registrations: Registration[],
  queue: DeliveryQueue,
  pollMs = 500,
): () => Promise<void> {
  const functions = registrations.filter((registration) =>
    Object.values(registration.bindings).some(
      (binding) => binding.type === 'queueTrigger' && binding.direction === 'in',
    ),
  );
  const inFlight = new Set<Promise<void>>();
  let running = functions.length > 0;
  const loop = async () => {
    while (running) {
      const room = BATCH_SIZE - inFlight.size;
      const messages = room > 0 ? await queue.receive(room, VISIBILITY_MS).catch(() => []) : [];
      for (const message of messages) {
        const task = (async () => {
          if (message.dequeueCount > MAX_DEQUEUE_COUNT) {
            await queue.poison(message.delivery, `received ${message.dequeueCount} times without success`);
            await queue.delete(message);
            return;
          }
          for (const registration of functions) {
            const context = new InvocationContext({
              functionName: registration.name,
              invocationId: message.messageId,
              triggerMetadata: { dequeueCount: message.dequeueCount, id: message.messageId },
            });
            await registration.handler(message.delivery, context);
          }
          await queue.delete(message);
        })()
          .catch((error: unknown) => console.error(error instanceof Error ? error.message : error))
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (messages.length === 0 || inFlight.size >= BATCH_SIZE)
        await Promise.race([sleep(pollMs), ...inFlight]);
    }
  };
  const done = loop();
  return async () => {
    running = false;
    await done;
    await Promise.all(inFlight);
  };
}
