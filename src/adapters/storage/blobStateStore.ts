import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { LoadResult, SaveResult, StateStore } from '../../core/ports';
import { emptyState, type Incident, type StatusState } from '../../core/model/state';
import { toStatusState } from '../../core/model/stateSchema';
import { isOpenStatus } from '../../core/model/vocabulary';
import { boundedCall } from './blobClient';
import { statusOf, storageCall, toStorageError } from './blobErrors';
import { safeBlobName } from './blobName';

export const STATE_BLOB = 'state.json';
export const JSON_TYPE = 'application/json; charset=utf-8';

export function archiveBlobName(incidentId: string): string {
  return safeBlobName(`archive/incidents/${incidentId}.json`);
}

/** Where the resolved incidents of a state are kept: named by the SHA-256 (hex) of their JSON, never rewritten. */
const RESOLVED_PREFIX = 'state-resolved/';
const RESOLVED_NAME = /^state-resolved\/[0-9a-f]{64}\.json$/;

export function resolvedBlobName(json: string): string {
  return `${RESOLVED_PREFIX}${createHash('sha256').update(json, 'utf8').digest('hex')}.json`;
}

/**
 * In state.json, where the incidents kept in a blob of their own were: the blob's name and their places in
 * `incidents`, so the state read back is exactly the state saved.
 */
interface ResolvedPointer {
  blob: string;
  positions: number[];
}

/** Parsed resolved parts kept in memory, bounded by the bytes of their JSON (a state is at most 4 MiB). */
export const RESOLVED_CACHE_BYTES = 8 * 1024 * 1024;
/** ETags of state.json whose resolved part this instance knows, without reading it again. */
const POINTERS_KEPT = 8;
/** A resolved part missing while state.json moved on (deleted by the writer that replaced it): read again. */
const LOAD_TRIES = 3;

interface ResolvedPart {
  name: string;
  /** The blob's ETag when this instance last read or wrote it: a delete is conditional on it. */
  etag: string;
  /** Validated and deeply frozen: shared by every state this instance loads, never changed. */
  incidents: readonly Incident[];
  bytes: number;
}

type Read =
  | { kind: 'result'; result: LoadResult }
  /** The resolved part named is not there: state.json may have moved on since it was read. */
  | { kind: 'resolvedMissing'; etag: string; reason: string };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toPointer(value: unknown, incidents: number): ResolvedPointer | string {
  if (!isRecord(value) || typeof value.blob !== 'string' || !Array.isArray(value.positions))
    return 'state.resolved is not { blob, positions }';
  if (!RESOLVED_NAME.test(value.blob)) return 'state.resolved.blob is not a resolved-incidents blob name';
  const positions = value.positions as unknown[];
  const total = incidents + positions.length;
  let last = -1;
  for (const position of positions) {
    if (typeof position !== 'number' || !Number.isInteger(position) || position <= last || position >= total)
      return 'state.resolved.positions are not increasing places in the incident list';
    last = position;
  }
  return { blob: value.blob, positions: positions as number[] };
}

/**
 * The state in Blob Storage, in two documents. state.json holds what changes on every command (open incidents,
 * components, maintenance, redelivery memory, the outbox, counters) and is the commit point: written with ETag
 * preconditions, so no update is ever lost. The resolved incidents, which change only on close, reopen, edit,
 * undo and archive, are kept in an immutable blob named by the hash of its content (`state-resolved/<sha256>.json`),
 * written before the state.json that names it (and only when it changed), so a reader never finds state.json
 * naming a blob that was never written. An instance keeps the resolved parts it has read or written, parsed and
 * validated, so a warm instance reads and parses only state.json per command.
 *
 * The resolved part a replaced state.json named is deleted after the replacing write, on the condition that it is
 * still the blob this instance read or wrote (If-Match): a writer that needed the same content again since has
 * written it anew, with a new ETag, and keeps it. A reader that finds its resolved part gone reads state.json
 * again. Blob soft delete keeps deleted parts for recovery. A state.json from before the split (every incident in
 * it) still loads; the first save splits it.
 */
export class BlobStateStore implements StateStore {
  private readonly resolvedParts = new Map<string, ResolvedPart>();
  /** state.json ETag → the resolved part it names (undefined: none, a state.json from before the split). */
  private readonly pointers = new Map<string, string | undefined>();

  constructor(
    private readonly container: ContainerClient,
    private readonly resolvedCacheBytes = RESOLVED_CACHE_BYTES,
  ) {}

  private get blob() {
    return this.container.getBlockBlobClient(STATE_BLOB);
  }

  async load(): Promise<LoadResult> {
    let read: Read | undefined;
    for (let attempt = 0; attempt < LOAD_TRIES; attempt++) {
      const previous: Read | undefined = read;
      read = await this.read();
      if (read.kind === 'result') return read.result;
      // Missing twice under the same state.json: it names a blob that is not there.
      if (previous?.kind === 'resolvedMissing' && previous.etag === read.etag) break;
    }
    return { kind: 'invalid', reason: read?.kind === 'resolvedMissing' ? read.reason : 'unreadable state' };
  }

  private async read(): Promise<Read> {
    let buffer: Buffer;
    let etag: string | undefined;
    try {
      const response = await this.blob.download(0, undefined, boundedCall());
      etag = response.etag;
      buffer = await readAll(response.readableStreamBody);
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'result', result: { kind: 'missing' } };
      throw toStorageError('read of the state', error);
    }
    if (!etag) throw toStorageError('read of the state', new Error('no ETag'));
    const invalid = (reason: string): Read => ({ kind: 'result', result: { kind: 'invalid', reason } });
    let json: unknown;
    try {
      json = JSON.parse(buffer.toString('utf8'));
    } catch {
      return invalid('the state document is not valid JSON');
    }
    if (!isRecord(json) || json.resolved === undefined) {
      // One document with every incident (written before the split).
      const parsed = toStatusState(json);
      if (!parsed.ok) return invalid(parsed.reason);
      this.remember(etag, undefined);
      return { kind: 'result', result: { kind: 'found', state: parsed.state, etag } };
    }
    const { resolved, ...hot } = json;
    const parsed = toStatusState(hot);
    if (!parsed.ok) return invalid(parsed.reason);
    const pointer = toPointer(resolved, parsed.state.incidents.length);
    if (typeof pointer === 'string') return invalid(pointer);
    const part = await this.resolvedPart(pointer.blob, parsed.state.updatedAt);
    if (part.kind !== 'found')
      return part.kind === 'missing'
        ? { kind: 'resolvedMissing', etag, reason: part.reason }
        : invalid(part.reason);
    const { incidents } = part.part;
    if (incidents.length !== pointer.positions.length)
      return invalid(
        `${pointer.blob} holds ${incidents.length} incidents, state.json places ${pointer.positions.length}`,
      );
    if (incidents.some((incident) => isOpenStatus(incident.status)))
      return invalid(`${pointer.blob} holds an incident that is not resolved`);
    this.remember(etag, pointer.blob);
    return {
      kind: 'result',
      result: { kind: 'found', state: merge(parsed.state, incidents, pointer), etag },
    };
  }

  private async resolvedPart(
    name: string,
    updatedAt: string,
  ): Promise<{ kind: 'found'; part: ResolvedPart } | { kind: 'missing' | 'invalid'; reason: string }> {
    const known = this.resolvedParts.get(name);
    if (known) {
      this.resolvedParts.delete(name);
      this.resolvedParts.set(name, known);
      return { kind: 'found', part: known };
    }
    let text: string;
    let etag: string | undefined;
    try {
      const response = await this.container.getBlockBlobClient(name).download(0, undefined, boundedCall());
      etag = response.etag;
      text = (await readAll(response.readableStreamBody)).toString('utf8');
    } catch (error) {
      if (statusOf(error) === 404)
        return { kind: 'missing', reason: `the state names ${name}, which is not there` };
      throw toStorageError('read of the resolved incidents', error);
    }
    if (!etag) throw toStorageError('read of the resolved incidents', new Error('no ETag'));
    if (resolvedBlobName(text) !== name)
      return { kind: 'invalid', reason: `${name} does not hold the content its name is the hash of` };
    let incidents: unknown;
    try {
      incidents = JSON.parse(text);
    } catch {
      return { kind: 'invalid', reason: `${name} is not valid JSON` };
    }
    // Validated as the incidents of a state, so the same rules (stored IDs among them) apply to both parts.
    const parsed = Array.isArray(incidents)
      ? toStatusState({ ...emptyState(updatedAt), incidents })
      : ({ ok: false, reason: 'not a list' } as const);
    if (!parsed.ok) return { kind: 'invalid', reason: `${name}: ${parsed.reason}` };
    const part = { name, etag, incidents: deepFreeze(parsed.state.incidents), bytes: text.length };
    this.keep(part);
    return { kind: 'found', part };
  }

  private keep(part: ResolvedPart): void {
    if (part.bytes > this.resolvedCacheBytes) return;
    this.resolvedParts.delete(part.name);
    this.resolvedParts.set(part.name, part);
    let total = 0;
    for (const kept of this.resolvedParts.values()) total += kept.bytes;
    for (const [name, kept] of this.resolvedParts) {
      if (total <= this.resolvedCacheBytes) break;
      this.resolvedParts.delete(name);
      total -= kept.bytes;
    }
  }

  private remember(etag: string, resolved: string | undefined): void {
    this.pointers.delete(etag);
    this.pointers.set(etag, resolved);
    for (const oldest of this.pointers.keys()) {
      if (this.pointers.size <= POINTERS_KEPT) break;
      this.pointers.delete(oldest);
    }
  }

  async save(state: StatusState, etag: string | undefined): Promise<SaveResult> {
    const positions: number[] = [];
    const open: Incident[] = [];
    let resolved: Incident[] = [];
    state.incidents.forEach((incident, index) => {
      if (isOpenStatus(incident.status)) open.push(incident);
      else {
        positions.push(index);
        resolved.push(incident);
      }
    });
    const replaced = etag === undefined ? undefined : this.pointers.get(etag);
    // Most commands leave the resolved incidents as they were loaded: the very same (frozen) objects, so the
    // same content and name, found without serialising or hashing them.
    let name: string;
    if (replaced !== undefined && sameObjects(this.resolvedParts.get(replaced)?.incidents, resolved)) {
      name = replaced;
    } else {
      resolved = canonical(resolved);
      const resolvedJson = JSON.stringify(resolved);
      name = resolvedBlobName(resolvedJson);
      // The state.json this write replaces names this very content: it is there (nobody deletes what the newest
      // state.json names, see deleteReplaced), and if state.json has moved on since, this write fails anyway.
      if (replaced !== name) await this.writeResolved(name, resolvedJson, resolved);
    }
    const body = JSON.stringify({ ...state, incidents: open, resolved: { blob: name, positions } });
    let written: string;
    try {
      const response = await this.blob.upload(body, Buffer.byteLength(body), {
        conditions: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: JSON_TYPE },
        ...boundedCall(),
      });
      if (!response.etag) throw new Error('no ETag');
      written = response.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) return { ok: false, reason: 'conflict' };
      throw toStorageError('write of the state', error);
    }
    this.remember(written, name);
    if (replaced !== undefined && replaced !== name) await this.deleteReplaced(replaced);
    return { ok: true, etag: written };
  }

  private async writeResolved(name: string, json: string, incidents: readonly Incident[]): Promise<void> {
    const response = await storageCall('write of the resolved incidents', () =>
      this.container.getBlockBlobClient(name).upload(json, Buffer.byteLength(json), {
        blobHTTPHeaders: { blobContentType: JSON_TYPE },
        ...boundedCall(),
      }),
    );
    if (!response.etag) throw toStorageError('write of the resolved incidents', new Error('no ETag'));
    // Kept as written, frozen: the incidents this instance loaded are frozen already and shared; others are
    // copied, so the caller's state stays its own.
    const kept = incidents.map((incident) =>
      Object.isFrozen(incident) ? incident : structuredClone(incident),
    );
    this.keep({ name, etag: response.etag, incidents: deepFreeze(kept), bytes: json.length });
  }

  /**
   * Best effort: a part left behind is only garbage (found by its prefix). Deleted only if it is still the blob
   * this instance knows: anyone who wrote the same content since, for a state.json of theirs, changed its ETag.
   */
  private async deleteReplaced(name: string): Promise<void> {
    const part = this.resolvedParts.get(name);
    if (!part) return;
    this.resolvedParts.delete(name);
    try {
      await this.container
        .getBlockBlobClient(name)
        .delete({ conditions: { ifMatch: part.etag }, ...boundedCall() });
    } catch {
      // Written again since (412), already gone (404), or storage failed: the saved state is unaffected.
    }
  }

  async currentEtag(): Promise<string | undefined> {
    try {
      return (await this.blob.getProperties(boundedCall())).etag;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toStorageError('read of the state version', error);
    }
  }

  async archive(incidents: readonly Incident[]): Promise<void> {
    await storageCall('archive write', () =>
      Promise.all(
        incidents.map((incident) => {
          const body = JSON.stringify(incident);
          return this.container
            .getBlockBlobClient(archiveBlobName(incident.id))
            .upload(body, Buffer.byteLength(body), {
              blobHTTPHeaders: { blobContentType: JSON_TYPE },
              ...boundedCall(),
            });
        }),
      ),
    );
  }
}

/**
 * The resolved incidents as a load gives them back: the frozen ones came from a load or a write of this store;
 * the others (a close, an edit) are read through the schema, which copies them and puts their fields in its
 * order. The blob's name is the hash of their JSON, so the same incidents always make the same name, whichever
 * instance writes them, and an instance that loaded them does not write them again.
 */
function canonical(incidents: readonly Incident[]): Incident[] {
  const fresh = incidents.filter((incident) => !Object.isFrozen(incident));
  if (fresh.length === 0) return [...incidents];
  const parsed = toStatusState({ ...emptyState(new Date(0).toISOString()), incidents: fresh });
  if (!parsed.ok) return incidents.map((incident) => structuredClone(incident));
  const copies = new Map(fresh.map((incident, index) => [incident, parsed.state.incidents[index]]));
  return incidents.map((incident) => copies.get(incident) ?? incident);
}

function sameObjects(kept: readonly Incident[] | undefined, incidents: readonly Incident[]): boolean {
  return kept?.length === incidents.length && kept.every((incident, index) => incident === incidents[index]);
}

/** The incidents back in the order they were saved in: the resolved ones at their recorded places. */
function merge(hot: StatusState, resolved: readonly Incident[], pointer: ResolvedPointer): StatusState {
  if (resolved.length === 0) return hot;
  const incidents: Incident[] = [];
  let open = 0;
  let next = 0;
  for (let index = 0; index < hot.incidents.length + resolved.length; index++) {
    const incident = pointer.positions[next] === index ? resolved[next++] : hot.incidents[open++];
    if (incident) incidents.push(incident);
  }
  return { ...hot, incidents };
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
