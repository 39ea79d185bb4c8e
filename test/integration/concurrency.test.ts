import { createTestApp, type TestApp } from '../support/testApp';

// Optimistic concurrency through the real HTTP handler and Azurite's ETags: no update lost, none applied twice.
// Outcomes only, never wall-clock times: the reply deadline is lifted (on a loaded machine the last commands of a
// burst answer late, not wrong; faults.test.ts holds the deadline), and the queues within an instance are
// checked by the storage writes they spare.

/** Far past jest's timeout: the commands are judged by what they did, not by how soon. */
const NO_DEADLINE_MS = 10 * 60_000;

/** What a burst of commands asked of storage: the requests made since `from` (an index into the record). */
function writesSince(app: TestApp, from: number) {
  const requests = app.proxy.requests.slice(from);
  const puts = (suffix: string) =>
    requests.filter((request) => request.method === 'PUT' && request.path.endsWith(suffix));
  return { state: puts('/state.json'), index: puts('/index.html') };
}

/**
 * Within one instance the commands took turns, and those that queued while a transaction ran were saved together
 * in the next (group commit): fewer conditional writes of the state than commands, none conflicting, and fewer
 * index.html writes than commands. Side by side they conflicted hundreds of times and rewrote the site thousands
 * of times; one by one, 200 at once waited for each other's round trips past Teams' 5 s.
 */
function expectSavedTogether(writes: ReturnType<typeof writesSince>, commands: number) {
  expect(writes.state.length).toBeGreaterThan(0);
  expect(writes.state.length).toBeLessThan(commands);
  expect(writes.state.filter((request) => request.status !== 201)).toEqual([]);
  expect(writes.index.length).toBeLessThan(commands);
}

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp({ replyDeadlineMs: NO_DEADLINE_MS });
});
afterEach(async () => {
  await app.close();
});

describe('concurrent commands', () => {
  it('applies 20 parallel updates to one incident exactly once each', async () => {
    await app.send('open Chat is down | Investigating');
    const from = app.proxy.requests.length;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => app.send(`update INC-1 Progress note ${i}`)),
    );
    expect(replies.every((reply) => reply.replyText.includes('Updated INC-1'))).toBe(true);
    const state = await app.readState();
    const messages = state.incidents[0]!.updates.map((update) => update.message);
    expect(messages).toHaveLength(21);
    expect(new Set(messages).size).toBe(21);
    for (let i = 0; i < 20; i++) expect(messages).toContain(`Progress note ${i}`);
    expect(state.version).toBe(21);
    // One instance: commands that queued together were saved together, no write conflicting.
    expectSavedTogether(writesSince(app, from), 20);
  });

  it('gives 20 parallel opens 20 unique sequential IDs, the first of them creating the state', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => app.send(`open Problem ${i}`)));
    const ids = replies.map((reply) => /Opened (INC-\d+)/.exec(reply.replyText)?.[1]);
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `INC-${i + 1}`).sort());
    const state = await app.readState();
    expect(state.incidents).toHaveLength(20);
    expect(state.version).toBe(20);
    // Whatever order the publishes landed in, the page ends up showing the newest state.
    const index = (await app.readSite('index.html'))!;
    for (let i = 0; i < 20; i++) expect(index).toContain(`Problem ${i}<`);
    expect((await app.siteFiles()).find((file) => file.path === 'index.html')?.version).toBe('20');
    const writes = writesSince(app, 0);
    expect(writes.state.filter((request) => request.ifNoneMatch === '*')).toHaveLength(1);
    expectSavedTogether(writes, 20);
  });
});

// Issue 6, reliability 7: 50 commands at once, production storage settings, each delivery a distinct activity.
// One Function App instance takes them all (commands in an instance take turns on the state); a second instance
// races it on the ETag alone.
describe('50 commands at once', () => {
  let hardened: TestApp;
  beforeEach(async () => {
    hardened = await createTestApp({ instances: 2, replyDeadlineMs: NO_DEADLINE_MS });
  });
  afterEach(async () => {
    await hardened.close();
  });

  /** The audit entries of the given texts, which must each appear exactly once. */
  async function auditOf(texts: readonly string[]) {
    const wanted = new Set(texts);
    const entries = (await hardened.auditEntries()).filter((entry) => wanted.has(entry.text));
    expect(entries).toHaveLength(texts.length);
    expect(new Set(entries.map((entry) => entry.text)).size).toBe(texts.length);
    return entries;
  }

  it('against one incident: every update applied exactly once, 50 audit entries, unique IDs', async () => {
    await hardened.send('open Chat is down | Investigating');
    const texts = Array.from({ length: 50 }, (_, i) => `update INC-1 Progress note ${i}`);
    const activities = texts.map((text) => hardened.activity(text));
    const from = hardened.proxy.requests.length;
    const replies = await Promise.all(activities.map((activity) => hardened.postActivity(activity)));
    expect(replies.filter((reply) => !reply.replyText.includes('Updated INC-1'))).toEqual([]);
    expectSavedTogether(writesSince(hardened, from), 50);

    const state = await hardened.readState();
    expect(state.version).toBe(51);
    const updates = state.incidents[0]!.updates;
    expect(updates).toHaveLength(51);
    expect(new Set(updates.map((update) => update.id)).size).toBe(51);
    expect(updates.map((update) => update.message).sort()).toEqual(
      ['Investigating', ...texts.map((text) => text.slice('update INC-1 '.length))].sort(),
    );
    const processed = state.processed.map((entry) => entry.id);
    for (const activity of activities) expect(processed.filter((id) => id === activity.id)).toHaveLength(1);

    const entries = await auditOf(texts);
    expect(entries.every((entry) => entry.outcome === 'applied')).toBe(true);
    expect(entries.map((entry) => entry.stateVersion).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 2),
    );
    // The page ends at the newest state, whatever order the publishes landed in.
    const index = (await hardened.siteFiles()).find((file) => file.path === 'index.html');
    expect(index?.version).toBe('51');
    const page = (await hardened.readSite('incidents/INC-1.html')) ?? '';
    for (let i = 0; i < 50; i++) expect(page).toContain(`Progress note ${i}<`);
  });

  it('across incidents: opens and updates all applied exactly once, with unique incident IDs', async () => {
    for (let i = 1; i <= 5; i++) await hardened.send(`open Service ${i} degraded`);
    const opens = Array.from({ length: 10 }, (_, i) => `open New problem ${i}`);
    const updates = Array.from({ length: 40 }, (_, i) => `update INC-${(i % 5) + 1} Note ${i}`);
    const texts = [...opens, ...updates];
    const from = hardened.proxy.requests.length;
    const replies = await Promise.all(texts.map((text) => hardened.send(text)));
    const opened = replies.slice(0, 10).map((reply) => /Opened (INC-\d+)/.exec(reply.replyText)?.[1]);
    expect([...opened].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `INC-${i + 6}`).sort());
    expect(replies.slice(10).filter((reply) => !/Updated INC-[1-5]/.test(reply.replyText))).toEqual([]);
    expectSavedTogether(writesSince(hardened, from), 50);

    const state = await hardened.readState();
    expect(state.version).toBe(55);
    expect(state.incidents.map((incident) => incident.id).sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => `INC-${i + 1}`).sort(),
    );
    for (let i = 0; i < 40; i++) {
      const incident = state.incidents.find((candidate) => candidate.id === `INC-${(i % 5) + 1}`)!;
      expect(incident.updates.filter((update) => update.message === `Note ${i}`)).toHaveLength(1);
    }
    const allUpdateIds = state.incidents.flatMap((incident) => incident.updates.map((update) => update.id));
    expect(new Set(allUpdateIds).size).toBe(allUpdateIds.length);

    const entries = await auditOf(texts);
    expect(entries.every((entry) => entry.outcome === 'applied')).toBe(true);
    expect(new Set(entries.map((entry) => entry.stateVersion)).size).toBe(50);
    expect(
      entries
        .filter((entry) => entry.verb === 'open')
        .map((entry) => entry.incidentId)
        .sort(),
    ).toEqual([...opened].sort());
    expect((await hardened.siteFiles()).find((file) => file.path === 'index.html')?.version).toBe('55');
  });

  it('two instances racing on the ETag: 20 commands each, all applied exactly once', async () => {
    await hardened.send('open Chat is down | Investigating');
    const texts = Array.from({ length: 40 }, (_, i) => `update INC-1 Note ${i}`);
    const replies = await Promise.all(texts.map((text, i) => hardened.send(text, { instance: i % 2 })));
    expect(replies.filter((reply) => !reply.replyText.includes('Updated INC-1'))).toEqual([]);
    const state = await hardened.readState();
    expect(state.version).toBe(41);
    expect(state.incidents[0]!.updates.map((update) => update.message).sort()).toEqual(
      ['Investigating', ...texts.map((text) => text.slice('update INC-1 '.length))].sort(),
    );
    // The instances did collide, and the losers re-read and re-applied rather than overwrite.
    const conflicts = hardened.proxy.requests.filter(
      (request) => request.method === 'PUT' && request.path.endsWith('/state.json') && request.status === 412,
    );
    expect(conflicts.length).toBeGreaterThan(0);
    const entries = await auditOf(texts);
    expect(new Set(entries.map((entry) => entry.stateVersion)).size).toBe(40);
  });

  it('two first-time creates at once: exactly one creates the state, the other retries and succeeds', async () => {
    // Hold both first reads until both have been made, so both see no state and both try to create it.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    hardened.proxy.inject({
      method: 'GET',
      path: '/state.json',
      times: 2,
      onMatch: async () => {
        arrived += 1;
        if (arrived === 2) release();
        await bothArrived;
      },
    });
    // Two instances: within one, the second command would wait for the first instead of racing it.
    const replies = await Promise.all([
      hardened.send('open Chat is down', { instance: 0 }),
      hardened.send('open Files are slow', { instance: 1 }),
    ]);
    expect(replies.map((reply) => /Opened (INC-\d)/.exec(reply.replyText)?.[1]).sort()).toEqual([
      'INC-1',
      'INC-2',
    ]);

    const stateWrites = hardened.proxy.requests.filter(
      (request) => request.method === 'PUT' && request.path.endsWith('/state.json'),
    );
    const creates = stateWrites.filter((request) => request.ifNoneMatch === '*');
    expect(creates).toHaveLength(2);
    expect(creates.map((request) => request.status).sort()).toEqual([201, 409]);
    const retries = stateWrites.filter((request) => request.ifMatch !== undefined);
    expect(retries.map((request) => request.status)).toEqual([201]);

    const state = await hardened.readState();
    expect(state.version).toBe(2);
    expect(state.incidents.map((incident) => incident.title).sort()).toEqual([
      'Chat is down',
      'Files are slow',
    ]);
  });
});
