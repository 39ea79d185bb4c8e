import { advanceTime } from '../core/model/advanceTime';
import type { Outcome } from '../core/commands/applyCommand';
import { StorageError, type LoadResult, type SaveResult } from '../core/ports';
import { toFullText, type Reply } from '../core/model/reply';
import { pruneResolved } from '../core/model/retention';
import { emptyState, type StatusState } from '../core/model/state';
import { recordNotices } from '../core/subscribers/outbox';
import type { CommandDeps } from './commandDeps';
import { describeError } from './describeError';

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
 * redelivery is answered with, the reply's full text (a card is rebuilt by nobody and weighs ten times more); the
 * state's size budget bounds a flood.
 */
function remember(state: StatusState, activityId: string, reply: Reply, now: string): StatusState {
  const horizon = Date.parse(now) - PROCESSED_WINDOW_MS;
  const recent = state.processed.filter((entry) => Date.parse(entry.at) >= horizon);
  // As it was sent: the text with the card's facts in it (toFullText), so a redelivery reads the same.
  const full = toFullText(reply);
  const text = full.length > REMEMBERED_REPLY_MAX ? `${full.slice(0, REMEMBERED_REPLY_MAX - 1)}…` : full;
  return { ...state, processed: [...recent, { id: activityId, at: now, reply: { text } }] };
}

/** Storage failed before anything was written: the command certainly changed nothing. */
export class NothingSavedError extends StorageError {}

export type Transaction =
  | { kind: 'duplicate'; reply: Reply }
  /** Its turn came after its deadline: it was never started, so nothing was changed. */
  | { kind: 'busy' }
  | { kind: 'saved'; state: StatusState; etag: string; live: StatusState | undefined; outcome: Outcome }
  /** Nothing to save; `state` is what was loaded, `published` the version index.html carries. */
  | { kind: 'unsaved'; outcome: Outcome; state: StatusState; published: number | undefined }
  | { kind: 'failed'; reason: string };

export type TransactDeps = Pick<
  CommandDeps,
  'store' | 'publisher' | 'transactions' | 'clock' | 'sleep' | 'random'
> &
  /** Names the components in the clock's automatic maintenance updates. */
  Partial<Pick<CommandDeps, 'catalog'>>;

/**
 * Loads the state, brings it up to `now`, applies `apply`, archives what aged out and saves with the ETag;
 * on conflict re-reads and re-applies, so concurrent commands are each applied exactly once. Runs in turn
 * with this instance's other transactions. Throws only when storage gave no answer that tells what happened.
 */
export function transact(
  deps: TransactDeps,
  apply: (state: StatusState, now: string, timeMoved: boolean) => Outcome,
  activityId?: string,
  turn: TransactionTurn = {},
): Promise<Transaction> {
  return deps.transactions.run(() => {
    // Under a burst a command can wait its whole 5 s in the queue; once its reply is due it is not started at
    // all, so the reply "busy, nothing was changed" sent in the meantime stays true.
    if (turn.deadline?.aborted) return Promise.resolve<Transaction>({ kind: 'busy' });
    turn.onStart?.();
    return saveWithRetries(deps, apply, activityId);
  });
}

/** When a transaction may still start, and who to tell when it does. */
export interface TransactionTurn {
  /** Aborted when the command's reply is due. */
  deadline?: AbortSignal;
  onStart?: () => void;
}

async function saveWithRetries(
  deps: TransactDeps,
  apply: (state: StatusState, now: string, timeMoved: boolean) => Outcome,
  activityId: string | undefined,
): Promise<Transaction> {
  const publishedVersion = deps.publisher.publishedVersion().catch(() => undefined);
  /**
   * Set when a write of ours got no clean answer or a conflict: a dropped connection may hide a write the service
   * applied (the SDK's retry of it then meets a 412). If our activity ID shows up in the state, it landed.
   */
  let unconfirmed: { live: StatusState | undefined; outcome: Outcome } | undefined;
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
    const advanced = advanceTime(base, now, deps.catalog);
    const outcome = apply(advanced ?? base, now, advanced !== undefined);
    if (outcome.kind !== 'changed')
      return { kind: 'unsaved', outcome, state: base, published: await publishedVersion };
    // With subscribers, the save carries its public changes (the outbox), so none is lost after it.
    const noticed = deps.catalog?.subscribers?.length
      ? recordNotices(loaded.kind === 'found' ? base : undefined, outcome.state)
      : outcome.state;
    const applied = activityId === undefined ? noticed : remember(noticed, activityId, outcome.reply, now);
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
        reason: `Saving your command failed (${describeError(error)}) and it is not in the saved state, so nothing was changed. Please send it again.`,
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
