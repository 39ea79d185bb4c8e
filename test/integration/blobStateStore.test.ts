import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import {
  BlobStateStore,
  PART_NUMBERS,
  resolvedBlobName,
  STATE_BLOB,
  SWEEP_AFTER_MS,
} from '../../src/adapters/storage/blobStateStore';
import { isOpenStatus } from '../../src/core/model/vocabulary';
import type { StatusState } from '../../src/core/model/state';
import { aResolvedIncident, aState, anOpenIncident, T0 } from '../support/builders';
import { aBusyState, describeStateStoreContract } from '../contract/stateStore.contract';
import { azuriteConnectionString } from '../support/testApp';

async function newContainer(): Promise<ContainerClient> {
  const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
  const container = service.getContainerClient(`state-${randomUUID().slice(0, 8)}`);
  await container.create();
  return container;
}

describeStateStoreContract('BlobStateStore on Azurite', async () => {
  const container = await newContainer();
  return {
    store: new BlobStateStore(container),
    another: () => new BlobStateStore(container),
    cleanup: async () => {
      await container.delete();
    },
  };
});

// Issue 13, part 8: a command read and wrote the whole state, 350 KB at the cap, though only the open incidents
// and the counters change on most commands. The resolved incidents now live in a blob of their own, named by the
// hash of its content, written only when they change and read once per instance.
describe('BlobStateStore: the resolved incidents apart from state.json', () => {
  let container: ContainerClient;
  beforeEach(async () => {
    container = await newContainer();
  });
  afterEach(async () => {
    await container.delete();
  });

  const text = async (name: string) =>
    (await container.getBlobClient(name).downloadToBuffer()).toString('utf8');
  const resolvedBlobs = async () => {
    const found: { name: string; etag: string }[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: 'state-resolved/' }))
      found.push({ name: blob.name, etag: blob.properties.etag ?? '' });
    return found;
  };
  const upload = async (name: string, body: string) => {
    await container.getBlockBlobClient(name).upload(body, Buffer.byteLength(body));
  };
  const saveOk = async (store: BlobStateStore, state: StatusState, etag: string | undefined) => {
    const result = await store.save(state, etag);
    if (!result.ok) throw new Error('the save was refused');
    return result.etag;
  };
  const resolvedOf = (state: StatusState) =>
    state.incidents.filter((incident) => !/^INC-(2|5)$/.test(incident.id));

  it('keeps only the open incidents in state.json, and the resolved ones in a blob named by their hash', async () => {
    const state = aBusyState();
    await saveOk(new BlobStateStore(container), state, undefined);
    const stored = JSON.parse(await text(STATE_BLOB)) as StatusState & { resolved: { blobs: string[] } };
    expect(stored.incidents.map((incident) => incident.id)).toEqual(['INC-2', 'INC-5']);
    const [blob = ''] = stored.resolved.blobs;
    const json = await text(blob);
    expect(JSON.parse(json)).toEqual(resolvedOf(state));
    expect(blob).toBe(resolvedBlobName(json));
    expect((await resolvedBlobs()).map((found) => found.name)).toEqual([blob]);
  });

  it('does not write the resolved incidents again when a command leaves them unchanged', async () => {
    const store = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(store, first, undefined);
    const before = await resolvedBlobs();
    expect(before).toHaveLength(1);
    const updated = { ...first, version: 8, incidents: first.incidents.map((i) => ({ ...i })) };
    await saveOk(store, updated, etag);
    // Another instance, which read the state, leaves them unchanged too.
    const other = new BlobStateStore(container);
    const loaded = await other.load();
    if (loaded.kind !== 'found') throw new Error(loaded.kind);
    await saveOk(other, { ...loaded.state, version: 9 }, loaded.etag);
    expect(await resolvedBlobs()).toEqual(before);
  });

  /** An instant after every blob written so far is old enough for the sweep. */
  const later = () => new Date(Date.now() + SWEEP_AFTER_MS + 60_000).toISOString();
  const closeInc2 = (state: StatusState) => ({
    ...state,
    version: 8,
    incidents: state.incidents.map((i) => (i.id === 'INC-2' ? aResolvedIncident(2, T0) : i)),
  });

  it('writes a new blob when they change, and leaves the one no state names to the sweep', async () => {
    const store = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(store, first, undefined);
    const [before] = await resolvedBlobs();
    const closed = closeInc2(first);
    await saveOk(store, closed, etag);
    // Nothing is deleted on the way to a reply: both are there.
    const both = await resolvedBlobs();
    expect(both).toHaveLength(2);
    const after = both.find((blob) => blob.name !== before?.name);
    const json = await text(after?.name ?? '');
    expect(after?.name).toBe(resolvedBlobName(json));
    expect(JSON.parse(json)).toEqual(closed.incidents.filter((i) => i.id !== 'INC-5'));
    await expect(new BlobStateStore(container).load()).resolves.toMatchObject({ state: closed });
  });

  it(`sweeps a part no state.json names once it is ${SWEEP_AFTER_MS / 60_000} minutes old, never one it names`, async () => {
    const store = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(store, first, undefined);
    const [old] = await resolvedBlobs();
    const closed = closeInc2(first);
    await saveOk(store, closed, etag);
    // A reader of the replaced state.json may still want it: too young to go.
    await expect(store.sweep(new Date().toISOString())).resolves.toBe(0);
    expect(await resolvedBlobs()).toHaveLength(2);
    await expect(store.sweep(later())).resolves.toBe(1);
    const left = await resolvedBlobs();
    expect(left).toHaveLength(1);
    expect(left[0]?.name).not.toBe(old?.name);
    await expect(new BlobStateStore(container).load()).resolves.toMatchObject({ state: closed });
    await expect(store.sweep(later())).resolves.toBe(0);
  });

  it('keeps a part written again after the sweep listed it (a writer needed the same content again)', async () => {
    const store = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(store, first, undefined);
    const [old] = await resolvedBlobs();
    await saveOk(store, closeInc2(first), etag);
    const oldContent = await text(old?.name ?? '');
    // Between the listing and the delete, another instance writes the same part anew (a new ETag).
    const racing = new Proxy(container, {
      get(target, property, receiver) {
        if (property !== 'getBlockBlobClient') return Reflect.get(target, property, receiver) as unknown;
        return (name: string) => {
          const blob = target.getBlockBlobClient(name);
          if (name !== STATE_BLOB) return blob;
          return new Proxy(blob, {
            get(inner, key, innerReceiver) {
              if (key !== 'downloadToBuffer') return Reflect.get(inner, key, innerReceiver) as unknown;
              return async (...args: Parameters<typeof inner.downloadToBuffer>) => {
                await upload(old?.name ?? '', oldContent);
                return inner.downloadToBuffer(...args);
              };
            },
          });
        };
      },
    });
    await expect(new BlobStateStore(racing).sweep(later())).resolves.toBe(0);
    expect((await resolvedBlobs()).map((blob) => blob.name)).toContain(old?.name);
  });

  it('sweeps nothing while state.json cannot be read', async () => {
    const store = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(store, first, undefined);
    await saveOk(store, closeInc2(first), etag);
    await upload(STATE_BLOB, 'not JSON');
    await expect(store.sweep(later())).resolves.toBe(0);
    await container.deleteBlob(STATE_BLOB);
    await expect(store.sweep(later())).resolves.toBe(0);
    expect(await resolvedBlobs()).toHaveLength(2);
  });

  it('rewrites only the part of the incident a close changed, not every resolved incident', async () => {
    const store = new BlobStateStore(container);
    const incidents = [
      ...[1, 2, 3].map((n) => aResolvedIncident(n, T0)),
      ...[PART_NUMBERS + 1, PART_NUMBERS + 2].map((n) => aResolvedIncident(n, T0)),
      anOpenIncident(PART_NUMBERS + 3),
    ];
    const first = aState({ incidents });
    const etag = await saveOk(store, first, undefined);
    const before = await resolvedBlobs();
    expect(before).toHaveLength(2);
    const closed = {
      ...first,
      version: 8,
      incidents: incidents.map((i) => (isOpenStatus(i.status) ? aResolvedIncident(i.number, T0) : i)),
    };
    await saveOk(store, closed, etag);
    // One new part, and the replaced one left to the sweep.
    expect(await resolvedBlobs()).toHaveLength(3);
    await store.sweep(later());
    const after = await resolvedBlobs();
    expect(after).toHaveLength(2);
    // The part of INC-1…3 is the same blob, untouched; the other one was replaced.
    expect(
      after.filter((blob) => before.some((b) => b.name === blob.name && b.etag === blob.etag)),
    ).toHaveLength(1);
    await expect(new BlobStateStore(container).load()).resolves.toMatchObject({ state: closed });
  });

  it('hands out the archived summaries of one load after another as the same frozen objects', async () => {
    const summary = (n: number, title = `Archived ${n}`) => ({
      id: `INC-${n}`,
      title,
      impact: 'minor' as const,
      status: 'resolved' as const,
      createdAt: T0,
      resolvedAt: T0,
    });
    const state = {
      ...aBusyState(),
      history: { months: { '2026-11': 9 }, archived: [summary(1), summary(2)] },
    };
    const store = new BlobStateStore(container);
    const etag = await saveOk(store, state, undefined);
    const load = async () => {
      const loaded = await store.load();
      if (loaded.kind !== 'found') throw new Error(loaded.kind);
      return loaded;
    };
    const first = await load();
    const second = await load();
    expect(second.state.history.archived).toEqual(state.history.archived);
    second.state.history.archived.forEach((one, i) => {
      expect(one).toBe(first.state.history.archived[i]);
      expect(Object.isFrozen(one)).toBe(true);
    });
    // One summary changed: it is a new object with its new content, the other the same.
    const renamed = {
      ...state,
      version: 8,
      history: { ...state.history, archived: [summary(1), summary(2, 'Renamed')] },
    };
    await saveOk(store, renamed, etag);
    const third = await load();
    expect(third.state.history.archived).toEqual(renamed.history.archived);
    expect(third.state.history.archived[0]).toBe(first.state.history.archived[0]);
    expect(third.state.history.archived[1]).not.toBe(first.state.history.archived[1]);
  });

  it('reads state.json alone on an instance that has seen the resolved incidents', async () => {
    const store = new BlobStateStore(container);
    const state = aBusyState();
    const etag = await saveOk(store, state, undefined);
    // Gone behind its back: this instance still loads (it does not read the blob again); a new one cannot.
    for (const blob of await resolvedBlobs()) await container.deleteBlob(blob.name);
    await expect(store.load()).resolves.toEqual({ kind: 'found', state, etag });
    await expect(new BlobStateStore(container).load()).resolves.toMatchObject({ kind: 'invalid' });
  });

  it('reads state.json again when the part it named was replaced and deleted while it was reading', async () => {
    const writer = new BlobStateStore(container);
    const first = aBusyState();
    const etag = await saveOk(writer, first, undefined);
    const closed = closeInc2(first);
    // A reader whose first read of a part comes just after another instance replaced it and the sweep deleted
    // the old one (a reader slower than the sweep's grace).
    let raced = false;
    const racing = new Proxy(container, {
      get(target, property, receiver) {
        if (property !== 'getBlockBlobClient') return Reflect.get(target, property, receiver) as unknown;
        return (name: string) => {
          const blob = target.getBlockBlobClient(name);
          if (!name.startsWith('state-resolved/') || raced) return blob;
          raced = true;
          return new Proxy(blob, {
            get(inner, key, innerReceiver) {
              if (key !== 'download') return Reflect.get(inner, key, innerReceiver) as unknown;
              return async (...args: Parameters<typeof inner.download>) => {
                await saveOk(writer, closed, etag);
                await writer.sweep(later());
                return inner.download(...args);
              };
            },
          });
        };
      },
    });
    await expect(new BlobStateStore(racing).load()).resolves.toMatchObject({ kind: 'found', state: closed });
    expect(raced).toBe(true);
  });

  it('reports a state whose resolved incidents are missing as invalid, naming the blob', async () => {
    const state = aBusyState();
    await saveOk(new BlobStateStore(container), state, undefined);
    const [blob] = await resolvedBlobs();
    await container.deleteBlob(blob?.name ?? '');
    const loaded = await new BlobStateStore(container).load();
    expect(loaded).toEqual({ kind: 'invalid', reason: expect.stringContaining(blob?.name ?? '?') as string });
    expect(loaded.kind === 'invalid' && loaded.reason).toContain('not there');
  });

  it('still loads a state.json written before the split, with every incident in it, and splits it on save', async () => {
    const state = aBusyState();
    await upload(STATE_BLOB, JSON.stringify(state));
    const store = new BlobStateStore(container);
    const loaded = await store.load();
    if (loaded.kind !== 'found') throw new Error(loaded.kind);
    expect(loaded.state).toEqual(state);
    const next = { ...state, version: 8 };
    const etag = await saveOk(store, next, loaded.etag);
    expect((JSON.parse(await text(STATE_BLOB)) as StatusState).incidents).toHaveLength(2);
    expect(await resolvedBlobs()).toHaveLength(1);
    await expect(new BlobStateStore(container).load()).resolves.toEqual({ kind: 'found', state: next, etag });
  });

  it('validates the stored IDs in both parts, and refuses a blob whose content is not what its name says', async () => {
    const state = aBusyState();
    await saveOk(new BlobStateStore(container), state, undefined);
    const stored = JSON.parse(await text(STATE_BLOB)) as {
      incidents: { id: string }[];
      resolved: { blobs: string[]; places: number[][] };
    };
    // A forged ID in state.json.
    const forgedHot = structuredClone(stored);
    if (forgedHot.incidents[0]) forgedHot.incidents[0].id = '../404';
    await upload(STATE_BLOB, JSON.stringify(forgedHot));
    await expect(new BlobStateStore(container).load()).resolves.toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('is not INC-2') as string,
    });
    // A forged ID among the resolved incidents, in a blob named by its hash.
    const resolved = resolvedOf(state).map((incident, index) =>
      index === 0 ? { ...incident, id: '../../state' } : incident,
    );
    const json = JSON.stringify(resolved);
    await upload(resolvedBlobName(json), json);
    await upload(
      STATE_BLOB,
      JSON.stringify({ ...stored, resolved: { ...stored.resolved, blobs: [resolvedBlobName(json)] } }),
    );
    await expect(new BlobStateStore(container).load()).resolves.toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('is not INC-1') as string,
    });
    // A blob changed in place: its content is no longer the one its name is the hash of.
    await upload(stored.resolved.blobs[0] ?? '', JSON.stringify(resolvedOf(state).slice(1)));
    await upload(STATE_BLOB, JSON.stringify(stored));
    await expect(new BlobStateStore(container).load()).resolves.toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('hash') as string,
    });
    // A name that is not one of ours.
    await upload(
      STATE_BLOB,
      JSON.stringify({ ...stored, resolved: { ...stored.resolved, blobs: ['../state.json'] } }),
    );
    await expect(new BlobStateStore(container).load()).resolves.toMatchObject({ kind: 'invalid' });
  });
});
