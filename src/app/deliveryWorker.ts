import { setTimeout as sleep } from 'node:timers/promises';
import { deliver, type DeliverDeps } from './deliver';

export interface DeliveryWorkerOptions {
  /** How long to wait when the queue is empty. */
  pollMs?: number;
  /** How long a received message stays hidden: longer than a try can take. */
  visibilityMs?: number;
  /** After this many receipts without success a message is poisoned, like the trigger's maxDequeueCount. */
  maxDequeueCount?: number;
  /** Deliveries in flight at once; each has its own timeout, so a hanging receiver holds up one slot. */
  concurrency?: number;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

/**
 * The queue trigger's job where there is no Functions host (the local host, tests): receive, deliver, delete.
 * A delivery that throws (queue or ledger down) is left to reappear after its visibility timeout, as in Azure.
 */
export function startDeliveryWorker(deps: DeliverDeps, options: DeliveryWorkerOptions = {}): DeliveryWorker {
  const pollMs = options.pollMs ?? 1000;
  const visibilityMs = options.visibilityMs ?? 60_000;
  const maxDequeueCount = options.maxDequeueCount ?? 5;
  const concurrency = options.concurrency ?? 16;
  const inFlight = new Set<Promise<void>>();
  let running = true;

  const loop = async () => {
    while (running) {
      const room = concurrency - inFlight.size;
      const messages = room > 0 ? await deps.queue.receive(room, visibilityMs).catch(() => []) : [];
      for (const message of messages) {
        const task = (async () => {
          if (message.dequeueCount > maxDequeueCount) {
            await deps.queue.poison(
              message.delivery,
              `received ${message.dequeueCount} times without an answer`,
            );
          } else {
            await deliver(deps, message.delivery);
          }
          await deps.queue.delete(message);
        })()
          .catch(() => undefined)
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      if (messages.length === 0 || inFlight.size >= concurrency) {
        await Promise.race([sleep(pollMs), ...inFlight]);
      }
    }
  };
  const done = loop();
  return {
    stop: async () => {
      running = false;
      await done;
      await Promise.all(inFlight);
    },
  };
}
