import { createHmac } from 'node:crypto';
import type { DeliverySender } from '../../core/ports';

/** Header names, documented in docs/subscribers.md. */
export const SIGNATURE_HEADER = 'x-status-signature';
export const DELIVERY_HEADER = 'x-status-delivery';
export const EVENT_HEADER = 'x-status-event';

/** `sha256=<hex>`: HMAC-SHA256 of the raw body, keyed with the subscriber's secret (as GitHub signs webhooks). */
export function signDelivery(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** A status the receiver may answer differently later: timeouts, throttling, server errors. */
function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Posts a delivery with fetch: JSON body, delivery ID and event headers, and the signature when there is a secret. */
export const httpSender: DeliverySender = async (delivery, endpoint, signal) => {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'teams-status-page',
    [DELIVERY_HEADER]: delivery.id,
    [EVENT_HEADER]: delivery.event,
  };
  if (endpoint.secret) headers[SIGNATURE_HEADER] = signDelivery(delivery.body, endpoint.secret);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers,
      body: delivery.body,
      signal,
      redirect: 'error',
    });
    // Read and drop the body so the connection is freed; what the receiver said is not ours to keep.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    return { ok: false, retry: isRetryable(response.status), detail: `HTTP ${response.status}` };
  } catch {
    const timedOut = signal.aborted;
    // Never the URL: it is a secret for Workflows webhooks (it carries the signature `sig=`).
    return { ok: false, retry: true, detail: timedOut ? 'no answer in time' : 'could not connect' };
  }
};
