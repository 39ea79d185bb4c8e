import type {
  AuditLog,
  DeliveryLedger,
  DeliveryOutcome,
  DeliveryQueue,
  DeliverySender,
  SubscriberEndpoint,
} from '../core/ports';
import type { Delivery } from '../core/subscribers/deliveries';
import { subscriberSettingName } from '../core/model/catalog';
import { describeError } from './describeError';

/** Tries per delivery before it goes to the poison queue. */
export const MAX_ATTEMPTS = 6;
/** A receiver gets this long per try; one that hangs holds up only its own delivery. */
export const SEND_TIMEOUT_MS = 10_000;

export interface DeliverDeps {
  queue: DeliveryQueue;
  ledger: DeliveryLedger;
  audit: AuditLog;
  send: DeliverySender;
  /** Subscriber name → URL and secret, from SUBSCRIBER_<NAME>_URL / _SECRET. */
  endpoints: Readonly<Record<string, SubscriberEndpoint>>;
  clock: () => string;
  random: () => number;
  maxAttempts?: number;
  sendTimeoutMs?: number;
  /** The first retry's delay; each next one doubles (default 30 s: 30 s, 1, 2, 4, 8 min). */
  backoffBaseMs?: number;
}

/**
 * How long before try `attempt + 1`: exponential, with jitter so a receiver that comes back is not hit by every
 * delivery at once. Retries are our own re-enqueue with a visibility delay, not the queue trigger's redelivery:
 * the trigger retries after one fixed visibilityTimeout (host.json), with no backoff
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages).
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  const ceiling = baseMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Delivers one message; returns what became of it. Throws only when the queue or ledger failed (then the trigger retries). */
export async function deliver(deps: DeliverDeps, delivery: Delivery): Promise<DeliveryOutcome> {
  const outcome = (kind: DeliveryOutcome['kind'], detail: string): DeliveryOutcome => ({
    deliveryId: delivery.id,
    subscriber: delivery.subscriber,
    kind,
    at: deps.clock(),
    attempt: delivery.attempt,
    detail,
  });
  const finish = async (result: DeliveryOutcome) => {
    await deps.ledger.record(result);
    await deps.audit
      .append({
        at: result.at,
        actor: { name: 'Status page' },
        text: `deliver ${delivery.id}`,
        verb: 'deliver',
        outcome:
          result.kind === 'delivered' ? 'applied' : result.kind === 'duplicate' ? 'duplicate' : 'failed',
        ...(delivery.incidentId ? { incidentId: delivery.incidentId } : {}),
        detail: `${result.kind} to ${delivery.subscriber} (try ${delivery.attempt}): ${result.detail}`,
      })
      .catch(() => undefined); // The audit log must not make a delivery happen twice.
    return result;
  };

  // Handed on twice (the timer's catch-up after a cut-off command): sent once.
  if (await deps.ledger.isDelivered(delivery.id)) return finish(outcome('duplicate', 'already delivered'));

  const endpoint = deps.endpoints[delivery.subscriber];
  let result: Awaited<ReturnType<DeliverySender>>;
  if (!endpoint) {
    result = {
      ok: false,
      retry: true,
      detail: `no URL: set SUBSCRIBER_${subscriberSettingName(delivery.subscriber)}_URL`,
    };
  } else {
    try {
      result = await deps.send(
        delivery,
        endpoint,
        AbortSignal.timeout(deps.sendTimeoutMs ?? SEND_TIMEOUT_MS),
      );
    } catch (error) {
      result = { ok: false, retry: true, detail: describeError(error) };
    }
  }
  if (result.ok) return finish(outcome('delivered', `HTTP ${result.status}`));

  const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
  if (!result.retry || delivery.attempt >= maxAttempts) {
    await deps.queue.poison(delivery, result.detail);
    return finish(
      outcome(
        'poisoned',
        `${result.detail}; gave up after ${delivery.attempt} tr${delivery.attempt === 1 ? 'y' : 'ies'}`,
      ),
    );
  }
  const delay = backoffMs(delivery.attempt, deps.backoffBaseMs ?? 30_000, deps.random);
  await deps.queue.enqueue({ ...delivery, attempt: delivery.attempt + 1 }, delay);
  return finish(outcome('retrying', `${result.detail}; next try in ${Math.round(delay / 1000)} s`));
}
