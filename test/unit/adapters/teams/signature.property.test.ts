import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { signBody, verifySignature } from '../../../../src/adapters/teams/signature';

// Issue 6, security 5: properties of the webhook signature check over generated bodies, secrets and headers.
// Accepts exactly `HMAC <base64 HMAC-SHA256 of the body>` under the right secret; refuses every alteration of
// the body, the secret or the header; never throws, whatever the header holds.

const body = fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes));
const secret = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((bytes) => Buffer.from(bytes));

describe('verifySignature (properties)', () => {
  it('agrees with WebCrypto HMAC-SHA256, an independent implementation', async () => {
    await fc.assert(
      fc.asyncProperty(body, secret, async (payload, key) => {
        const cryptoKey = await webcrypto.subtle.importKey(
          'raw',
          key,
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['sign'],
        );
        const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', cryptoKey, payload)).toString('base64');
        expect(signBody(payload, key)).toBe(mac);
        expect(verifySignature(payload, `HMAC ${mac}`, key)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses the body with any one bit flipped', () => {
    fc.assert(
      fc.property(
        body.filter((payload) => payload.length > 0),
        secret,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (payload, key, position, bit) => {
          const header = `HMAC ${signBody(payload, key)}`;
          const tampered = Buffer.from(payload);
          const at = position % tampered.length;
          tampered.writeUInt8(tampered.readUInt8(at) ^ (1 << bit), at);
          expect(verifySignature(tampered, header, key)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a body with bytes added or removed at either end', () => {
    fc.assert(
      fc.property(
        body,
        secret,
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (payload, key, extra, atEnd) => {
          const header = `HMAC ${signBody(payload, key)}`;
          const longer = atEnd ? Buffer.concat([payload, extra]) : Buffer.concat([extra, payload]);
          expect(verifySignature(longer, header, key)).toBe(false);
          if (payload.length > 0) expect(verifySignature(payload.subarray(1), header, key)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a signature made with any other secret', () => {
    fc.assert(
      fc.property(body, secret, secret, (payload, key, other) => {
        fc.pre(!key.equals(other));
        expect(verifySignature(payload, `HMAC ${signBody(payload, other)}`, key)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every header but the exact one, and never throws', () => {
    const alterations: readonly ((mac: string) => string)[] = [
      (mac) => `hmac ${mac}`,
      (mac) => `HMAC  ${mac}`,
      (mac) => ` HMAC ${mac}`,
      (mac) => `HMAC ${mac} `,
      (mac) => `HMAC ${mac}\n`,
      (mac) => `HMAC\t${mac}`,
      (mac) => `HMAC ${mac}, HMAC ${mac}`,
      (mac) => `HMAC ${mac},HMAC ${mac}`,
      (mac) => `Bearer ${mac}`,
      (mac) => mac,
      (mac) => `HMAC ${mac.replace(/=$/, '')}`,
      (mac) => `HMAC ${mac.replace(/\+/g, '-').replace(/\//g, '_')}`,
      (mac) => `HMAC ${mac.slice(1)}A`,
    ];
    fc.assert(
      fc.property(
        body,
        secret,
        fc.integer({ min: 0, max: alterations.length - 1 }),
        (payload, key, which) => {
          const mac = signBody(payload, key);
          const header = alterations[which]!(mac);
          fc.pre(header !== `HMAC ${mac}`);
          expect(verifySignature(payload, header, key)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(body, secret, fc.string({ unit: 'binary', maxLength: 200 }), (payload, key, header) => {
        fc.pre(header !== `HMAC ${signBody(payload, key)}`);
        expect(verifySignature(payload, header, key)).toBe(false);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        body,
        secret,
        fc.constantFrom<string | null | undefined>(null, undefined, ''),
        (payload, key, header) => {
          expect(verifySignature(payload, header, key)).toBe(false);
        },
      ),
    );
  });

  it('refuses a well-formed header for a different body (a signature is not transferable)', () => {
    fc.assert(
      fc.property(body, body, secret, (payload, other, key) => {
        fc.pre(!payload.equals(other));
        expect(verifySignature(payload, `HMAC ${signBody(other, key)}`, key)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
