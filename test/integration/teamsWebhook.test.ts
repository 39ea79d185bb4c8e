import { signedHeaders, createTestApp, type TestApp } from '../support/testApp';
import { teamsActivity } from '../../scripts/teamsActivity';

// The core loop end to end: a signed Teams request through the HTTP handler, state in Azurite, files in `$web`.

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('POST /api/teams', () => {
  it('opens an incident and publishes a red page with it', async () => {
    const response = await app.send('open Collaboration platform unavailable | We are investigating');

    expect(response.status).toBe(200);
    expect(response.jsonBody).toMatchObject({ type: 'message' });
    expect(response.replyText).toContain('Opened INC-1: Collaboration platform unavailable');
    // Changed by the replies issue: the link is to the incident's own page.
    expect(response.replyText).toContain('Incident page: https://status.example.com/incidents/INC-1.html');
    const index = await app.readSite('index.html');
    expect(index).toContain('class="page p-major"');
    expect(index).toContain('Collaboration platform unavailable');
    expect(index).toContain('We are investigating');
    expect(index).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(await app.readSite('incidents/INC-1.html')).toContain('We are investigating');
    expect(await app.readSite('404.html')).toContain('Page not found');
  });

  // Changed by the replies issue: one message (text alone; Teams would split text and a card into two), and the
  // link is the incident's own page.
  it('replies with text alone, one message in Teams, linking to the incident page', async () => {
    const response = await app.send('open Chat is down');
    const body = response.jsonBody as { text?: string; attachments?: unknown[] };
    expect(Object.keys(body).sort()).toEqual(['text', 'type']);
    expect(body.text).toContain('Incident page: https://status.example.com/incidents/INC-1.html');
  });

  it('updates and closes the incident, turning the page green with the incident as recent history', async () => {
    await app.send('open Collaboration platform unavailable | We are investigating');
    const update = await app.send('update identified Load balancer misconfigured');
    expect(update.replyText).toContain('Updated INC-1 (identified)');
    let index = await app.readSite('index.html');
    expect(index).toContain('Load balancer misconfigured');
    expect(index!.indexOf('Load balancer misconfigured')).toBeLessThan(
      index!.indexOf('We are investigating'),
    );

    const close = await app.send('close Service restored');
    expect(close.replyText).toContain('Resolved INC-1');
    index = await app.readSite('index.html');
    expect(index).toContain('class="page p-none"');
    expect(index).toContain('All Systems Operational');
    expect(index).not.toContain('class="page p-major"');
    expect(index).toContain('Past incidents');
    expect(index).toContain('Service restored');
  });

  it('keeps several incidents open with sequential IDs and asks which one when no ID is given', async () => {
    await app.send('open Chat is down');
    await app.send('open Files are slow');
    const ambiguous = await app.send('update identified Found it');
    expect(ambiguous.replyText).toContain('INC-1');
    expect(ambiguous.replyText).toContain('INC-2');
    expect(ambiguous.replyText).toMatch(/say which/i);
    const before = (await app.readState()) as { version: number };

    const targeted = await app.send('update #2 monitoring Fix deployed');
    expect(targeted.replyText).toContain('Updated INC-2 (monitoring)');
    const after = (await app.readState()) as { version: number };
    expect(after.version).toBe(before.version + 1);
  });

  it('answers every mistake with what was wrong and the right form, and stores no change', async () => {
    await app.send('open Chat is down');
    const before = await app.readState();
    const cases: [string, RegExp][] = [
      ['frobnicate now', /"frobnicate" is not a command[\s\S]*- open \[<impact>\]/],
      ['open', /needs a title[\s\S]*Usage: open \[<impact>\]/],
      ['update', /needs a message[\s\S]*Usage: update/],
      ['close INC-9', /There is no incident INC-9/],
      ['help nothing', /There is no command "nothing"/],
    ];
    for (const [text, expected] of cases) {
      const response = await app.send(text);
      expect(response.status).toBe(200);
      expect(response.replyText).toMatch(expected);
    }
    await app.send('close');
    const resolvedAgain = await app.send('close INC-1');
    expect(resolvedAgain.replyText).toMatch(/INC-1 was already resolved/);
    expect(((await app.readState()) as { version: number }).version).toBe(
      (before as { version: number }).version + 1,
    );
  });

  it('answers help from the grammar alone: no state read, nothing published', async () => {
    await app.send('open Chat is down');
    app.proxy.requests.length = 0;
    const help = await app.send('help');
    expect(help.replyText).toContain('Commands for Contoso status');
    expect(app.proxy.requests.filter((r) => r.path.endsWith('/state.json'))).toHaveLength(0);
    expect(app.proxy.requests.filter((r) => r.path.startsWith(`/${app.config.siteContainer}/`))).toHaveLength(
      0,
    );
    expect(app.proxy.requests.every((r) => r.path.includes('/audit/'))).toBe(true);
  });

  it('lists open incidents with their latest update', async () => {
    await app.send('open Chat is down | Investigating');
    await app.send('update We identified the cause');
    const list = await app.send('list');
    expect(list.replyText).toContain('INC-1');
    expect(list.replyText).toContain('We identified the cause');
  });

  it('escapes untrusted text everywhere it is published', async () => {
    await app.send('open <script>alert(1)</script> | <img src=x onerror=alert(1)>');
    for (const path of ['index.html', 'incidents/INC-1.html']) {
      const html = (await app.readSite(path))!;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    }
  });

  it('writes only the files whose content changed, index.html last', async () => {
    await app.send('open Chat is down');
    await app.send('open Files are slow');
    app.proxy.requests.length = 0;
    await app.send('update INC-2 identified Disk full');
    const writes = app.proxy.requests.filter(
      (r) => r.method === 'PUT' && r.path.startsWith(`/${app.config.siteContainer}/`),
    );
    const written = writes.map((w) => w.path.split('/').slice(2).join('/'));
    // The changed incident's page and every output that lists it; INC-1's page and 404.html are untouched.
    expect(written).toContain('incidents/INC-2.html');
    expect(written).toContain('api/v2/incidents/unresolved.json');
    expect(written).toContain('history.atom');
    expect(written).not.toContain('incidents/INC-1.html');
    expect(written).not.toContain('404.html');
    expect(written.at(-1)).toBe('index.html');
    expect(new Set(written).size).toBe(written.length);
    const stateReads = app.proxy.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/state.json'));
    const stateWrites = app.proxy.requests.filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/state.json'),
    );
    expect(stateReads).toHaveLength(1);
    expect(stateWrites).toHaveLength(1);
  });

  it('publishes with a charset content type and a short cache lifetime, tagged with the state version', async () => {
    await app.send('open Chat is down');
    const properties = await app.blobService
      .getContainerClient(app.config.siteContainer)
      .getBlobClient('index.html')
      .getProperties();
    expect(properties.contentType).toBe('text/html; charset=utf-8');
    expect(properties.cacheControl).toBe('public, max-age=30');
    expect(properties.metadata?.stateversion).toBe('1');
  });

  it('records every authenticated command in the audit log, with who and what', async () => {
    await app.send('open Chat is down', { user: 'Ada Lovelace' });
    await app.send('nonsense', { user: 'Ada Lovelace' });
    const blobs = [];
    for await (const blob of app.blobService
      .getContainerClient(app.config.stateContainer)
      .listBlobsFlat({ prefix: 'audit/' }))
      blobs.push(blob.name);
    expect(blobs).toHaveLength(1);
    const log = (
      await app.blobService
        .getContainerClient(app.config.stateContainer)
        .getBlobClient(blobs[0]!)
        .downloadToBuffer()
    ).toString();
    const entries = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      outcome: 'applied',
      verb: 'open',
      incidentId: 'INC-1',
      text: 'open Chat is down',
      actor: { name: 'Ada Lovelace' },
    });
    expect((entries[0]!.actor as { aadObjectId?: string }).aadObjectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries[1]).toMatchObject({ outcome: 'rejected', text: 'nonsense' });
  });
});

describe('POST /api/teams refuses what it cannot trust', () => {
  const body = () => Buffer.from(JSON.stringify(teamsActivity('open Chat is down')), 'utf8');

  it('answers a wrong signature with 401 and makes no storage call', async () => {
    const payload = body();
    const headers = signedHeaders(payload, Buffer.from('another secret of thirty-two bytes!!'));
    const response = await app.post(payload, headers);
    expect(response.status).toBe(401);
    expect(app.proxy.requests).toHaveLength(0);
  });

  it('answers a tampered body with 401 and makes no storage call', async () => {
    const payload = body();
    const headers = signedHeaders(payload, app.secret);
    const at = payload.length - 3;
    payload.writeUInt8(payload.readUInt8(at) ^ 1, at);
    expect((await app.post(payload, headers)).status).toBe(401);
    expect((await app.post(body(), {})).status).toBe(401);
    expect(app.proxy.requests).toHaveLength(0);
  });

  it('answers malformed JSON with 400 and a body over 64 KiB with 413', async () => {
    const bad = Buffer.from('{"type":"message",', 'utf8');
    expect((await app.post(bad, signedHeaders(bad, app.secret))).status).toBe(400);
    const huge = Buffer.alloc(64 * 1024 + 1, 0x20);
    expect((await app.post(huge, signedHeaders(huge, app.secret))).status).toBe(413);
    expect(app.proxy.requests).toHaveLength(0);
  });
});
