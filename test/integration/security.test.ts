import { createHash, randomBytes } from 'node:crypto';
import { decodeHTML } from 'entities';
import { signBody, verifySignature } from '../../src/adapters/teams/signature';
import { MAX_BODY_BYTES } from '../../src/adapters/teams/webhookHandler';
import { teamsActivity } from '../../scripts/teamsActivity';
import { createTestApp, signedHeaders, type TestApp, type Reply } from '../support/testApp';

// Issue 6, security 1, 5 and 6: only a request signed with the webhook's secret reaches storage; refusals say
// nothing about the input; the body limit holds before parsing; every published file is typed and locked down.

/** The base64 security token of the known-answer vectors (32 bytes: "0123456789abcdef" twice). */
const KAT_SECRET = Buffer.from('MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', 'base64');

/**
 * Bodies and their signatures computed independently with
 * `openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary < body | base64`: emoji, CRLF line breaks
 * between the JSON members, non-ASCII letters and escaped control and right-to-left characters. Their
 * timestamps are years old, so a valid signature gets a 200 reply refusing the replay.
 */
const VECTORS: readonly { name: string; body: string; signature: string }[] = [
  {
    name: 'emoji',
    body: '{"type":"message","id":"kat-1","timestamp":"2020-01-01T00:00:00.000Z","text":"<at>Status</at> open Chat is down \u{1F525}"}',
    signature: 'oGGXqUK3AjXgruZTLaxWR3LKyWHU4trkSlAWetpvSpo=',
  },
  {
    name: 'CRLF and non-ASCII',
    body: '{"type":"message",\r\n"id":"kat-2",\r\n"timestamp":"2020-01-01T00:00:00.000Z",\r\n"text":"<at>Status</at> open Gr\u00fc\u00dfe, na\u00efve caf\u00e9 \u2014 \u6771\u4eac"}',
    signature: 'Zbi9/Z/0zvVIJ3txae/k25Ta5ax0ma3P6tF8c/G6SH4=',
  },
  {
    name: 'escaped CRLF and a right-to-left override',
    body: '{"type":"message","id":"kat-3","timestamp":"2020-01-01T00:00:00.000Z","text":"<at>Status</at> update line one\\r\\nline two \u2705 \\u202eevil"}',
    signature: '1QBBSLbYzGf/TAOJfkYazRTJLAebwm32dlCJC9tdm1c=',
  },
];

/** The handler answers refusals with a plain string body. */
function bodyText(response: Reply): string {
  return typeof response.body === 'string' ? response.body : '';
}

function expectOpaqueRefusal(response: Reply, input: string[]): void {
  expect(response.status).toBe(401);
  const body = bodyText(response);
  expect(body).toBe('Unauthorized.');
  expect(response.headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8' });
  for (const fragment of input) if (fragment.length > 3) expect(body).not.toContain(fragment);
  expect(body).not.toMatch(/\n\s+at |Error:/);
}

/** A signed activity, and every way of getting its signature wrong: forged, tampered with or malformed. */
const FORGED_BODY = Buffer.from(
  JSON.stringify(teamsActivity('open Chat is down | We are investigating')),
  'utf8',
);
const GOOD_SIGNATURE = signBody(FORGED_BODY, KAT_SECRET);
const FORGERIES: readonly { name: string; body: Buffer; authorization?: string }[] = (() => {
  const body = FORGED_BODY;
  const good = GOOD_SIGNATURE;
  const flip = (bytes: Buffer, at: number) => {
    const copy = Buffer.from(bytes);
    copy.writeUInt8(copy.readUInt8(at) ^ 0x01, at);
    return copy;
  };
  const goodBytes = Buffer.from(good, 'base64');
  return [
    { name: 'missing header', body },
    { name: 'empty value', body, authorization: '' },
    { name: 'scheme only', body, authorization: 'HMAC ' },
    { name: 'wrong scheme', body, authorization: `Bearer ${good}` },
    { name: 'Basic scheme', body, authorization: `Basic ${good}` },
    { name: 'no scheme', body, authorization: good },
    { name: 'non-base64', body, authorization: `HMAC ${good.replace(/[A-Za-z]/, '*')}` },
    {
      name: 'base64url alphabet',
      body,
      authorization: `HMAC ${good.replace(/\+/g, '-').replace(/\//g, '_')}x`,
    },
    { name: 'truncated', body, authorization: `HMAC ${good.slice(0, -4)}` },
    { name: 'too long', body, authorization: `HMAC ${good}AAAA` },
    { name: 'trailing junk', body, authorization: `HMAC ${good} x` },
    { name: 'duplicated header', body, authorization: `HMAC ${good}, HMAC ${good}` },
    { name: 'flipped signature bit', body, authorization: `HMAC ${flip(goodBytes, 7).toString('base64')}` },
    { name: 'flipped first byte', body: flip(body, 0), authorization: `HMAC ${good}` },
    { name: 'flipped middle byte', body: flip(body, body.length >> 1), authorization: `HMAC ${good}` },
    { name: 'flipped last byte', body: flip(body, body.length - 1), authorization: `HMAC ${good}` },
    {
      name: 'appended whitespace',
      body: Buffer.concat([body, Buffer.from(' ')]),
      authorization: `HMAC ${good}`,
    },
    {
      name: 'another secret',
      body,
      authorization: `HMAC ${signBody(body, Buffer.from('another secret, thirty-two bytes'))}`,
    },
    { name: 'the secret itself', body, authorization: `HMAC ${KAT_SECRET.toString('base64')}` },
  ];
})();

describe('verifySignature', () => {
  it.each(VECTORS)('accepts the known-answer vector with $name', ({ body, signature }) => {
    const bytes = Buffer.from(body, 'utf8');
    expect(signBody(bytes, KAT_SECRET)).toBe(signature);
    expect(verifySignature(bytes, `HMAC ${signature}`, KAT_SECRET)).toBe(true);
  });
});

describe('POST /api/teams authentication', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp({ secret: KAT_SECRET });
  });
  afterEach(async () => {
    await app.close();
  });

  it.each(VECTORS)('takes the known-answer vector with $name as authentic', async ({ body, signature }) => {
    const response = await app.post(body, { authorization: `HMAC ${signature}` });
    // Authentic, then refused as a replay of an old message: a 200 reply, not a 401.
    expect(response.status).toBe(200);
    expect(response.replyText).toMatch(/more than 5 minutes/);
  });

  it.each(FORGERIES)(
    'refuses a request with $name: 401, no storage call and no echo',
    async ({ body: payload, authorization }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const response = await app.post(payload, headers);
      expectOpaqueRefusal(response, ['Chat is down', 'We are investigating', GOOD_SIGNATURE]);
      expect(app.proxy.requests).toEqual([]);
    },
  );

  it('answers 500 badly signed requests in a row with 401 each and makes zero storage calls', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 500; i++) {
      const body =
        i % 3 === 0
          ? randomBytes(1 + (i % 257))
          : Buffer.from(JSON.stringify(app.activity(`open Forged incident ${i}`)), 'utf8');
      const signature =
        i % 2 === 0
          ? randomBytes(32).toString('base64')
          : signBody(body, randomBytes(32)).slice(0, 43 - (i % 5));
      const response = await app.post(body, { authorization: `HMAC ${signature}` });
      statuses.set(response.status ?? 0, (statuses.get(response.status ?? 0) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 500 });
    expect(app.proxy.requests).toHaveLength(0);
    expect(await app.readStateText()).toBeUndefined();
  });

  it('answers a body over 64 KiB with 413 before checking or parsing it', async () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const huge = Buffer.alloc(MAX_BODY_BYTES + 1, '{');
      // Signed or not, valid JSON or not: the size is checked first, so the answer is 413 either way.
      expect((await app.post(huge, {})).status).toBe(413);
      expect((await app.post(huge, signedHeaders(huge, KAT_SECRET))).status).toBe(413);
      // A declared length over the limit is refused without reading the body.
      const declared = await app.post('{}', { 'content-length': String(10 * MAX_BODY_BYTES) });
      expect(declared.status).toBe(413);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(app.proxy.requests).toHaveLength(0);
  });

  it('takes a signed body of exactly 64 KiB', async () => {
    const activity = app.activity('list');
    const base = Buffer.byteLength(JSON.stringify({ ...activity, padding: '' }), 'utf8');
    const body = Buffer.from(
      JSON.stringify({ ...activity, padding: 'x'.repeat(MAX_BODY_BYTES - base) }),
      'utf8',
    );
    expect(body.length).toBe(MAX_BODY_BYTES);
    const response = await app.post(body, signedHeaders(body, KAT_SECRET));
    expect(response.status).toBe(200);
    expect(response.replyText).toMatch(/no open incidents|No incident is open|nothing is open/i);
  });

  it('answers a signed body that is not JSON or not UTF-8 with 400, and stores nothing', async () => {
    for (const bytes of [Buffer.from('{"type":"message",'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
      const response = await app.post(bytes, signedHeaders(bytes, KAT_SECRET));
      expect(response.status).toBe(400);
      expect(bodyText(response)).toBe('The body is not valid JSON.');
    }
    expect(app.proxy.requests).toHaveLength(0);
  });
});

describe('every published file', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    await app.send('open major Chat is down | We are investigating');
    await app.send('open Files are slow');
    await app.send('close INC-2 Fixed');
  });
  afterAll(async () => {
    await app.close();
  });

  const expectedType: [RegExp, string][] = [
    [/\.html$/, 'text/html; charset=utf-8'],
    [/\.json$/, 'application/json; charset=utf-8'],
    [/\.atom$/, 'application/atom+xml; charset=utf-8'],
    [/\.rss$/, 'application/rss+xml; charset=utf-8'],
    [/\.svg$/, 'image/svg+xml; charset=utf-8'],
    [/\.css$/, 'text/css; charset=utf-8'],
    [/\.txt$/, 'text/plain; charset=utf-8'],
  ];

  it('has the Content-Type of its kind with a charset, and a short Cache-Control', async () => {
    const files = await app.siteFiles();
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining(['index.html', '404.html', 'incidents/INC-1.html', 'incidents/INC-2.html']),
    );
    for (const file of files) {
      const type = expectedType.find(([pattern]) => pattern.test(file.path))?.[1];
      expect({ path: file.path, contentType: file.contentType }).toEqual({
        path: file.path,
        contentType: type,
      });
      expect(file.cacheControl).toMatch(/max-age=(\d{1,3})\b/);
      expect(Number(/max-age=(\d+)/.exec(file.cacheControl ?? '')?.[1])).toBeLessThanOrEqual(300);
    }
  });

  it('is HTML with a strict CSP whose only script is the one it hashes, and no other active content', async () => {
    const pages = (await app.siteFiles()).filter((file) => file.path.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const { path } of pages) {
      const html = (await app.readSite(path))!;
      // The attribute value as the browser reads it: entities decoded.
      const csp = decodeHTML(
        /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '',
      );
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("default-src 'none'") as string });
      const directives = new Map(
        csp.split(';').map((part) => {
          const [name = '', ...values] = part.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      const allowedScripts = directives.get('script-src') ?? [];
      expect(allowedScripts.every((source) => /^'sha256-[A-Za-z0-9+/]+=*'$/.test(source))).toBe(true);
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      for (const [, attributes = '', code = ''] of scripts) {
        expect(attributes.trim()).toBe('');
        const hash = `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
        expect(allowedScripts).toContain(hash);
      }
      expect(html.match(/<script\b/gi)?.length ?? 0).toBe(scripts.length);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      // The favicon is our own data: URI (allowed by img-src); no link a reader follows may run or embed code.
      expect(html).not.toMatch(/<a\b[^>]*\shref\s*=\s*["']?\s*(?:javascript|data|vbscript):/i);
      expect(html).not.toMatch(/<(?:iframe|object|embed|form|base)\b/i);
    }
  });
});
