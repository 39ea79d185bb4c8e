import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { LoadResult, SaveResult, StateStore } from '../../core/ports';
import { deepFreeze } from '../../core/model/frozen';
import { isRecord } from '../../core/model/schema';
import { emptyState, type Incident, type IncidentSummary, type StatusState } from '../../core/model/state';
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
 * Resolved incidents are kept in parts of consecutive incident numbers (INC-0…24, INC-25…49, …): a close changes
 * the part of a recent incident only, and archiving the part of the oldest, so a command writes ~40 KB at the
 * state's cap (200 recent incidents), not all of them.
 */
export const PART_NUMBERS = 25;

/**
 * In state.json, where the resolved incidents are: the parts' blob names and, for each part, the places of its
 * incidents in `incidents`, so the state read back is exactly the state saved.
 */
interface ResolvedPointer {
  blobs: string[];
  places: number[][];
}

/** Parsed resolved parts kept in memory, bounded by the bytes of their JSON (a state is at most 4 MiB). */
export const RESOLVED_CACHE_BYTES = 8 * 1024 * 1024;
/** ETags of state.json whose parts this instance knows, without reading them again. */
const POINTERS_KEPT = 8;
/** A part missing while state.json moved on (swept once no state.json named it): read again. */
const LOAD_TRIES = 3;
/**
 * How old a part no state.json names must be before the sweep deletes it: far longer than any load takes, so a
 * reader that read the state.json before the one that replaced it still finds its parts.
 */
export const SWEEP_AFTER_MS = 10 * 60_000;

interface ResolvedPart {
  name: string;
  /** Validated and deeply frozen: shared by every state this instance loads, never changed. */
  incidents: readonly Incident[];
  bytes: number;
}

type Read =
  | { kind: 'result'; result: LoadResult }
  /** A part named is not there: state.json may have moved on since it was read. */
  | { kind: 'resolvedMissing'; etag: string; reason: string };

const isPlace = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** The pointer, checked: our blob names, each place once, within the incident list. */
function toPointer(value: unknown, openIncidents: number): ResolvedPointer | string {
  if (!isRecord(value) || !Array.isArray(value.blobs) || !Array.isArray(value.places))
    return 'state.resolved is not { blobs, places }';
  const blobs = value.blobs as unknown[];
  const places = value.places as unknown[];
  if (blobs.length !== places.length) return 'state.resolved has as many place lists as blobs';
  if (!blobs.every((blob): blob is string => typeof blob === 'string' && RESOLVED_NAME.test(blob)))
    return 'state.resolved.blobs are not resolved-incidents blob names';
  if (!places.every((list): list is number[] => Array.isArray(list) && list.every(isPlace)))
    return 'state.resolved.places are not lists of places';
  const all = places.flat();
  const total = openIncidents + all.length;
  if (new Set(all).size !== all.length || all.some((place) => place < 0 || place >= total))
    return 'state.resolved.places are not distinct places in the incident list';
  return { blobs, places };
}

/** Resolved incidents by part, each in the order of the state, parts by number. */
function toParts(incidents: readonly Incident[]): { incidents: Incident[]; places: number[] }[] {
  const parts = new Map<number, { incidents: Incident[]; places: number[] }>();
  incidents.forEach((incident, place) => {
    if (isOpenStatus(incident.status)) return;
    const key = Math.floor(incident.number / PART_NUMBERS);
    const part = parts.get(key) ?? { incidents: [], places: [] };
    part.incidents.push(incident);
    part.places.push(place);
    parts.set(key, part);
  });
  return [...parts].sort(([a], [b]) => a - b).map(([, part]) => part);
}

/**
 * The state in Blob Storage, in parts. state.json holds what changes on every command (open incidents,
 * components, maintenance, redelivery memory, the outbox, counters) and is the commit point: written with ETag
 * preconditions, so no update is ever lost. The resolved incidents, which change only on close, reopen, edit,
 * undo and archive, are kept in immutable blobs named by the hash of their content
 * (`state-resolved/<sha256>.json`, one per PART_NUMBERS incident numbers), written before the state.json that names
 * them and only when they changed, so a reader never finds state.json naming a blob that was never written. An
 * instance keeps the parts it has read or written, parsed and validated, so a warm instance reads and parses only
 * state.json per command.
 *
 * A part no state.json names any more is deleted by the timer's sweep, not by the command that replaced it (two
 * deletes on the way to a close's reply; and a reader that had just read the old state.json may still want it):
 * only once it is SWEEP_AFTER_MS old, and only if it is still the blob listed (If-Match), so a writer that needed
 * the same content again since has written it anew and keeps it. A reader that finds a part gone reads state.json
 * again. Blob soft delete keeps deleted parts for recovery. A state.json from before the split (every incident in
 * it) still loads; the first save splits it.
 */
export class BlobStateStore implements StateStore {
  private readonly resolvedParts = new Map<string, ResolvedPart>();
  /** state.json ETag → the parts it names (none: a state.json from before the split). */
  private readonly pointers = new Map<string, readonly string[]>();
  /** The last load's archived summaries, frozen, by incident ID (see shareArchived). */
  private archivedSummaries = new Map<string, IncidentSummary>();

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
      this.shareArchived(parsed.state);
      this.remember(etag, []);
      return { kind: 'result', result: { kind: 'found', state: parsed.state, etag } };
    }
    const { resolved, ...hot } = json;
    const parsed = toStatusState(hot);
    if (!parsed.ok) return invalid(parsed.reason);
    this.shareArchived(parsed.state);
    const pointer = toPointer(resolved, parsed.state.incidents.length);
    if (typeof pointer === 'string') return invalid(pointer);
    const parts = await Promise.all(
      pointer.blobs.map((name) => this.resolvedPart(name, parsed.state.updatedAt)),
    );
    const resolvedIncidents: (readonly Incident[])[] = [];
    for (const [index, part] of parts.entries()) {
      if (part.kind === 'missing') return { kind: 'resolvedMissing', etag, reason: part.reason };
      if (part.kind === 'invalid') return invalid(part.reason);
      const { name, incidents } = part.part;
      const places = pointer.places[index]?.length ?? 0;
      if (incidents.length !== places)
        return invalid(`${name} holds ${incidents.length} incidents, state.json places ${places}`);
      if (incidents.some((incident) => isOpenStatus(incident.status)))
        return invalid(`${name} holds an incident that is not resolved`);
      resolvedIncidents.push(incidents);
    }
    this.remember(etag, pointer.blobs);
    const state = merge(parsed.state, resolvedIncidents, pointer.places);
    return { kind: 'result', result: { kind: 'found', state, etag } };
  }

  /**
   * The archived summaries state.json lists (a bad month keeps a hundred) are read afresh on every load; the ones
   * equal to those of the last load are swapped for the same frozen objects, so what is made from them (month
   * pages' rows) is made once, as for the resolved incidents. Holds only the last load's list.
   */
  private shareArchived(state: StatusState): void {
    const previous = this.archivedSummaries;
    const shared = state.history.archived.map((summary) => {
      const known = previous.get(summary.id);
      return known && sameSummary(known, summary) ? known : deepFreeze(summary);
    });
    this.archivedSummaries = new Map(shared.map((summary) => [summary.id, summary]));
    state.history = { ...state.history, archived: shared };
  }

  private async resolvedPart(
    name: string,
    updatedAt: string,
  ): Promise<
    | { kind: 'found'; part: ResolvedPart }
    | { kind: 'missing'; reason: string }
    | { kind: 'invalid'; reason: string }
  > {
    const known = this.resolvedParts.get(name);
    if (known) {
      this.resolvedParts.delete(name);
      this.resolvedParts.set(name, known);
      return { kind: 'found', part: known };
    }
    let text: string;
    try {
      const response = await this.container.getBlockBlobClient(name).download(0, undefined, boundedCall());
      text = (await readAll(response.readableStreamBody)).toString('utf8');
    } catch (error) {
      if (statusOf(error) === 404)
        return { kind: 'missing', reason: `the state names ${name}, which is not there` };
      throw toStorageError('read of the resolved incidents', error);
    }
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
    const part = { name, incidents: deepFreeze(parsed.state.incidents), bytes: text.length };
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

  private remember(etag: string, blobs: readonly string[]): void {
    this.pointers.delete(etag);
    this.pointers.set(etag, blobs);
    for (const oldest of this.pointers.keys()) {
      if (this.pointers.size <= POINTERS_KEPT) break;
      this.pointers.delete(oldest);
    }
  }

  async save(state: StatusState, etag: string | undefined): Promise<SaveResult> {
    // The parts the state.json this write replaces names are there (nobody deletes what the newest state.json
    // names, see deleteReplaced), and if state.json has moved on since, this write fails anyway.
    const replaced = (etag === undefined ? undefined : this.pointers.get(etag)) ?? [];
    const kept = new Map<Incident, ResolvedPart>();
    for (const name of replaced) {
      const part = this.resolvedParts.get(name);
      if (part?.incidents[0]) kept.set(part.incidents[0], part);
    }
    const parts = toParts(state.incidents);
    const blobs = await Promise.all(
      parts.map(async ({ incidents }) => {
        // Most commands leave a part as it was loaded: the very same (frozen) objects, so the same content and
        // name, found without serialising or hashing them.
        const first = incidents[0];
        const same = first === undefined ? undefined : kept.get(first);
        if (same && sameObjects(same.incidents, incidents)) return same.name;
        const copies = canonical(incidents);
        const json = JSON.stringify(copies);
        const name = resolvedBlobName(json);
        if (!replaced.includes(name)) await this.writeResolved(name, json, copies);
        return name;
      }),
    );
    const open = state.incidents.filter((incident) => isOpenStatus(incident.status));
    const pointer: ResolvedPointer = { blobs, places: parts.map((part) => part.places) };
    const body = JSON.stringify({ ...state, incidents: open, resolved: pointer });
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
    this.remember(written, blobs);
    return { ok: true, etag: written };
  }

  private async writeResolved(name: string, json: string, incidents: readonly Incident[]): Promise<void> {
    await storageCall('write of the resolved incidents', () =>
      this.container.getBlockBlobClient(name).upload(json, Buffer.byteLength(json), {
        blobHTTPHeaders: { blobContentType: JSON_TYPE },
        ...boundedCall(),
      }),
    );
    // Kept as written, frozen (canonical made copies of the caller's own incidents).
    this.keep({ name, incidents: deepFreeze(incidents), bytes: json.length });
  }

  /**
   * Deletes the parts no state.json names that are at least SWEEP_AFTER_MS old at `now`; returns how many. Listed
   * first, state.json read after: a part written after the listing is not touched, and one the current state.json
   * does not name can only be named again by a writer that writes it anew (a new ETag, so the If-Match fails).
   */
  async sweep(now: string): Promise<number> {
    const listed: { name: string; etag: string }[] = [];
    const cutoff = Date.parse(now) - SWEEP_AFTER_MS;
    await storageCall('listing of the resolved incidents', async () => {
      for await (const blob of this.container.listBlobsFlat({ prefix: RESOLVED_PREFIX })) {
        const modified = blob.properties.lastModified?.getTime() ?? Number.POSITIVE_INFINITY;
        if (blob.properties.etag && modified <= cutoff)
          listed.push({ name: blob.name, etag: blob.properties.etag });
      }
    });
    if (listed.length === 0) return 0;
    const named = await this.namedParts();
    // A state.json that cannot be read leaves everything in place.
    if (named === undefined) return 0;
    const gone = listed.filter((blob) => !named.has(blob.name));
    const deleted = await Promise.all(
      gone.map(async ({ name, etag }) => {
        try {
          await this.container
            .getBlockBlobClient(name)
            .delete({ conditions: { ifMatch: etag }, ...boundedCall() });
          this.resolvedParts.delete(name);
          return true;
        } catch {
          // Written again since (412), already gone (404), or storage failed: the next sweep looks again.
          return false;
        }
      }),
    );
    return deleted.filter(Boolean).length;
  }

  /** The parts the current state.json names (none before the split); undefined when it cannot be read. */
  private async namedParts(): Promise<Set<string> | undefined> {
    try {
      const json: unknown = JSON.parse(
        (await this.blob.downloadToBuffer(0, undefined, boundedCall())).toString('utf8'),
      );
      if (!isRecord(json)) return undefined;
      if (json.resolved === undefined) return new Set();
      const { resolved } = json;
      if (!isRecord(resolved) || !Array.isArray(resolved.blobs)) return undefined;
      return new Set(resolved.blobs.filter((name): name is string => typeof name === 'string'));
    } catch {
      // Not there (an operator may be restoring it) or unreadable: nothing is swept.
      return undefined;
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

/** Summaries hold only text fields: equal when every field is. */
function sameSummary(a: IncidentSummary, b: IncidentSummary): boolean {
  const keys = Object.keys(a) as (keyof IncidentSummary)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function sameObjects(kept: readonly Incident[] | undefined, incidents: readonly Incident[]): boolean {
  return kept?.length === incidents.length && kept.every((incident, index) => incident === incidents[index]);
}

/** The incidents back in the order they were saved in: each part's at its recorded places, the open ones between. */
function merge(hot: StatusState, parts: readonly (readonly Incident[])[], places: number[][]): StatusState {
  if (parts.length === 0) return hot;
  const total = hot.incidents.length + places.reduce((sum, list) => sum + list.length, 0);
  const incidents = new Array<Incident | undefined>(total);
  parts.forEach((part, index) => {
    places[index]?.forEach((place, k) => (incidents[place] = part[k]));
  });
  let open = 0;
  for (let place = 0; place < total; place++) incidents[place] ??= hot.incidents[open++];
  return { ...hot, incidents: incidents.filter((incident) => incident !== undefined) };
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
