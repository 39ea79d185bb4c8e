import { advanceTime } from '../core/model/advanceTime';
import { applyCommand, type Outcome } from '../core/commands/applyCommand';
import type { Catalog } from '../core/model/catalog';
import { parseCommand } from '../core/commands/parseCommand';
import { readsState } from '../core/commands/registry';
import type {
  AuditEntry,
  AuditLog,
  AuditOutcome,
  SaveResult,
  SitePublisher,
  SiteRenderer,
  StateStore,
} from '../core/ports';
import { publishSite } from './publishSite';
import type { Reply } from '../core/model/reply';
import { pruneResolved } from '../core/model/retention';
import { emptyState, type Person, type StatusState } from '../core/model/state';

export interface CommandDeps {
  store: StateStore;
  publisher: SitePublisher;
  audit: AuditLog;
  render: SiteRenderer;
  catalog: Catalog;
  /** ISO 8601 now; a fixed clock in tests. */
  clock: () => string;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pageTitle: string;
  pageUrl?: string;
}

export interface CommandInput {
  text: string;
  /** The Teams activity ID: a delivery seen before is answered with its first reply and not applied again. */
  activityId?: string;
  actor: Person;
  /** People mentioned besides the bot. */
  mentions?: Person[];
  tenantId?: string;
}

export interface CommandResult {
  reply: Reply;
  outcome: AuditOutcome;
  verb?: string;
  incidentId?: string;
  stateVersion?: number;
}

/**
 * How often a conflicting write is re-read and re-applied before the user is asked to try again. Conflicts now
 * come only from other instances (see inTurn), a handful of writers; the webhook's deadline bounds the time.
 */
export const MAX_SAVE_ATTEMPTS = 20;
/** How often a publish chases a newer state that another command saved meanwhile. */
const MAX_PUBLISH_ROUNDS = 3;

/** Thrown by adapters for storage failures; the message is safe to show (no secrets, no input echo). */
export class StorageError extends Error {
  override name = 'StorageError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Brings the site up to the newest saved state. `live` is the state the site showed when `saved` was derived
 * from it (undefined: unknown, so everything is written). Another command may save a newer state while we
 * publish and our older files may land after its newer ones, so we look again and chase the newest. True when
 * the state it published last was still the newest when it looked.
 */
async function publishLatest(
  deps: Pick<CommandDeps, 'store' | 'publisher' | 'render'>,
  live: StatusState | undefined,
  saved: StatusState,
  etag: string,
): Promise<boolean> {
  let [from, to, toEtag] = [live, saved, etag];
  for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
    await publishSite(deps.publisher, deps.render, from, to);
    if ((await deps.store.currentEtag()) === toEtag) return true;
    const reloaded = await deps.store.load();
    if (reloaded.kind !== 'found') return false;
    [from, to, toEtag] = [to, reloaded.state, reloaded.etag];
  }
  return false;
}

interface PublishQueue {
  tail: Promise<void>;
  /** Saves of this process handed to the queue so far, in order. */
  tickets: number;
  /** Every save up to this ticket is published: a publish that ended on the newest state looked after it. */
  covered: number;
}

/**
 * One publish at a time per site in this process. Side by side, a burst of commands each rewrote the same files
 * up to MAX_PUBLISH_ROUNDS times while racing the others (50 commands at once: 2,300 writes, 13 s against
 * Azurite). In turn, a command usually finds its save already published by the one before it, which chased the
 * newest state, and has nothing to do. Other processes are still covered by publishLatest's chase.
 */
const publishQueues = new WeakMap<SitePublisher, PublishQueue>();

function publishInTurn(
  deps: Pick<CommandDeps, 'store' | 'publisher' | 'render'>,
  live: StatusState | undefined,
  saved: StatusState,
  etag: string,
): Promise<void> {
  const queue = publishQueues.get(deps.publisher) ?? { tail: Promise.resolve(), tickets: 0, covered: 0 };
  publishQueues.set(deps.publisher, queue);
  const ticket = ++queue.tickets; // taken once our save is complete
  const turn = queue.tail.then(async () => {
    if (queue.covered >= ticket) return;
    // Saves holding a ticket by now are complete: a publish that ends on the newest state includes them all.
    const through = queue.tickets;
    if (await publishLatest(deps, live, saved, etag)) queue.covered = Math.max(queue.covered, through);
  });
  queue.tail = turn.catch(() => undefined);
  return turn;
}

/** Processed activities are remembered this long: longer than the 5 minutes a replayed activity is accepted. */
export const PROCESSED_WINDOW_MS = 10 * 60_000;
// Far more than a channel sends in 10 minutes; bounds the state if something floods it.
const PROCESSED_MAX = 200;

function remember(state: StatusState, activityId: string, reply: Reply, now: string): StatusState {
  const horizon = Date.parse(now) - PROCESSED_WINDOW_MS;
  const recent = state.processed.filter((entry) => Date.parse(entry.at) >= horizon);
  return { ...state, processed: [...recent, { id: activityId, at: now, reply }].slice(-PROCESSED_MAX) };
}

type Transaction =
  | { kind: 'duplicate'; reply: Reply }
  | { kind: 'saved'; state: StatusState; etag: string; live: StatusState | undefined; outcome: Outcome }
  /** Nothing to save; `state` is what was loaded, `published` the version index.html carries. */
  | { kind: 'unsaved'; outcome: Outcome; state: StatusState; published: number | undefined }
  | { kind: 'failed'; reason: string };

/** Transactions of this process waiting for the state, per store. */
const transactionQueues = new WeakMap<StateStore, Promise<unknown>>();

/**
 * One transaction at a time per state document in this process: a Function App instance runs many invocations
 * at once, and side by side they would only conflict with each other (50 commands at once made 360 failed
 * conditional writes of the whole state for 50 good ones, and commands ran out of attempts). Other instances
 * are still kept apart by the ETag, as before.
 */
function inTurn<T>(store: StateStore, work: () => Promise<T>): Promise<T> {
  const turn = (transactionQueues.get(store) ?? Promise.resolve()).then(work);
  transactionQueues.set(
    store,
    turn.catch(() => undefined),
  );
  return turn;
}

/**
 * Loads the state, brings it up to `now`, applies `apply`, archives what aged out and saves with the ETag;
 * on conflict re-reads and re-applies, so concurrent commands are each applied exactly once.
 */
async function transact(
  deps: CommandDeps,
  apply: (state: StatusState, now: string, timeMoved: boolean) => Outcome,
  activityId?: string,
): Promise<Transaction> {
  const publishedVersion = deps.publisher.publishedVersion().catch(() => undefined);
  /**
   * Set when a write of ours got no clean answer or a conflict: a dropped connection may hide a write the service
   * applied (the SDK's retry of it then meets a 412). If our activity ID shows up in the state, it landed.
   */
  let unconfirmed: { live: StatusState | undefined; outcome: Outcome } | undefined;
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    const loaded = await deps.store.load();
    if (loaded.kind === 'invalid') {
      return {
        kind: 'failed',
        reason: `The stored status state cannot be read (${loaded.reason}). Nothing was changed and the page was left as it is; an operator must restore the state document (blob versioning keeps earlier versions).`,
      };
    }
    const now = deps.clock();
    const base = loaded.kind === 'found' ? loaded.state : emptyState(now);
    const seen =
      activityId === undefined ? undefined : base.processed.find((entry) => entry.id === activityId);
    if (seen && unconfirmed && loaded.kind === 'found') {
      return { kind: 'saved', state: base, etag: loaded.etag, ...unconfirmed };
    }
    if (seen) return { kind: 'duplicate', reply: seen.reply };
    const advanced = advanceTime(base, now);
    const outcome = apply(advanced ?? base, now, advanced !== undefined);
    if (outcome.kind !== 'changed')
      return { kind: 'unsaved', outcome, state: base, published: await publishedVersion };
    const applied =
      activityId === undefined ? outcome.state : remember(outcome.state, activityId, outcome.reply, now);
    const { state, archived } = pruneResolved(applied, now);
    // Archive first: an incident must never be in neither the state nor the archive.
    if (archived.length > 0) await deps.store.archive(archived);
    const liveBase = async () =>
      loaded.kind === 'found' && (await publishedVersion) === base.version ? base : undefined;
    let result: SaveResult;
    try {
      result = await deps.store.save(state, loaded.kind === 'found' ? loaded.etag : undefined);
    } catch (error) {
      if (activityId === undefined) throw error;
      // No answer is not no write. The stored state remembers our activity ID if the write landed: look once,
      // so the reply says what really happened instead of "maybe".
      const check = await deps.store.load().catch(() => undefined);
      if (check?.kind === 'found' && check.state.processed.some((entry) => entry.id === activityId)) {
        return { kind: 'saved', state: check.state, etag: check.etag, live: await liveBase(), outcome };
      }
      if (check?.kind !== 'found' && check?.kind !== 'missing') throw error;
      return {
        kind: 'failed',
        reason: `Saving your command failed (${describe(error)}) and it is not in the saved state, so nothing was changed. Please send it again.`,
      };
    }
    if (result.ok) return { kind: 'saved', state, etag: result.etag, live: await liveBase(), outcome };
    if (activityId !== undefined) unconfirmed = { live: await liveBase(), outcome };
    // Full jitter over a growing window keeps colliding writers from colliding again. The window stays short:
    // the colliding writers are other instances, few, and a sleeping writer holds up its instance's queue.
    await deps.sleep(Math.round(deps.random() * Math.min(10 * 2 ** attempt, 100)));
  }
  return {
    kind: 'failed',
    reason:
      'The status page is very busy and your command could not be saved; nothing was changed. Please send it again.',
  };
}

/** Parses, applies, saves and publishes one command; always returns a reply for the person who typed it. */
export async function runCommand(deps: CommandDeps, input: CommandInput): Promise<CommandResult> {
  const audit = (entry: Omit<AuditEntry, 'at' | 'actor' | 'text' | 'tenantId'>) =>
    deps.audit
      .append({
        at: deps.clock(),
        actor: input.actor,
        text: input.text,
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
        ...entry,
      })
      .catch(() => undefined); // The audit log must never cost the user their reply.

  const parsed = parseCommand(input.text);
  if (!parsed.ok) {
    await audit({ outcome: 'rejected', detail: parsed.error });
    return { outcome: 'rejected', reply: { text: `${parsed.error}\n\n${parsed.usage}` } };
  }
  const { command } = parsed;
  const context = (now: string) => ({
    now,
    actor: input.actor,
    mentions: input.mentions ?? [],
    catalog: deps.catalog,
    pageTitle: deps.pageTitle,
    ...(deps.pageUrl ? { pageUrl: deps.pageUrl } : {}),
  });

  // No wait behind other commands' saves, and `help` still answers while storage is down.
  if (!readsState(command.verb)) {
    const outcome = applyCommand(emptyState(deps.clock()), command, context(deps.clock()));
    await audit({ verb: command.verb, outcome: 'answered' });
    return { verb: command.verb, outcome: 'answered', reply: outcome.reply };
  }

  let done: Transaction;
  try {
    done = await inTurn(deps.store, () =>
      transact(deps, (state, now) => applyCommand(state, command, context(now)), input.activityId),
    );
  } catch (error) {
    const detail = describe(error);
    await audit({ verb: command.verb, outcome: 'failed', detail });
    return {
      verb: command.verb,
      outcome: 'failed',
      reply: {
        text: `Storage did not answer, so your command may not have been saved (${detail}). Type "list" to check before you send it again.`,
      },
    };
  }
  if (done.kind === 'duplicate') {
    await audit({ verb: command.verb, outcome: 'duplicate' });
    return { verb: command.verb, outcome: 'duplicate', reply: done.reply };
  }
  if (done.kind === 'failed') {
    await audit({ verb: command.verb, outcome: 'failed', detail: done.reason });
    return { verb: command.verb, outcome: 'failed', reply: { text: done.reason } };
  }
  if (done.kind === 'unsaved') {
    const outcome = done.outcome.kind === 'rejected' ? 'rejected' : 'answered';
    await audit({ verb: command.verb, outcome });
    return { verb: command.verb, outcome, reply: done.outcome.reply };
  }

  const subjectId = done.outcome.kind === 'changed' ? done.outcome.subjectId : undefined;
  const result: CommandResult = {
    verb: command.verb,
    outcome: 'applied',
    reply: done.outcome.reply,
    stateVersion: done.state.version,
    ...(subjectId ? { incidentId: subjectId } : {}),
  };
  const [published] = await Promise.allSettled([
    publishInTurn(deps, done.live, done.state, done.etag),
    audit({
      verb: command.verb,
      outcome: 'applied',
      stateVersion: done.state.version,
      ...(subjectId ? { incidentId: subjectId } : {}),
    }),
  ]);
  if (published.status === 'rejected') {
    result.reply = {
      ...done.outcome.reply,
      text: `${done.outcome.reply.text}\nSaved, but the page could not be updated yet (${describe(published.reason)}); it is retried automatically within a minute.`,
    };
  }
  return result;
}

export type TickResult =
  | { kind: 'advanced'; version: number }
  | { kind: 'repaired'; version: number }
  | { kind: 'current'; version: number }
  | { kind: 'failed'; reason: string };

/**
 * The timer's work: move the state to now (maintenance windows, promises falling due, a new day) and publish;
 * otherwise republish in full if the last publish did not complete (index.html's version lags the state's).
 */
export async function runClockTick(deps: CommandDeps): Promise<TickResult> {
  const done = await inTurn(deps.store, () =>
    transact(deps, (state, _now, timeMoved) =>
      timeMoved ? { kind: 'changed', state, reply: { text: '' } } : { kind: 'answered', reply: { text: '' } },
    ),
  );
  if (done.kind === 'failed') return { kind: 'failed', reason: done.reason };
  if (done.kind === 'duplicate')
    return { kind: 'failed', reason: 'unreachable: the clock has no activity ID' };
  if (done.kind === 'saved') {
    await publishLatest(deps, done.live, done.state, done.etag);
    return { kind: 'advanced', version: done.state.version };
  }
  const { state, published } = done;
  if (published === state.version) return { kind: 'current', version: state.version };
  // A new deployment with no state gets the green page; a publish that failed gets finished.
  await publishSite(deps.publisher, deps.render, undefined, state);
  return { kind: 'repaired', version: state.version };
}
