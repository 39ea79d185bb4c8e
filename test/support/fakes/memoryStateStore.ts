import type { Incident, StatusState } from '../../../src/core/model/state';
import { isOpenStatus } from '../../../src/core/model/vocabulary';
import { deepFreeze } from '../builders';
import { StorageError, type LoadResult, type SaveResult, type StateStore } from '../../../src/core/ports';

/** How a save goes wrong, as storage does. */
export type SaveFault =
  /** The write is not applied and no answer comes: the request was lost on its way. */
  | 'lost'
  /** The write is applied but its answer is lost: the connection dropped on the way back. */
  | 'answerLost'
  /** The write is applied, yet the answer is a conflict: the SDK retried a write that had already landed. */
  | 'appliedThenConflict';

/** One call the store was asked to make, with what it answered. */
export type StoreCall =
  | { op: 'load'; answer: LoadResult['kind'] | 'threw' }
  | { op: 'save'; version: number; ifMatch: string | undefined; answer: 'ok' | 'conflict' | 'threw' }
  | { op: 'currentEtag' }
  | { op: 'archive'; ids: string[] }
  | { op: 'sweep'; now: string };

/**
 * A copy of the state as the blob store hands it out: its resolved incidents frozen (the blob store shares them
 * between loads), so code that changed one in place fails here too.
 */
function asLoaded(state: StatusState): StatusState {
  const copy = structuredClone(state);
  for (const incident of copy.incidents) if (!isOpenStatus(incident.status)) deepFreeze(incident);
  return copy;
}

type Stored = { kind: 'state'; state: StatusState; etag: string } | { kind: 'invalid'; reason: string };

/**
 * The StateStore port in memory, with ETags as storage keeps them: a save names the ETag it read, and loses to
 * any write made since. Records every call in order; faults are scripted per call.
 */
export class MemoryStateStore implements StateStore {
  readonly calls: StoreCall[] = [];
  readonly archived = new Map<string, Incident>();
  /** Runs as each save arrives, before it is decided: another instance's chance to write first. */
  beforeSave: (() => void) | undefined;
  private stored: Stored | undefined;
  private etags = 0;
  private readonly saveFaults: SaveFault[] = [];
  private loadFaults = 0;

  constructor(initial?: StatusState) {
    if (initial) this.put(initial);
  }

  /** The stored state (a copy), if there is a readable one. */
  get state(): StatusState | undefined {
    return this.stored?.kind === 'state' ? structuredClone(this.stored.state) : undefined;
  }

  /** Another writer's unconditional write (another instance, an operator); returns the new ETag. */
  put(state: StatusState): string {
    const etag = `"${++this.etags}"`;
    this.stored = { kind: 'state', state: structuredClone(state), etag };
    return etag;
  }

  /** The stored document stops being a state we can read. */
  corrupt(reason: string): void {
    this.stored = { kind: 'invalid', reason };
  }

  /** The next saves go wrong, one fault each, in order. */
  failNextSaves(...faults: SaveFault[]): void {
    this.saveFaults.push(...faults);
  }

  /** The next `times` loads get no answer. */
  failNextLoads(times = 1): void {
    this.loadFaults += times;
  }

  /** The saves recorded so far. */
  get saves(): Extract<StoreCall, { op: 'save' }>[] {
    return this.calls.filter((call) => call.op === 'save');
  }

  load(): Promise<LoadResult> {
    if (this.loadFaults > 0) {
      this.loadFaults -= 1;
      this.calls.push({ op: 'load', answer: 'threw' });
      return Promise.reject(new StorageError('storage read of the state failed: no answer in time'));
    }
    const result: LoadResult =
      this.stored === undefined
        ? { kind: 'missing' }
        : this.stored.kind === 'invalid'
          ? { kind: 'invalid', reason: this.stored.reason }
          : { kind: 'found', state: asLoaded(this.stored.state), etag: this.stored.etag };
    this.calls.push({ op: 'load', answer: result.kind });
    return Promise.resolve(result);
  }

  save(state: StatusState, etag: string | undefined): Promise<SaveResult> {
    this.beforeSave?.();
    const call = { op: 'save' as const, version: state.version, ifMatch: etag };
    const fault = this.saveFaults.shift();
    if (fault === 'lost') {
      this.calls.push({ ...call, answer: 'threw' });
      return Promise.reject(new StorageError('storage write of the state failed: no answer in time'));
    }
    const current = this.stored?.kind === 'state' ? this.stored.etag : undefined;
    const matches = etag === undefined ? this.stored === undefined : etag === current;
    if (!matches) {
      this.calls.push({ ...call, answer: 'conflict' });
      return Promise.resolve({ ok: false, reason: 'conflict' });
    }
    const written = this.put(state);
    if (fault === 'answerLost') {
      this.calls.push({ ...call, answer: 'threw' });
      return Promise.reject(new StorageError('storage write of the state failed: connection reset'));
    }
    if (fault === 'appliedThenConflict') {
      this.calls.push({ ...call, answer: 'conflict' });
      return Promise.resolve({ ok: false, reason: 'conflict' });
    }
    this.calls.push({ ...call, answer: 'ok' });
    return Promise.resolve({ ok: true, etag: written });
  }

  currentEtag(): Promise<string | undefined> {
    this.calls.push({ op: 'currentEtag' });
    return Promise.resolve(this.stored?.kind === 'state' ? this.stored.etag : undefined);
  }

  archive(incidents: readonly Incident[]): Promise<void> {
    this.calls.push({ op: 'archive', ids: incidents.map((incident) => incident.id) });
    for (const incident of incidents) this.archived.set(incident.id, structuredClone(incident));
    return Promise.resolve();
  }

  /** One document in memory: nothing is ever left behind to sweep. */
  sweep(now: string): Promise<number> {
    this.calls.push({ op: 'sweep', now });
    return Promise.resolve(0);
  }
}
