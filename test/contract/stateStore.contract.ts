import type { StatusState } from '../../src/core/model/state';
import type { StateStore } from '../../src/core/ports';
import { aMaintenance, aResolvedIncident, aState, anOpenIncident, daysBefore, T0 } from '../support/builders';

// What every StateStore promises, however it keeps the state: one suite, run against the in-memory fake and the
// blob store on Azurite. The core and transact rely on exactly this: a load returns the state last saved, with
// an ETag; a save names the ETag it read and loses to any write made since; nothing else.

export interface StoreUnderTest {
  store: StateStore;
  /** Another instance on the same storage (the fake: the same store), with nothing in memory from this one. */
  another: () => StateStore;
  cleanup: () => Promise<void>;
}

/** A bad fortnight in small: open and resolved incidents interleaved, maintenance, components, undo. */
export function aBusyState(fields: Partial<StatusState> = {}): StatusState {
  const incidents = [
    aResolvedIncident(1, daysBefore(T0, 9)),
    anOpenIncident(2, { components: ['chat'] }),
    aResolvedIncident(3, daysBefore(T0, 5), { title: 'Résolu ✅ — “quotes”, emoji 🚨' }),
    aResolvedIncident(4, daysBefore(T0, 2)),
    anOpenIncident(5, { status: 'monitoring' }),
    aResolvedIncident(6, daysBefore(T0, 1), { status: 'postmortem' }),
  ];
  return aState({
    incidents,
    maintenances: [aMaintenance(1)],
    components: { chat: { status: 'major_outage', updatedAt: T0 } },
    ...fields,
  });
}

const closing = (state: StatusState, number: number): StatusState => ({
  ...state,
  version: state.version + 1,
  incidents: state.incidents.map((incident) =>
    incident.number === number ? aResolvedIncident(number, T0, { title: incident.title }) : incident,
  ),
});

const updating = (state: StatusState, title: string): StatusState => ({
  ...state,
  version: state.version + 1,
  incidents: state.incidents.map((incident) => (incident.number === 2 ? { ...incident, title } : incident)),
});

export function describeStateStoreContract(name: string, create: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the StateStore contract`, () => {
    let target: StoreUnderTest;
    beforeEach(async () => {
      target = await create();
    });
    afterEach(async () => {
      await target.cleanup();
    });

    it('finds no state before the first save, and no ETag', async () => {
      await expect(target.store.load()).resolves.toEqual({ kind: 'missing' });
      await expect(target.store.currentEtag()).resolves.toBeUndefined();
    });

    it('creates the state on a save without an ETag, and gives back exactly what was saved', async () => {
      const state = aBusyState();
      const saved = await target.store.save(state, undefined);
      expect(saved).toMatchObject({ ok: true });
      const etag = saved.ok ? saved.etag : '';
      await expect(target.store.load()).resolves.toEqual({ kind: 'found', state, etag });
      await expect(target.another().load()).resolves.toEqual({ kind: 'found', state, etag });
      await expect(target.store.currentEtag()).resolves.toBe(etag);
    });

    it('refuses a create when a state exists: a conflict, and the stored state is unchanged', async () => {
      const first = aBusyState();
      await target.store.save(first, undefined);
      await expect(target.another().save(aBusyState({ version: 99 }), undefined)).resolves.toEqual({
        ok: false,
        reason: 'conflict',
      });
      await expect(target.store.load()).resolves.toMatchObject({ kind: 'found', state: first });
    });

    it('saves over the ETag it read, with a new ETag, and loses to any write made since', async () => {
      const first = aBusyState();
      const created = await target.store.save(first, undefined);
      if (!created.ok) throw new Error('not created');
      const second = updating(first, 'Chat is slow');
      const saved = await target.store.save(second, created.etag);
      if (!saved.ok) throw new Error('not saved');
      expect(saved.etag).not.toBe(created.etag);
      // Another instance still holding the first ETag loses, whatever it saves.
      await expect(target.another().save(closing(first, 2), created.etag)).resolves.toEqual({
        ok: false,
        reason: 'conflict',
      });
      await expect(target.another().load()).resolves.toEqual({
        kind: 'found',
        state: second,
        etag: saved.etag,
      });
      await expect(target.store.currentEtag()).resolves.toBe(saved.etag);
    });

    it('gives every instance the newest state through closes, reopens and an undo that restores an earlier one', async () => {
      const first = aBusyState();
      const a = target.store;
      const b = target.another();
      let etag = await saved(a.save(first, undefined));
      // b closes INC-2 (the resolved incidents change), a reads it, updates INC-5, b reads that.
      const closed = closing(first, 2);
      etag = await saved(b.save(closed, await loadedEtag(b, first)));
      await expect(a.load()).resolves.toEqual({ kind: 'found', state: closed, etag });
      const updated = { ...closed, version: closed.version + 1, updatedAt: daysBefore(T0, -1) };
      etag = await saved(a.save(updated, etag));
      await expect(b.load()).resolves.toEqual({ kind: 'found', state: updated, etag });
      // b takes the close back: the incidents are those of the first state again.
      const undone = { ...first, version: updated.version + 1 };
      etag = await saved(b.save(undone, etag));
      for (const store of [a, b, target.another()])
        await expect(store.load()).resolves.toEqual({ kind: 'found', state: undone, etag });
      // And again, from the other side.
      const again = closing(undone, 2);
      etag = await saved(a.save(again, etag));
      for (const store of [a, b, target.another()])
        await expect(store.load()).resolves.toEqual({ kind: 'found', state: again, etag });
    });

    it('gives every incident back in its place: one reopened between resolved ones keeps its place', async () => {
      const state = aBusyState();
      const etag = await saved(target.store.save(state, undefined));
      const reopened = {
        ...state,
        version: 8,
        incidents: state.incidents.map((i) => (i.id === 'INC-3' ? anOpenIncident(3) : i)),
      };
      const next = await saved(target.store.save(reopened, etag));
      await expect(target.another().load()).resolves.toEqual({ kind: 'found', state: reopened, etag: next });
      await expect(target.store.load()).resolves.toEqual({ kind: 'found', state: reopened, etag: next });
    });

    it('keeps a state with no incident, and one with only resolved incidents', async () => {
      const empty = aState();
      const etag = await saved(target.store.save(empty, undefined));
      await expect(target.another().load()).resolves.toEqual({ kind: 'found', state: empty, etag });
      const resolved = aState({
        version: 8,
        incidents: [aResolvedIncident(1, T0), aResolvedIncident(2, T0)],
      });
      const next = await saved(target.store.save(resolved, etag));
      await expect(target.another().load()).resolves.toEqual({ kind: 'found', state: resolved, etag: next });
    });

    it('archives incidents, and archiving them again succeeds', async () => {
      const incidents = [aResolvedIncident(1, daysBefore(T0, 40)), aResolvedIncident(2, daysBefore(T0, 30))];
      await expect(target.store.archive(incidents)).resolves.toBeUndefined();
      await expect(target.store.archive(incidents)).resolves.toBeUndefined();
    });
  });
}

async function saved(result: Promise<Awaited<ReturnType<StateStore['save']>>>): Promise<string> {
  const outcome = await result;
  if (!outcome.ok) throw new Error('the save was refused');
  return outcome.etag;
}

async function loadedEtag(store: StateStore, expected: StatusState): Promise<string> {
  const loaded = await store.load();
  if (loaded.kind !== 'found') throw new Error(`nothing to load: ${loaded.kind}`);
  expect(loaded.state).toEqual(expected);
  return loaded.etag;
}
