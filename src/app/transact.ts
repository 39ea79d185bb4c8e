import { advanceTime } from '../core/model/advanceTime';
import type { Outcome } from '../core/commands/applyCommand';
import { StorageError, type LoadResult, type SaveResult } from '../core/ports';
import type { Reply } from '../core/model/reply';
import { pruneResolved } from '../core/model/retention';
import { emptyState, type StatusState } from '../core/model/state';
import { recordNotices } from '../core/subscribers/outbox';
import type { CommandDeps } from './commandDeps';
import { describeError } from './describeError';
import type { TransactionQueue } from './transactionQueue';

/**
 * How often a conflicting write is re-read and re-applied before the user is asked to try again. Conflicts now
 * come only from other instances (see SerialQueue), a handful of writers; the webhook's deadline bounds the time.
 */
export const MAX_SAVE_ATTEMPTS = 20;

/** Processed activities are remembered this long: longer than the 5 minutes a replayed activity is accepted. */
export const PROCESSED_WINDOW_MS = 10 * 60_000;
/** The longest reply text kept for a redelivery; replies are a few lines, this only bounds a pathological one. */
export const REMEMBERED_REPLY_MAX = 2_000;

/**
 * Remembers an applied activity for the whole window, by time alone: a count cap let 200 other changes inside
 * the 5-minute window push a captured activity out, and it was applied a second time. What is kept is what a
 * redelivery is answered with, the reply's text, bounded; the
 * state's size budget bounds a flood.
 */
function remember(state: StatusState, activityId: string, reply: Reply, now: string): StatusState {
  const horizon = Date.parse(now) - PROCESSED_WINDOW_MS;
  const recent = state.processed.filter((entry) => Date.parse(entry.at) >= horizon);
  // As it was sent, so a redelivery reads the same.
  const full = reply.text;
  const text = full.length > REMEMBERED_REPLY_MAX ? `${full.slice(0, REMEMBERED_REPLY_MAX - 1)}…` : full;
  return { ...state, processed: [...recent, { id: activityId, at: now, reply: { text } }] };
}

/** Storage failed before anything was written: the command certainly changed nothing. */
export class NothingSavedError extends StorageError {}

export type Transaction =
  | { kind: 'duplicate'; reply: Reply }
  /** Its turn came after its deadline: it was never started, so nothing was changed. */
  | { kind: 'busy' }
  /**
   * `state` is what was saved (the whole batch's changes, group commit); `version` the version this command's own
   * change made, which names its notices.
   */
  | {
      kind: 'saved';
      state: StatusState;
      etag: string;
      live: StatusState | undefined;
      outcome: Outcome;
      version: number;
    }
  /** Nothing to save; `state` is what was loaded, `published` the version index.html carries. */
  | { kind: 'unsaved'; outcome: Outcome; state: StatusState; published: number | undefined }
  | { kind: 'failed'; reason: string };

export type TransactDeps = Pick<
  CommandDeps,
  'store' | 'publisher' | 'transactions' | 'clock' | 'sleep' | 'random'
> &
  /** Names the components in the clock's automatic maintenance updates. */
  Partial<Pick<CommandDeps, 'catalog'>>;

/** What a transaction does to the state; `timeMoved` says the state was just brought up to `now`. */
export type Apply = (state: StatusState, now: string, timeMoved: boolean) => Outcome;

/** One command waiting in this instance's transaction queue. */
export interface TransactionMember {
  apply: Apply;
  activityId: string | undefined;
  turn: TransactionTurn;
}

/** This instance's transaction queue. */
export type Transactions = TransactionQueue<TransactionMember, Transaction>;

/** When a transaction may still start, and who to tell when it does. */
export interface TransactionTurn {
  /** Aborted when the command's reply is due. */
  deadline?: AbortSignal;
  onStart?: () => void;
}

/**
 * Loads the state, brings it up to `now`, applies `apply`, archives what aged out and saves with the ETag;
 * on conflict re-reads and re-applies, so concurrent commands are each applied exactly once. Runs in turn
 * with this instance's other transactions; a command (one with an activity ID) is applied together with the
 * commands that queued beside it, in arrival order, in one write. Throws only when storage gave no answer that
 * tells what happened.
 */
export function transact(
  deps: TransactDeps,
  apply: Apply,
  activityId?: string,
  turn: TransactionTurn = {},
): Promise<Transaction> {
  const member: TransactionMember = { apply, activityId, turn };
  // The clock and the outbox's bookkeeping run alone: their outcome depends on being first after time moved.
  if (activityId === undefined)
    return deps.transactions.run(async () => (await saveBatch(deps, [member]))[0] as Transaction);
  return deps.transactions.join(member, (members) => saveBatch(deps, members));
}

/** What one member came to in one attempt. */
type Step =
  | { kind: 'duplicate'; reply: Reply; stored: boolean }
  | { kind: 'unsaved'; outcome: Outcome }
  | { kind: 'changed'; outcome: Outcome; version: number };

/** The members' steps, the state they lead to, and whether any changed it. */
interface Applied {
  steps: Step[];
  state: StatusState;
  changed: boolean;
}

/**
 * Applies the members in order to one loaded state, each seeing the ones before it, as if they had been saved one
 * by one. Each change records its own public changes (the outbox, under its own version) and its activity ID.
 */
function applyAll(
  deps: TransactDeps,
  members: readonly TransactionMember[],
  loaded: StatusState | undefined,
  now: string,
): Applied {
  const base = loaded ?? emptyState(now);
  const advanced = advanceTime(base, now, deps.catalog);
  let state = advanced ?? base;
  // What the next change's notices are found against: the last state that was saved or is to be saved with it.
  // Before the first change that is the loaded state, so the clock's own changes go out with it.
  let noticedFrom = loaded;
  let changed = false;
  const steps = members.map((member, index): Step => {
    const seen =
      member.activityId === undefined
        ? undefined
        : state.processed.find((entry) => entry.id === member.activityId);
    if (seen) {
      const stored = base.processed.some((entry) => entry.id === member.activityId);
      return { kind: 'duplicate', reply: seen.reply, stored };
    }
    const outcome = member.apply(state, now, index === 0 && advanced !== undefined);
    if (outcome.kind !== 'changed') return { kind: 'unsaved', outcome };
    // With subscribers, the save carries its public changes (the outbox), so none is lost after it.
    const noticed = deps.catalog?.subscribers?.length
      ? recordNotices(noticedFrom, outcome.state)
      : outcome.state;
    state =
      member.activityId === undefined ? noticed : remember(noticed, member.activityId, outcome.reply, now);
    noticedFrom = state;
    changed = true;
    return { kind: 'changed', outcome, version: state.version };
  });
  return { steps, state, changed };
}

/** Every member's transaction, once the batch's state is saved as `saved` (or nothing needed saving). */
function settle(
  steps: readonly Step[],
  saved: { state: StatusState; etag: string; live: StatusState | undefined },
  published: number | undefined,
): Transaction[] {
  return steps.map((step): Transaction => {
    if (step.kind === 'duplicate') return { kind: 'duplicate', reply: step.reply };
    if (step.kind === 'unsaved')
      return { kind: 'unsaved', outcome: step.outcome, state: saved.state, published };
    return { kind: 'saved', ...saved, outcome: step.outcome, version: step.version };
  });
}

/** Every member fails with `reason`, except redeliveries answered from what was already stored. */
function failAll(steps: readonly Step[] | undefined, count: number, reason: string): Transaction[] {
  return Array.from({ length: count }, (_, index): Transaction => {
    const step = steps?.[index];
    return step?.kind === 'duplicate' && step.stored
      ? { kind: 'duplicate', reply: step.reply }
      : { kind: 'failed', reason };
  });
}

async function saveBatch(deps: TransactDeps, all: readonly TransactionMember[]): Promise<Transaction[]> {
  // Under a burst a command can wait its whole 5 s in the queue; once its reply is due it is not started at
  // all, so the reply "busy, nothing was changed" sent in the meantime stays true.
  const members = all.filter((member) => !member.turn.deadline?.aborted);
  for (const member of members) member.turn.onStart?.();
  const results = members.length === 0 ? [] : await saveWithRetries(deps, members);
  let next = 0;
  return all.map((member) =>
    members.includes(member) ? (results[next++] as Transaction) : { kind: 'busy' },
  );
}

async function saveWithRetries(
  deps: TransactDeps,
  members: readonly TransactionMember[],
): Promise<Transaction[]> {
  const publishedVersion = deps.publisher.publishedVersion().catch(() => undefined);
  const ids = members.flatMap((member) => (member.activityId === undefined ? [] : [member.activityId]));
  const landed = (state: StatusState) => state.processed.some((entry) => ids.includes(entry.id));
  /**
   * Set when a write of ours got no clean answer or a conflict: a dropped connection may hide a write the service
   * applied (the SDK's retry of it then meets a 412). If one of our activity IDs shows up in the state, it landed.
   */
  let unconfirmed: { live: StatusState | undefined; applied: Applied } | undefined;
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
    let loaded: LoadResult;
    try {
      loaded = await deps.store.load();
    } catch (error) {
      // A read that failed saved nothing, unless an earlier write of ours may have landed unseen.
      if (unconfirmed) throw error;
      throw new NothingSavedError(describeError(error), { cause: error });
    }
    if (loaded.kind === 'invalid') {
      return failAll(
        undefined,
        members.length,
        `The stored status state cannot be read (${loaded.reason}). Nothing was changed and the page was left as it is; an operator must restore the state document (blob versioning keeps earlier versions).`,
      );
    }
    if (unconfirmed && loaded.kind === 'found' && landed(loaded.state)) {
      const { live, applied } = unconfirmed;
      return settle(applied.steps, { state: loaded.state, etag: loaded.etag, live }, await publishedVersion);
    }
    const base = loaded.kind === 'found' ? loaded.state : undefined;
    const now = deps.clock();
    const applied = applyAll(deps, members, base, now);
    if (!applied.changed) {
      const state = base ?? emptyState(now);
      return settle(applied.steps, { state, etag: '', live: undefined }, await publishedVersion);
    }
    const { state, archived } = pruneResolved(applied.state, now);
    // Archive first: an incident must never be in neither the state nor the archive.
    if (archived.length > 0) await deps.store.archive(archived);
    const liveBase = async () =>
      base !== undefined && (await publishedVersion) === base.version ? base : undefined;
    let result: SaveResult;
    try {
      result = await deps.store.save(state, loaded.kind === 'found' ? loaded.etag : undefined);
    } catch (error) {
      if (ids.length === 0) throw error;
      // No answer is not no write. The stored state remembers our activity IDs if the write landed: look once,
      // so the reply says what really happened instead of "maybe".
      const check = await deps.store.load().catch(() => undefined);
      if (check?.kind === 'found' && landed(check.state)) {
        const saved = { state: check.state, etag: check.etag, live: await liveBase() };
        return settle(applied.steps, saved, await publishedVersion);
      }
      if (check?.kind !== 'found' && check?.kind !== 'missing') throw error;
      return failAll(
        applied.steps,
        members.length,
        `Saving your command failed (${describeError(error)}) and it is not in the saved state, so nothing was changed. Please send it again.`,
      );
    }
    if (result.ok) {
      const saved = { state, etag: result.etag, live: await liveBase() };
      return settle(applied.steps, saved, await publishedVersion);
    }
    if (ids.length > 0) unconfirmed = { live: await liveBase(), applied };
    // Full jitter over a growing window keeps colliding writers from colliding again. The window stays short:
    // the colliding writers are other instances, few, and a sleeping writer holds up its instance's queue.
    await deps.sleep(Math.round(deps.random() * Math.min(10 * 2 ** attempt, 100)));
  }
  return failAll(
    undefined,
    members.length,
    'The status page is very busy and your command could not be saved; nothing was changed. Please send it again.',
  );
}
