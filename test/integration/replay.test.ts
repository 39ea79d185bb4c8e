import { REPLAY_WINDOW_MS } from '../../src/adapters/teams/webhookHandler';
import { createTestApp, signedHeaders, type TestApp } from '../support/testApp';

// Issue 6, security 2: a captured request cannot be replayed later (the signed `timestamp` must be within 5
// minutes of now), and an activity ID seen before is answered with its first reply and never applied again.

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => {
  jest.useRealTimers();
  await app.close();
});

const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('the signed timestamp', () => {
  it.each([
    ['more than 5 minutes old', -REPLAY_WINDOW_MS - 5_000],
    ['more than 5 minutes ahead', REPLAY_WINDOW_MS + 5_000],
    ['a day old', -86_400_000],
  ])('refuses an activity %s, applies nothing and audits the refusal', async (_name, offset) => {
    const response = await app.send('open Chat is down', { timestamp: at(offset) });
    expect(response.status).toBe(200);
    expect(response.replyText).toMatch(
      /more than 5 minutes from now[\s\S]*not applied[\s\S]*Nothing was changed/,
    );
    expect(await app.readStateText()).toBeUndefined();
    expect(await app.siteFiles()).toEqual([]);
    expect(await app.auditEntries()).toMatchObject([
      { outcome: 'refused', text: 'open Chat is down', detail: expect.stringMatching(/5 minutes/) as string },
    ]);
  });

  it.each([
    ['missing', null],
    ['not a date', 'yesterday at noon'],
    ['empty', ''],
  ])('refuses an activity whose timestamp is %s', async (_name, timestamp) => {
    const activity = app.activity('open Chat is down');
    if (timestamp === null) delete activity.timestamp;
    else activity.timestamp = timestamp;
    const response = await app.postActivity(activity);
    expect(response.status).toBe(200);
    expect(response.replyText).toMatch(/no valid timestamp[\s\S]*Nothing was changed/);
    expect(await app.readStateText()).toBeUndefined();
  });

  it('applies an activity timestamped within the window, behind or ahead of our clock', async () => {
    expect(
      (await app.send('open Chat is down', { timestamp: at(-REPLAY_WINDOW_MS + 10_000) })).replyText,
    ).toContain('Opened INC-1');
    expect(
      (await app.send('open Files are slow', { timestamp: at(REPLAY_WINDOW_MS - 10_000) })).replyText,
    ).toContain('Opened INC-2');
  });

  it('cannot be refreshed by an attacker: a re-timestamped body fails the signature', async () => {
    const activity = app.activity('open Chat is down', { timestamp: at(-REPLAY_WINDOW_MS - 60_000) });
    const captured = Buffer.from(JSON.stringify(activity), 'utf8');
    const headers = signedHeaders(captured, app.secret);
    const refreshed = Buffer.from(JSON.stringify({ ...activity, timestamp: at(0) }), 'utf8');
    expect((await app.post(refreshed, headers)).status).toBe(401);
    expect((await app.post(captured, headers)).replyText).toMatch(/more than 5 minutes/);
    expect(await app.readStateText()).toBeUndefined();
  });
});

describe('an activity ID seen before', () => {
  it('is answered with the original reply and applied only once', async () => {
    const opened = app.activity('open Chat is down | Investigating');
    const first = await app.postActivity(opened);
    expect(first.replyText).toContain('Opened INC-1');
    const update = app.activity('update INC-1 identified Found it');
    const updated = await app.postActivity(update);
    const version = (await app.readState()).version;

    // The same deliveries again, byte for byte, as a retrying sender or a replaying attacker would send them.
    const again = await app.postActivity(opened);
    const updatedAgain = await app.postActivity(update);
    // Issue 13: what is remembered for a redelivery is the reply's text as it was sent.
    expect(again.replyText).toBe(first.replyText);
    expect(updatedAgain.replyText).toBe(updated.replyText);

    const state = await app.readState();
    expect(state.version).toBe(version);
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]!.updates.map((u) => u.message)).toEqual(['Investigating', 'Found it']);
    expect((await app.auditEntries()).map((entry) => entry.outcome)).toEqual([
      'applied',
      'applied',
      'duplicate',
      'duplicate',
    ]);
  });

  it('is applied once when the same delivery arrives five times at once, even as the first command', async () => {
    const activity = app.activity('open Chat is down');
    const replies = await Promise.all(Array.from({ length: 5 }, () => app.postActivity(activity)));
    for (const reply of replies) expect(reply.replyText).toContain('Opened INC-1: Chat is down');
    const state = await app.readState();
    expect(state.incidents.map((incident) => incident.id)).toEqual(['INC-1']);
    expect(state.version).toBe(1);
    expect(state.processed.filter((entry) => entry.id === activity.id)).toHaveLength(1);
  });

  it('is still not applied again once it has left the remembered window: the timestamp refuses it', async () => {
    // Only Date is faked (timers stay real), before the app is made, so the handler's and the core's clocks
    // both follow it, as the one real clock does in production.
    jest.useFakeTimers({
      now: Date.now(),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const timed = await createTestApp();
    try {
      const activity = timed.activity('open Chat is down');
      await timed.postActivity(activity);
      // Eleven minutes later: longer than applied activities are remembered.
      jest.setSystemTime(Date.now() + 11 * 60_000);
      expect((await timed.send('update INC-1 Still looking')).replyText).toContain('Updated INC-1');
      expect((await timed.readState()).processed.map((entry) => entry.id)).not.toContain(activity.id);
      const replayed = await timed.postActivity(activity);
      expect(replayed.replyText).toMatch(/more than 5 minutes/);
      const state = await timed.readState();
      expect(state.incidents).toHaveLength(1);
      expect(state.version).toBe(2);
    } finally {
      await timed.close();
    }
  });
});
