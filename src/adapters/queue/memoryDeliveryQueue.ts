import { randomUUID } from 'node:crypto';
import type { DeliveryQueue, QueuedDelivery } from '../../core/ports';
import type { Delivery } from '../../core/subscribers/deliveries';

interface Stored {
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
  visibleAt: number;
  /** Stored as text, as a Storage queue stores it: what is received is a copy, never the object enqueued. */
  text: string;
}

/**
 * A Storage queue in memory, with the same visibility rules: a received message is hidden for the visibility
 * timeout and comes back with its dequeue count raised unless deleted with its current receipt. One process only.
 */
export class MemoryDeliveryQueue implements DeliveryQueue {
  private readonly messages: Stored[] = [];
  /** What was parked in the poison queue, oldest first. */
  readonly poisoned: { delivery: Delivery; reason: string }[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  enqueue(delivery: Delivery, delayMs = 0): Promise<void> {
    this.messages.push({
      messageId: randomUUID(),
      popReceipt: randomUUID(),
      dequeueCount: 0,
      visibleAt: this.now() + delayMs,
      text: JSON.stringify(delivery),
    });
    return Promise.resolve();
  }

  receive(max: number, visibilityMs: number): Promise<QueuedDelivery[]> {
    const now = this.now();
    const received: QueuedDelivery[] = [];
    for (const message of this.messages) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      message.visibleAt = now + visibilityMs;
      message.dequeueCount += 1;
      message.popReceipt = randomUUID();
      received.push(this.toQueued(message));
    }
    return Promise.resolve(received);
  }

  delete(queued: QueuedDelivery): Promise<void> {
    const index = this.messages.findIndex(
      (message) => message.messageId === queued.messageId && message.popReceipt === queued.popReceipt,
    );
    if (index < 0) return Promise.reject(new Error('The message is gone or its receipt is stale.'));
    this.messages.splice(index, 1);
    return Promise.resolve();
  }

  hide(queued: QueuedDelivery, ms: number): Promise<QueuedDelivery> {
    const message = this.messages.find(
      (candidate) => candidate.messageId === queued.messageId && candidate.popReceipt === queued.popReceipt,
    );
    if (!message) return Promise.reject(new Error('The message is gone or its receipt is stale.'));
    message.visibleAt = this.now() + ms;
    message.popReceipt = randomUUID();
    return Promise.resolve(this.toQueued(message));
  }

  poison(delivery: Delivery, reason: string): Promise<void> {
    this.poisoned.push({ delivery, reason });
    return Promise.resolve();
  }

  /** Messages still in the queue, visible or not. */
  get length(): number {
    return this.messages.length;
  }

  private toQueued(message: Stored): QueuedDelivery {
    return {
      messageId: message.messageId,
      popReceipt: message.popReceipt,
      dequeueCount: message.dequeueCount,
      delivery: JSON.parse(message.text) as Delivery,
    };
  }
}

let processQueue: MemoryDeliveryQueue | undefined;

/**
 * The one in-memory queue of this process: the app enqueues to it and the local host's queue trigger reads it.
 * Used while the Storage queue adapter's package is not installed; a stopped process loses it (the outbox and
 * the timer then hand the changes on again).
 */
export function processDeliveryQueue(): MemoryDeliveryQueue {
  processQueue ??= new MemoryDeliveryQueue();
  return processQueue;
}
