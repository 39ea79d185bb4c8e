import { posix } from 'node:path';
import type { FaultKind } from '../../scripts/countingProxy';
import { createTestApp, type TestApp } from '../support/testApp';

// Issue 6, reliability 8 and 10: the page is published pages and JSON first, feeds next, index.html last, each
// file tagged with the state version it shows. A publish interrupted anywhere leaves the old index.html live
// with every link in it working; the state is saved regardless and the reply says the page is pending; the
// timer (or the next command) repairs it so that every file carries the same version.

const UPDATE = 'update INC-1 identified Load balancer misconfigured';

async function withTwoIncidents(): Promise<TestApp> {
  const app = await createTestApp();
  await app.send('open Chat is down | Investigating');
  await app.send('open Files are slow');
  await app.send('close INC-2 Fixed');
  app.proxy.requests.length = 0;
  return app;
}

/** Every link in a published page that stays on the site resolves to a published file (as the host serves it). */
async function expectLinksWork(app: TestApp, page: string): Promise<void> {
  const html = (await app.readSite(page)) ?? '';
  const published = new Set((await app.siteFiles()).map((file) => file.path));
  const targets = [...html.matchAll(/\shref="([^"#]*)(?:#[^"]*)?"/g)]
    .map(([, href = '']) => href)
    .filter((href) => href !== '' && !/^[a-z]+:/i.test(href));
  expect(targets.length).toBeGreaterThan(3);
  for (const href of targets) {
    const resolved = href.startsWith('/') ? href.slice(1) : posix.join(posix.dirname(page), href);
    const file = resolved === '' || resolved.endsWith('/') ? `${resolved}index.html` : resolved;
    expect({ page, href, published: published.has(file) }).toEqual({ page, href, published: true });
  }
}

/** After a repair: every file the state renders to is published and tagged with the state's version. */
async function expectAllAtStateVersion(app: TestApp): Promise<number> {
  const loaded = await app.services.store.load();
  if (loaded.kind !== 'found') throw new Error(`state ${loaded.kind}`);
  const expected = app.services.render(loaded.state).map((file) => file.path);
  const versions = new Map((await app.siteFiles()).map((file) => [file.path, file.version]));
  const wanted = String(loaded.state.version);
  expect(expected.filter((path) => versions.get(path) !== wanted)).toEqual([]);
  return loaded.state.version;
}

describe('the publish order', () => {
  it('writes incident pages and JSON first, feeds next, index.html last, all tagged with the new version', async () => {
    const app = await withTwoIncidents();
    try {
      await app.send(UPDATE);
      const writes = app.proxy.requests
        .filter(
          (request) => request.method === 'PUT' && request.path.startsWith(`/${app.config.siteContainer}/`),
        )
        .map((request) => request.path.split('/').slice(2).join('/'));
      const rank = (path: string) => (path === 'index.html' ? 2 : /\.(atom|rss)$/.test(path) ? 1 : 0);
      expect(writes).toContain('incidents/INC-1.html');
      expect(writes.at(-1)).toBe('index.html');
      expect(writes.map(rank)).toEqual([...writes.map(rank)].sort());
      const versions = new Map((await app.siteFiles()).map((file) => [file.path, file.version]));
      for (const path of writes)
        expect({ path, version: versions.get(path) }).toEqual({ path, version: '4' });
    } finally {
      await app.close();
    }
  });
});

const TARGETS = ['incidents/INC-1.html', 'api/v2/summary.json', 'history.atom', 'index.html'] as const;
const FAULTS: readonly FaultKind[] = [
  'ServerInternalError',
  'NoResponseThenWaitIndefinitely',
  'NoResponseThenCloseConnection',
  'PartialResponseThenCloseConnection',
  'PartialResponseThenWaitIndefinitely',
];
const CASES = TARGETS.flatMap((target) => FAULTS.map((fault) => [target, fault] as const));

describe('a publish interrupted by a fault', () => {
  it.concurrent.each(CASES)(
    'on %s (%s): state saved, a reply, old index.html live with working links, repaired by the timer',
    async (target, fault) => {
      const app = await withTwoIncidents();
      try {
        const before = (await app.readSite('index.html')) ?? '';
        const removeFault = app.proxy.inject({ method: 'PUT', path: `/${target}`, fault });
        const reply = await app.send(UPDATE);
        expect(reply.status).toBe(200);
        expect(reply.replyText).toMatch(/Updated INC-1 \(identified\)/);
        expect(reply.replyText).toMatch(/Saved, but the page could not be updated yet[\s\S]*within a minute/);
        expect((await app.readState()).version).toBe(4);

        // index.html is the only file whose write marks the publish complete: before it lands, the old page stays.
        const indexLanded = target === 'index.html' && fault.startsWith('PartialResponse');
        const live = (await app.siteFiles()).find((file) => file.path === 'index.html')?.version;
        expect(live).toBe(indexLanded ? '4' : '3');
        if (!indexLanded) expect(await app.readSite('index.html')).toBe(before);
        await expectLinksWork(app, 'index.html');

        removeFault();
        const tick = await app.services.tick();
        expect(tick).toEqual({ kind: indexLanded ? 'current' : 'repaired', version: 4 });
        expect(await app.readSite('index.html')).toContain('Load balancer misconfigured');
        expect(await app.readSite('incidents/INC-1.html')).toContain('Load balancer misconfigured');
        if (!indexLanded) expect(await expectAllAtStateVersion(app)).toBe(4);
        await expectLinksWork(app, 'index.html');
        await expectLinksWork(app, 'incidents/INC-1.html');
      } finally {
        await app.close();
      }
    },
  );

  it('is repaired by the next command as well as by the timer', async () => {
    const app = await withTwoIncidents();
    try {
      const removeFault = app.proxy.inject({
        method: 'PUT',
        path: '/index.html',
        fault: 'ServerInternalError',
      });
      expect((await app.send(UPDATE)).replyText).toMatch(/page could not be updated yet/);
      removeFault();
      const next = await app.send('update INC-1 monitoring Fix deployed');
      expect(next.replyText).not.toMatch(/could not/);
      expect(await expectAllAtStateVersion(app)).toBe(5);
      const index = (await app.readSite('index.html')) ?? '';
      expect(index).toContain('Load balancer misconfigured');
      expect(index).toContain('Fix deployed');
    } finally {
      await app.close();
    }
  });

  it('leaves no write in flight when it reports failure, so a late write cannot undo the repair', async () => {
    const app = await withTwoIncidents();
    try {
      // One write of the first publish is slow, another fails at once.
      app.proxy.inject({ method: 'PUT', path: '/incidents/INC-1.html', delayMs: 600, times: 1 });
      app.proxy.inject({
        method: 'PUT',
        path: '/api/v2/summary.json',
        fault: 'ServerInternalError',
        times: 2,
      });
      expect((await app.send(UPDATE)).replyText).toMatch(/page could not be updated yet/);
      // The next command republishes everything (the page lags the state) ...
      expect((await app.send('update INC-1 monitoring Fix deployed')).replyText).not.toMatch(/could not/);
      // ... and whenever the slow write lands, it must not put the older page back over the newer one.
      const slow = app.proxy.requests.find((request) => request.path.endsWith('/incidents/INC-1.html'));
      for (let waited = 0; slow?.status === 0 && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(slow?.status).toBe(201);
      expect(await expectAllAtStateVersion(app)).toBe(5);
      expect(await app.readSite('incidents/INC-1.html')).toContain('Fix deployed');
    } finally {
      await app.close();
    }
  });
});
