import { createHmac, timingSafeEqual } from 'node:crypto';

/** The value Teams puts after `HMAC ` in the Authorization header: HMAC-SHA256 of the raw body, base64. */
export function signBody(body: Buffer, secret: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

const HEADER = /^HMAC ([A-Za-z0-9+/]{43}=)$/;

/**
 * Checks a Teams outgoing-webhook signature in constant time. Anything but exactly one well-formed
 * `HMAC <base64 of 32 bytes>` value (missing, other scheme, duplicated header joined with a comma) fails.
 */
export function verifySignature(
  body: Buffer,
  authorization: string | null | undefined,
  secret: Buffer,
): boolean {
  const match = HEADER.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1], 'base64');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
