import { SUBSCRIBER_EVENTS, SUBSCRIBER_KIND_NAMES } from '../../core/subscribers/events';
import type { Delivery } from '../../core/subscribers/deliveries';

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * A queue message read back as a delivery, or undefined when it is not one (a hand-made or truncated message).
 * The trigger hands the message already parsed when it is JSON, or as text; both are accepted.
 */
export function toDelivery(message: unknown): Delivery | undefined {
  let value = message;
  if (isString(value)) {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const { id, subscriber, kind, event, noticeId, incidentId, body, attempt } = fields;
  if (!isString(id) || !isString(subscriber) || !isString(noticeId) || !isString(body)) return undefined;
  const knownKind = SUBSCRIBER_KIND_NAMES.find((name) => name === kind);
  const knownEvent = SUBSCRIBER_EVENTS.find((name) => name === event);
  if (!knownKind || !knownEvent) return undefined;
  if (typeof attempt !== 'number' || !Number.isSafeInteger(attempt) || attempt < 1) return undefined;
  if (incidentId !== undefined && !isString(incidentId)) return undefined;
  return {
    id,
    subscriber,
    kind: knownKind,
    event: knownEvent,
    noticeId,
    ...(incidentId ? { incidentId } : {}),
    body,
    attempt,
  };
}
