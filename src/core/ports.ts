import type { Incident, Person, StatusState } from './model/state';

// The small interfaces the core needs from the outside world. Adapters implement them; tests use fakes.

export type LoadResult =
  | { kind: 'found'; state: StatusState; etag: string }
  | { kind: 'missing' }
  /** The document exists but is not a state we can read: never overwrite it blindly. */
  | { kind: 'invalid'; reason: string };

/** Thrown by adapters for storage failures; the message is safe to show (no secrets, no input echo). */
export class StorageError extends Error {
  override name = 'StorageError';
}

export type SaveResult = { ok: true; etag: string } | { ok: false; reason: 'conflict' };

export interface StateStore {
  load(): Promise<LoadResult>;
  /** Conditional write: If-Match `etag`, or create-only when `etag` is undefined. */
  save(state: StatusState, etag: string | undefined): Promise<SaveResult>;
  /** The ETag of the stored state without reading it: has anyone written since? */
  currentEtag(): Promise<string | undefined>;
  /** Writes each incident to its own archive document (idempotent). */
  archive(incidents: readonly Incident[]): Promise<void>;
}

export interface SiteFile {
  /** Relative to the site root, no leading slash: `index.html`, `incidents/INC-1.html`. */
  path: string;
  content: string;
  contentType: string;
}

export interface SitePublisher {
  /** The state version of the last complete publish (the version index.html carries), if any. */
  publishedVersion(): Promise<number | undefined>;
  write(file: SiteFile, version: number): Promise<void>;
}

/** `busy`: the command could not start before its reply was due, and was never tried. */
export type AuditOutcome = 'applied' | 'answered' | 'rejected' | 'refused' | 'failed' | 'duplicate' | 'busy';

export interface AuditEntry {
  at: string;
  actor: Person;
  tenantId?: string;
  text: string;
  verb?: string;
  outcome: AuditOutcome;
  incidentId?: string;
  stateVersion?: number;
  detail?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

/**
 * Renders every file the site has for a state; pure once its templates are loaded. Rendering needs no clock:
 * pages are rendered as of `state.updatedAt` (the clock moves the state, see advanceTime).
 */
export type SiteRenderer = (state: StatusState) => SiteFile[];
