import { createHmac } from 'node:crypto';
import { signBody, verifySignature } from '../../../../src/adapters/teams/signature';

// Known-answer vectors, computed once outside the code under test and written down here.
// RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?",
// HMAC-SHA256 = 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843.
const RFC4231_KEY = Buffer.from('SmVmZQ==', 'base64');
const RFC4231_DATA = Buffer.from('what do ya want for nothing?', 'utf8');
const RFC4231_MAC = 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=';

// A security token as Teams shows it (base64), and bodies signed with it (`node -e` with node:crypto).
const SECRET = Buffer.from('dGVhbXMtc3RhdHVzLXBhZ2UtdGVzdC1zZWNyZXQ=', 'base64');
const VECTORS: [string, string, string][] = [
  [
    'a JSON activity',
    '{"type":"message","text":"<at>Status</at> list"}',
    'lqIAGtWsTdTVU1nXFRAv/Ww7euOPn1QoUhpGHIN/uTs=',
  ],
  [
    'a body with emoji, non-ASCII text and an escaped CRLF',
    '{"type":"message","text":"<at>Status</at>&nbsp;open Café ☕ down 🔥\\r\\nsecond line"}',
    'k60A1044bKHiKStn6nXVXYCRXGegOR6yiAleIAogD2A=',
  ],
  [
    'a body with raw CRLF bytes',
    'open Chat is down\r\nsecond line\r\n',
    '/dd+dvFbkV/lONqwR33vICgK2ICBKQ9xByVzPdPsZgg=',
  ],
];

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const independentMac = (body: Buffer, secret: Buffer) =>
  createHmac('sha256', secret).update(body).digest('base64');

const BODY = utf8('{"type":"message","text":"<at>Status</at> list"}');
const GOOD = 'lqIAGtWsTdTVU1nXFRAv/Ww7euOPn1QoUhpGHIN/uTs=';

describe('signBody', () => {
  it('computes HMAC-SHA256 in base64 (RFC 4231 test case 2)', () => {
    expect(signBody(RFC4231_DATA, RFC4231_KEY)).toBe(RFC4231_MAC);
    expect(Buffer.from(RFC4231_MAC, 'base64').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it.each(VECTORS)('signs %s as Teams does', (_label, body, mac) => {
    expect(signBody(utf8(body), SECRET)).toBe(mac);
  });

  it('signs the raw bytes: CRLF and LF give different signatures', () => {
    expect(signBody(utf8('a\r\nb'), SECRET)).not.toBe(signBody(utf8('a\nb'), SECRET));
  });

  it('agrees with node:crypto on an empty body and a large one', () => {
    const large = Buffer.alloc(64 * 1024, 'é');
    expect(signBody(Buffer.alloc(0), SECRET)).toBe(independentMac(Buffer.alloc(0), SECRET));
    expect(signBody(large, SECRET)).toBe(independentMac(large, SECRET));
  });
});

describe('verifySignature', () => {
  it('accepts the RFC 4231 vector', () => {
    expect(verifySignature(RFC4231_DATA, `HMAC ${RFC4231_MAC}`, RFC4231_KEY)).toBe(true);
  });

  it.each(VECTORS)('accepts %s with its known signature', (_label, body, mac) => {
    expect(verifySignature(utf8(body), `HMAC ${mac}`, SECRET)).toBe(true);
  });

  it.each([
    ['emoji', '{"text":"<at>Status</at> open 🔥🚒 everything is on fire 👩‍🚒"}'],
    ['CRLF', '{"text":"<at>Status</at> open Title\r\nline two\r\n"}'],
    ['non-ASCII', '{"text":"<at>Status</at> open Ürün sayfası — 数据库 — Ελληνικά"}'],
    ['an empty body', ''],
  ])('accepts a body with %s signed over its UTF-8 bytes', (_label, body) => {
    expect(verifySignature(utf8(body), `HMAC ${independentMac(utf8(body), SECRET)}`, SECRET)).toBe(true);
  });

  it('refuses a body with any one byte flipped', () => {
    for (let index = 0; index < BODY.length; index += 1) {
      const tampered = Buffer.from(BODY);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(verifySignature(tampered, `HMAC ${GOOD}`, SECRET)).toBe(false);
    }
  });

  it('refuses a body with a byte added or removed', () => {
    expect(verifySignature(Buffer.concat([BODY, utf8(' ')]), `HMAC ${GOOD}`, SECRET)).toBe(false);
    expect(verifySignature(BODY.subarray(0, -1), `HMAC ${GOOD}`, SECRET)).toBe(false);
  });

  it('refuses a body whose CRLF was turned into LF', () => {
    const [, body, mac] = VECTORS[2] ?? [];
    expect(verifySignature(utf8((body ?? '').replace(/\r\n/g, '\n')), `HMAC ${mac ?? ''}`, SECRET)).toBe(
      false,
    );
  });

  it('refuses a signature with one character changed', () => {
    const changed = `${GOOD[0] === 'A' ? 'B' : 'A'}${GOOD.slice(1)}`;
    expect(verifySignature(BODY, `HMAC ${changed}`, SECRET)).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    const other = Buffer.from('b3RoZXItdGVhbXMtd2ViaG9vay1zZWNyZXQ=', 'base64');
    expect(verifySignature(BODY, `HMAC ${independentMac(BODY, other)}`, SECRET)).toBe(false);
  });

  it.each([undefined, null, ''])('refuses a missing Authorization header (%p)', (header) => {
    expect(verifySignature(BODY, header, SECRET)).toBe(false);
  });

  it.each([
    ['Bearer', `Bearer ${GOOD}`],
    ['lower-case hmac', `hmac ${GOOD}`],
    ['Basic', `Basic ${GOOD}`],
    ['no scheme', GOOD],
    ['the scheme alone', 'HMAC'],
    ['the scheme and a space', 'HMAC '],
    ['two spaces', `HMAC  ${GOOD}`],
    ['a trailing space', `HMAC ${GOOD} `],
    ['a leading space', ` HMAC ${GOOD}`],
    ['a tab', `HMAC\t${GOOD}`],
  ])('refuses a header with %s', (_label, header) => {
    expect(verifySignature(BODY, header, SECRET)).toBe(false);
  });

  it.each([
    ['characters outside base64', `HMAC ${'*'.repeat(43)}=`],
    ['base64url characters', `HMAC ${GOOD.replace(/\//g, '_').replace(/\+/g, '-')}`],
    ['no padding', `HMAC ${GOOD.slice(0, -1)}`],
    ['a truncated value', `HMAC ${GOOD.slice(0, 40)}==`],
    ['a value too long', `HMAC ${GOOD.slice(0, -1)}AAAA=`],
    ['a SHA-1 length value', `HMAC ${createHmac('sha1', SECRET).update(BODY).digest('base64')}`],
    ['a hex value', `HMAC ${Buffer.from(GOOD, 'base64').toString('hex')}`],
    ['prose', 'HMAC not-a-signature'],
  ])('refuses %s', (_label, header) => {
    expect(verifySignature(BODY, header, SECRET)).toBe(false);
  });

  it.each([
    ['both good', `HMAC ${GOOD}, HMAC ${GOOD}`],
    ['good then bad', `HMAC ${GOOD}, HMAC ${'A'.repeat(43)}=`],
    ['bad then good', `HMAC ${'A'.repeat(43)}=, HMAC ${GOOD}`],
    ['without a space', `HMAC ${GOOD},HMAC ${GOOD}`],
  ])('refuses a duplicated header joined with a comma (%s)', (_label, header) => {
    expect(verifySignature(BODY, header, SECRET)).toBe(false);
  });
});
