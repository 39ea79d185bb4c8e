import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAzurite, type RunningAzurite } from '../../scripts/azurite';
import type { FaultKind } from '../../scripts/countingProxy';
import { createTestApp, type TestApp, type Reply } from '../support/testApp';

// Issue 6, reliability 8: storage fails while a command writes the state. Whatever the fault, the person gets a
// reply within Teams' 5 seconds that says what happened; the command is applied entirely or not at all; sending
// the same activity again never applies it twice; and the page catches up with the state.

const NOT_APPLIED = /nothing was changed/i;
const UPDATED = /Updated INC-1 \(identified\)/;

async function withOpenIncident(): Promise<TestApp> {
  const app = await createTestApp();
  expect((await app.send('open Chat is down | Investigating')).replyText).toContain('Opened INC-1');
  app.proxy.requests.length = 0;
  return app;
}

/**
 * A reply at all: a fault that hangs (NoResponseThenWaitIndefinitely) would otherwise hold the request until jest
 * gives up. How soon is the storage-call timeout's and the webhook deadline's job, measured by `npm run bench`
 * and `npm run load`; tests never assert wall-clock times on a shared machine.
 */
function expectAnswered(reply: Reply): void {
  expect(reply.status).toBe(200);
}

async function expectPageShows(app: TestApp, version: number, text: string): Promise<void> {
  const index = (await app.readSite('index.html')) ?? '';
  expect(index).toContain(text);
  const files = await app.siteFiles();
  expect(files.find((file) => file.path === 'index.html')?.version).toBe(String(version));
}

const stateWrite = { method: 'PUT', path: '/state.json' } as const;

describe('a fault on the state write', () => {
  // The service never applied the write: the command is not applied, and the reply says so.
  it.concurrent.each<FaultKind>([
    'ServerInternalError',
    'NoResponseThenWaitIndefinitely',
    'NoResponseThenCloseConnection',
  ])('%s: replies that nothing was changed; sent again, it is applied once', async (fault) => {
    const app = await withOpenIncident();
    try {
      const removeFault = app.proxy.inject({ ...stateWrite, fault });
      const activity = app.activity('update INC-1 identified Load balancer misconfigured');
      const reply = await app.postActivity(activity);
      expectAnswered(reply);
      expect(reply.replyText).toMatch(NOT_APPLIED);
      expect(reply.replyText).not.toMatch(UPDATED);
      let state = await app.readState();
      expect(state.version).toBe(1);
      expect(state.incidents[0]!.updates).toHaveLength(1);
      expect(app.proxy.requests.some((request) => request.fault === fault)).toBe(true);

      removeFault();
      const again = await app.postActivity(activity);
      expect(again.replyText).toMatch(UPDATED);
      state = await app.readState();
      expect(state.version).toBe(2);
      expect(state.incidents[0]!.updates.map((update) => update.message)).toEqual([
        'Investigating',
        'Load balancer misconfigured',
      ]);
      await expectPageShows(app, 2, 'Load balancer misconfigured');
      expect((await app.auditEntries()).map((entry) => entry.outcome)).toEqual([
        'applied',
        'failed',
        'applied',
      ]);
    } finally {
      await app.close();
    }
  });

  // The service applied the write but its answer was lost: the command is applied, and the reply says so.
  it.concurrent.each<FaultKind>([
    'PartialResponseThenCloseConnection',
    'PartialResponseThenWaitIndefinitely',
  ])(
    '%s: the write landed, so the reply says it was applied and the page shows it; sent again, it is not applied twice',
    async (fault) => {
      const app = await withOpenIncident();
      try {
        const removeFault = app.proxy.inject({ ...stateWrite, fault });
        const activity = app.activity('update INC-1 identified Load balancer misconfigured');
        const reply = await app.postActivity(activity);
        expectAnswered(reply);
        expect(reply.replyText).toMatch(UPDATED);
        const state = await app.readState();
        expect(state.version).toBe(2);
        expect(state.incidents[0]!.updates).toHaveLength(2);
        await expectPageShows(app, 2, 'Load balancer misconfigured');

        removeFault();
        const again = await app.postActivity(activity);
        // Issue 13: a redelivery is answered with the first reply's text.
        expect(again.replyText).toBe(reply.replyText);
        expect((await app.readState()).version).toBe(2);
        expect((await app.auditEntries()).map((entry) => entry.outcome)).toEqual([
          'applied',
          'applied',
          'duplicate',
        ]);
      } finally {
        await app.close();
      }
    },
  );

  it('a fault on the first try only is retried and the command applied once', async () => {
    const app = await withOpenIncident();
    try {
      app.proxy.inject({ ...stateWrite, fault: 'PartialResponseThenCloseConnection', times: 1 });
      const reply = await app.send('update INC-1 identified Load balancer misconfigured');
      expectAnswered(reply);
      expect(reply.replyText).toMatch(UPDATED);
      expect(reply.replyText).not.toMatch(/could not/);
      expect((await app.readState()).incidents[0]!.updates).toHaveLength(2);
      await expectPageShows(app, 2, 'Load balancer misconfigured');
      expect((await app.auditEntries()).map((entry) => entry.outcome)).toEqual(['applied', 'applied']);
    } finally {
      await app.close();
    }
  });
});

describe('slow and vanishing storage', () => {
  it('answers when every storage call is slow, and the page catches up on the next tick', async () => {
    const app = await withOpenIncident();
    try {
      // Each call just inside the SDK's per-try timeout: only an overall deadline keeps the sum under 5 s.
      const removeFault = app.proxy.inject({ path: /./, delayMs: 1_200 });
      const reply = await app.send('update INC-1 identified Load balancer misconfigured');
      expectAnswered(reply);
      // Whatever the deadline cut short, the reply says which: saved (page pending), or not saved.
      expect(reply.replyText).toMatch(
        /Updated INC-1[\s\S]*page could not be updated yet|nothing was changed|may not have been saved/,
      );
      removeFault();
      expect((await app.services.tick()).kind).not.toBe('failed');
      const state = await app.readState();
      await expectPageShows(
        app,
        state.version,
        state.version === 2 ? 'Load balancer misconfigured' : 'Chat is down',
      );
    } finally {
      await app.close();
    }
  });

  it('answers when storage hangs on every call, and changes nothing', async () => {
    const app = await withOpenIncident();
    try {
      app.proxy.inject({ path: /./, fault: 'NoResponseThenWaitIndefinitely' });
      const reply = await app.send('update INC-1 identified Load balancer misconfigured');
      expectAnswered(reply);
      // Issue 13: the read is what hung, so nothing can have been saved, and the reply says so.
      expect(reply.replyText).toMatch(/Storage did not answer[\s\S]*so nothing was changed/);
      app.proxy.clearFaults();
      expect((await app.readState()).version).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('answers when storage goes away as the state is written; the command is applied once after', async () => {
    const app = await withOpenIncident();
    try {
      app.proxy.inject({ ...stateWrite, times: 1, onMatch: () => app.proxy.goAway() });
      const activity = app.activity('update INC-1 identified Load balancer misconfigured');
      const reply = await app.postActivity(activity);
      expectAnswered(reply);
      expect(reply.replyText).toMatch(/Storage did not answer[\s\S]*may not have been saved[\s\S]*list/);
      app.proxy.comeBack();
      expect((await app.readState()).version).toBe(1);
      expect((await app.postActivity(activity)).replyText).toMatch(UPDATED);
      expect((await app.postActivity(activity)).replyText).toMatch(UPDATED);
      expect((await app.readState()).incidents[0]!.updates).toHaveLength(2);
    } finally {
      await app.close();
    }
  });

  it('answers when storage goes away while the page is published; the timer repairs the page', async () => {
    const app = await withOpenIncident();
    try {
      app.proxy.inject({ method: 'PUT', path: /^\/web-/, times: 1, onMatch: () => app.proxy.goAway() });
      const reply = await app.send('update INC-1 identified Load balancer misconfigured');
      expectAnswered(reply);
      expect(reply.replyText).toMatch(UPDATED);
      expect(reply.replyText).toMatch(/Saved, but the page could not be updated yet/);
      app.proxy.comeBack();
      expect((await app.readState()).version).toBe(2);
      expect(await app.readSite('index.html')).not.toContain('Load balancer misconfigured');
      expect(await app.services.tick()).toEqual({ kind: 'repaired', version: 2 });
      await expectPageShows(app, 2, 'Load balancer misconfigured');
    } finally {
      await app.close();
    }
  });
});

describe('Azurite stopped mid-command', () => {
  let azurite: RunningAzurite;
  let location: string;
  let app: TestApp;
  beforeAll(async () => {
    location = mkdtempSync(path.join(tmpdir(), 'azurite-faults-'));
    azurite = await startAzurite({ port: 0, location });
  });
  afterAll(async () => {
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  });
  beforeEach(async () => {
    app = await createTestApp({ azuritePort: azurite.port });
    expect((await app.send('open Chat is down | Investigating')).replyText).toContain('Opened INC-1');
  });
  afterEach(async () => {
    await app.close();
  });

  /** A real stop: the process ends; the same port and data come back on restart. */
  const restart = async () => {
    azurite = await startAzurite({ port: azurite.port, location });
  };

  it('during the state write: replies, nothing is half-applied, and the retry applies it once', async () => {
    app.proxy.inject({ ...stateWrite, times: 1, onMatch: () => azurite.stop() });
    const activity = app.activity('update INC-1 identified Load balancer misconfigured');
    const reply = await app.postActivity(activity);
    expectAnswered(reply);
    expect(reply.replyText).toMatch(/Storage did not answer[\s\S]*may not have been saved/);
    await restart();
    expect((await app.readState()).version).toBe(1);
    expect((await app.postActivity(activity)).replyText).toMatch(UPDATED);
    expect((await app.postActivity(activity)).replyText).toMatch(UPDATED);
    const state = await app.readState();
    expect(state.version).toBe(2);
    expect(state.incidents[0]!.updates).toHaveLength(2);
  });

  it('during the publish: the state is saved, the reply says the page is pending, the timer repairs it', async () => {
    app.proxy.inject({ method: 'PUT', path: /^\/web-/, times: 1, onMatch: () => azurite.stop() });
    const reply = await app.send('update INC-1 identified Load balancer misconfigured');
    expectAnswered(reply);
    expect(reply.replyText).toMatch(/Updated INC-1[\s\S]*Saved, but the page could not be updated yet/);
    await restart();
    expect((await app.readState()).version).toBe(2);
    expect(await app.services.tick()).toEqual({ kind: 'repaired', version: 2 });
    await expectPageShows(app, 2, 'Load balancer misconfigured');
  });
});
