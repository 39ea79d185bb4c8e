import { createTestApp, type TestApp } from '../support/testApp';
import { fixedClock, type FixedClock } from '../support/clock';

// Issue 6, reliability 9: a state document that cannot be read (corrupt, or not a state we know) stops
// publishing: the last good page stays live, the reply says what is wrong and how to recover, and the document
// is never overwritten blindly. A document of an older schema version is migrated.

let app: TestApp;
let clock: FixedClock;
beforeEach(async () => {
  clock = fixedClock('2026-11-21T12:00:00.000Z');
  app = await createTestApp({ clock });
  await app.send('open Chat is down | Investigating');
});
afterEach(async () => {
  await app.close();
});

const valid = () => app.readStateText().then((text) => JSON.parse(text ?? '{}') as Record<string, unknown>);

const CORRUPTIONS: [string, () => Promise<string>, RegExp][] = [
  ['truncated JSON', async () => ((await app.readStateText()) ?? '').slice(0, 40), /not valid JSON/],
  ['an empty document', () => Promise.resolve(''), /not valid JSON/],
  ['binary garbage', () => Promise.resolve('\u0000\u00ff\u00fe{{'), /not valid JSON/],
  ['JSON that is not an object', () => Promise.resolve('[1, 2, 3]'), /state is not an object/],
  ['null', () => Promise.resolve('null'), /state is not an object/],
  [
    'a future schema version',
    async () => JSON.stringify({ ...(await valid()), schemaVersion: 3 }),
    /unknown schema version 3/,
  ],
  [
    'no schema version',
    async () => JSON.stringify({ ...(await valid()), schemaVersion: undefined }),
    /unknown schema version undefined/,
  ],
  [
    'a wrongly typed field',
    async () => JSON.stringify({ ...(await valid()), incidents: 'all of them' }),
    /state\.incidents is not a list/,
  ],
  [
    'a negative version',
    async () => JSON.stringify({ ...(await valid()), version: -1 }),
    /state\.version is not a whole number/,
  ],
  [
    'an incident with an unknown status',
    async () => {
      const state = await valid();
      const [incident] = state.incidents as Record<string, unknown>[];
      return JSON.stringify({ ...state, incidents: [{ ...incident, status: 'on fire' }] });
    },
    /state\.incidents\[0\]\.status is not one of/,
  ],
];

describe('an unreadable state document', () => {
  it.each(CORRUPTIONS)(
    '(%s) refuses the command with a clear reply, leaves the page live and is not overwritten',
    async (_name, corrupt, reason) => {
      const pageBefore = await app.siteFiles();
      const indexBefore = await app.readSite('index.html');
      const broken = await corrupt();
      await app.writeStateText(broken);
      const etag = await app.stateEtag();
      app.proxy.requests.length = 0;

      for (const text of ['update INC-1 identified Found it', 'open Files are slow', 'list']) {
        const reply = await app.send(text);
        expect(reply.status).toBe(200);
        expect(reply.replyText).toMatch(/^The stored status state cannot be read \(/);
        expect(reply.replyText).toMatch(reason);
        expect(reply.replyText).toMatch(/Nothing was changed and the page was left as it is/);
        expect(reply.replyText).toMatch(/restore the state document/);
      }
      // The timer does not publish from it either.
      expect(await app.services.tick()).toMatchObject({
        kind: 'failed',
        reason: expect.stringMatching(reason) as string,
      });

      expect(await app.readStateText()).toBe(broken);
      expect(await app.stateEtag()).toBe(etag);
      const writes = app.proxy.requests.filter(
        (request) => request.method === 'PUT' && !request.path.includes('/audit/'),
      );
      expect(writes).toEqual([]);
      expect(await app.siteFiles()).toEqual(pageBefore);
      expect(await app.readSite('index.html')).toBe(indexBefore);
      expect((await app.auditEntries()).slice(1).map((entry) => entry.outcome)).toEqual([
        'failed',
        'failed',
        'failed',
      ]);
    },
  );

  it('is used again as soon as an operator restores a good document', async () => {
    const good = (await app.readStateText())!;
    await app.writeStateText('{');
    expect((await app.send('update INC-1 Found it')).replyText).toMatch(/cannot be read/);
    await app.writeStateText(good);
    expect((await app.send('update INC-1 Found it')).replyText).toContain('Updated INC-1');
    expect(await app.readSite('index.html')).toContain('Found it');
  });
});

describe('a schema 1 document', () => {
  it('is migrated on the next command: saved as schema 2, history kept, the page follows', async () => {
    const hourAgo = clock.after({ hours: -1 });
    const daysAgo = (days: number) => clock.after({ days: -days });
    const update = (id: string, status: string, message: string, createdAt: string) => ({
      id,
      status,
      message,
      createdAt,
      author: { name: 'Alice Admin' },
    });
    await app.writeStateText(
      JSON.stringify({
        schemaVersion: 1,
        version: 12,
        nextIncidentNumber: 4,
        updatedAt: hourAgo,
        incidents: [
          {
            id: 'INC-2',
            number: 2,
            title: 'Mail is slow',
            status: 'resolved',
            impact: 'major',
            createdAt: daysAgo(3),
            updatedAt: daysAgo(3),
            resolvedAt: daysAgo(3),
            updates: [
              update('INC-2-1', 'investigating', 'Queues growing', daysAgo(3)),
              update('INC-2-2', 'resolved', 'Drained', daysAgo(3)),
            ],
          },
          {
            id: 'INC-3',
            number: 3,
            title: 'Chat is down',
            status: 'investigating',
            impact: 'major',
            createdAt: hourAgo,
            updatedAt: hourAgo,
            updates: [update('INC-3-1', 'investigating', 'Looking', hourAgo)],
          },
        ],
      }),
    );
    const reply = await app.send('update identified Found the cause');
    expect(reply.replyText).toContain('Updated INC-3 (identified)');
    const state = await app.readState();
    expect(state.schemaVersion).toBe(2);
    expect(state.version).toBe(13);
    expect(state.incidents.map((incident) => incident.id)).toEqual(['INC-2', 'INC-3']);
    expect(state.incidents[1]!.updates.map((entry) => entry.message)).toEqual(['Looking', 'Found the cause']);
    expect((await app.send('open Files are slow')).replyText).toContain('Opened INC-4');
    const index = (await app.readSite('index.html')) ?? '';
    expect(index).toContain('Found the cause');
    expect(index).toContain('Files are slow');
    expect(await app.readSite('incidents/INC-2.html')).toContain('Drained');
  });
});
