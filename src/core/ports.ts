import type { Incident, Person, StatusState } from './model/state';
import type { Delivery } from './subscribers/deliveries';

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
  /**
   * Housekeeping for the timer: deletes what the store kept for states long replaced (never what the current one
   * needs, nor what a reader of a recent one may still read); returns how many documents it deleted.
   */
  sweep(now: string): Promise<number>;
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
  /**
   * Removes a file that must no longer be served (a retracted incident's page), so it answers 404. Deleting a
   * file that is not there succeeds: a repeated publish must not fail on what the first one removed.
   */
  delete(path: string): Promise<void>;
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

/** A delivery as the queue hands it out: the receipt to delete or hide it with, and how often it was handed out. */
export interface QueuedDelivery {
  messageId: string;
  popReceipt: string;
  /** 1 the first time a message is received; the trigger's and the local worker's poison rule count it. */
  dequeueCount: number;
  delivery: Delivery;
}

/**
 * The Storage queue that carries deliveries (`deliveries`) and its poison queue (`deliveries-poison`, the name
 * the Functions queue trigger uses too). In Azure the trigger receives and deletes; the local worker and the
 * tests use receive/delete/hide themselves.
 */
export interface DeliveryQueue {
  /** Adds a delivery, invisible for `delayMs` first (the backoff before a retry); Azure rounds up to seconds. */
  enqueue(delivery: Delivery, delayMs?: number): Promise<void>;
  receive(max: number, visibilityMs: number): Promise<QueuedDelivery[]>;
  delete(message: QueuedDelivery): Promise<void>;
  /** Hides a received message for `ms` more; the returned message carries the new receipt. */
  hide(message: QueuedDelivery, ms: number): Promise<QueuedDelivery>;
  /** Parks a delivery that will not succeed, with the reason, for an operator. */
  poison(delivery: Delivery, reason: string): Promise<void>;
}

export type DeliveryOutcomeKind = 'delivered' | 'retrying' | 'poisoned' | 'duplicate';

/** What became of one try of one delivery: the audit log and `subscribers` show it. */
export interface DeliveryOutcome {
  deliveryId: string;
  subscriber: string;
  kind: DeliveryOutcomeKind;
  at: string;
  attempt: number;
  /** The receiver's status or the failure, safe to show (never the URL). */
  detail: string;
}

/**
 * What delivery remembers beside the state: which saves' changes were handed to the queue, which deliveries
 * reached their receiver (so a delivery handed on twice is sent once), and each subscriber's last outcome.
 */
export interface DeliveryLedger {
  isHandedOn(version: number): Promise<boolean>;
  markHandedOn(version: number): Promise<void>;
  isDelivered(deliveryId: string): Promise<boolean>;
  /** Records an outcome: `delivered` marks the delivery done; every kind becomes its subscriber's last outcome. */
  record(outcome: DeliveryOutcome): Promise<void>;
  lastOutcomes(): Promise<Record<string, DeliveryOutcome>>;
}

export interface SubscriberEndpoint {
  url: string;
  /** Signs each request (X-Status-Signature) when set. */
  secret?: string;
}

export type SendResult =
  | { ok: true; status: number }
  /** `retry` false: the receiver refused the request itself (4xx other than 408/429); trying again cannot help. */
  | { ok: false; retry: boolean; detail: string };

/** Posts one delivery to its receiver; aborts when `signal` does. Never throws. */
export type DeliverySender = (
  delivery: Delivery,
  endpoint: SubscriberEndpoint,
  signal: AbortSignal,
) => Promise<SendResult>;
