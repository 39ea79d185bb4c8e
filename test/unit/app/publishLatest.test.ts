import { MAX_PUBLISH_ROUNDS, publishLatest } from '../../../src/app/publishLatest';
import type { StatusState } from '../../../src/core/model/state';
import { fakeCommandDeps } from '../../support/fakes/fakeCommandDeps';
import { MemorySitePublisher } from '../../support/fakes/memorySitePublisher';
import { MemoryStateStore } from '../../support/fakes/memoryStateStore';
import { aState, anOpenIncident } from '../../support/builders';

const version = (state: StatusState, next: number, incidents = state.incidents): StatusState => ({
  ...state,
  version: next,
  incidents,
});

describe('publishLatest', () => {
  it('writes only what changed since the live state, index.html last, and stops when nothing newer was saved', async () => {
    const live = aState({ incidents: [anOpenIncident(1)] });
    const saved = version(live, 8, [...live.incidents, anOpenIncident(2)]);
    const store = new MemoryStateStore();
    const etag = store.put(saved);
    const { deps, publisher } = fakeCommandDeps({ store });
    await expect(publishLatest(deps, live, saved, etag)).resolves.toMatchObject({ current: true });
    expect(publisher.writes.map((write) => write.path)).toEqual([
      'incidents/INC-2.html',
      'api/v2/incidents.json',
      'history.atom',
      'index.html',
    ]);
    expect(store.calls.filter((call) => call.op === 'load')).toEqual([]);
  });

  it('chases a newer state saved meanwhile and ends on the newest version, index.html last', async () => {
    const first = aState({ incidents: [anOpenIncident(1)], version: 1 });
    const newer = version(first, 2, [...first.incidents, anOpenIncident(2)]);
    const store = new MemoryStateStore();
    const etag = store.put(first);
    let savedMeanwhile = false;
    const publisher = new MemorySitePublisher({
      beforeWrite: () => {
        if (savedMeanwhile) return;
        savedMeanwhile = true;
        store.put(newer); // another command saves while our files are on their way
      },
    });
    const { deps } = fakeCommandDeps({ store, publisher });
    await expect(publishLatest(deps, undefined, first, etag)).resolves.toMatchObject({ current: true });
    expect(publisher.files.get('index.html')?.version).toBe(2);
    expect(publisher.files.get('incidents/INC-2.html')?.version).toBe(2);
    expect(publisher.writes.at(-1)).toEqual({ path: 'index.html', version: 2 });
    // The second round wrote only what the newer state changed.
    expect(publisher.writes.filter((write) => write.version === 2).map((write) => write.path)).toEqual([
      'incidents/INC-2.html',
      'api/v2/incidents.json',
      'history.atom',
      'index.html',
    ]);
  });

  it(`gives up after ${MAX_PUBLISH_ROUNDS} rounds when the state keeps moving`, async () => {
    let current = aState({ incidents: [anOpenIncident(1)], version: 1 });
    const store = new MemoryStateStore();
    const etag = store.put(current);
    const first = current;
    const publisher = new MemorySitePublisher({
      beforeWrite: (file) => {
        if (file.path !== 'index.html') return;
        current = version(current, current.version + 1);
        store.put(current);
      },
    });
    const { deps } = fakeCommandDeps({ store, publisher });
    await expect(publishLatest(deps, undefined, first, etag)).resolves.toMatchObject({ current: false });
    expect(publisher.writes.filter((write) => write.path === 'index.html')).toHaveLength(MAX_PUBLISH_ROUNDS);
  });

  it('stops when the state it would chase is gone', async () => {
    const saved = aState({ incidents: [anOpenIncident(1)] });
    const { deps, store } = fakeCommandDeps();
    await expect(publishLatest(deps, undefined, saved, '"gone"')).resolves.toMatchObject({ current: false });
    expect(store.calls.map((call) => call.op)).toEqual(['currentEtag', 'load']);
  });

  it('never takes the page back to an older save than one it already showed, and chases from there', async () => {
    const older = aState({ incidents: [anOpenIncident(1)], version: 9 });
    const shown = version(older, 12, []);
    const newest = version(older, 13, [anOpenIncident(2)]);
    const store = new MemoryStateStore();
    const olderEtag = store.put(older);
    store.put(shown);
    store.put(newest);
    const { deps, publisher } = fakeCommandDeps({ store });
    await expect(publishLatest(deps, undefined, older, olderEtag, shown)).resolves.toEqual({
      current: true,
      shown: newest,
    });
    expect(publisher.writes.map((write) => write.version)).not.toContain(9);
    expect(publisher.writes.at(-1)).toEqual({ path: 'index.html', version: 13 });
    // Only what changed between the page shown (12) and the newest state (13) was written.
    expect(publisher.writes.map((write) => write.path)).toEqual([
      'incidents/INC-2.html',
      'api/v2/incidents.json',
      'history.atom',
      'index.html',
    ]);
  });

  it('writes nothing when the page already shows the newest state', async () => {
    const older = aState({ incidents: [anOpenIncident(1)], version: 9 });
    const shown = version(older, 12, []);
    const store = new MemoryStateStore();
    const olderEtag = store.put(older);
    store.put(shown);
    const { deps, publisher } = fakeCommandDeps({ store });
    await expect(publishLatest(deps, undefined, older, olderEtag, shown)).resolves.toEqual({
      current: true,
      shown,
    });
    expect(publisher.writes).toEqual([]);
  });
});
