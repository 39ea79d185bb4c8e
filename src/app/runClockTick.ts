import type { CommandDeps } from './commandDeps';
import { describeError } from './describeError';
import { catchUp, handOnSave } from './notify';
import { publishLatest } from './publishLatest';
import { publishSite } from './publishSite';
import { transact } from './transact';

export type TickResult =
  | { kind: 'advanced'; version: number }
  | { kind: 'repaired'; version: number }
  | { kind: 'current'; version: number }
  | { kind: 'failed'; reason: string };

/**
 * The timer's work: move the state to now (maintenance windows, promises falling due, a new day) and publish;
 * otherwise republish in full if the last publish did not complete (index.html's version lags the state's). Then
 * the state store's housekeeping.
 */
export async function runClockTick(
  deps: Pick<CommandDeps, 'store' | 'publisher' | 'render' | 'transactions' | 'clock' | 'sleep' | 'random'> &
    Partial<Pick<CommandDeps, 'notify' | 'catalog' | 'log'>>,
): Promise<TickResult> {
  const result = await moveClock(deps);
  // Then the outbox: changes saved but not yet in the queue (a host stopped after a save) are handed on.
  const { notify } = deps;
  if (notify && result.kind !== 'failed') {
    // Never at the cost of the tick: what is not handed on now stays pending for the next one.
    await deps.store
      .load()
      .then((loaded) =>
        loaded.kind === 'found'
          ? catchUp({ ...deps, ...notify, clock: deps.clock }, loaded.state)
          : undefined,
      )
      .catch(() => undefined);
  }
  // Housekeeping, off every command's path: what the state store kept for states long replaced.
  await deps.store.sweep(deps.clock()).catch((error: unknown) => {
    deps.log?.(JSON.stringify({ event: 'sweep.failed', error: describeError(error) }));
  });
  return result;
}

async function moveClock(deps: Parameters<typeof runClockTick>[0]): Promise<TickResult> {
  const done = await transact(deps, (state, _now, timeMoved) =>
    timeMoved ? { kind: 'changed', state, reply: { text: '' } } : { kind: 'answered', reply: { text: '' } },
  );
  if (done.kind === 'failed') return { kind: 'failed', reason: done.reason };
  if (done.kind === 'duplicate' || done.kind === 'busy')
    return { kind: 'failed', reason: 'unreachable: the clock has no activity ID and no deadline' };
  if (done.kind === 'saved') {
    const { notify } = deps;
    const saved = done.state;
    await Promise.all([
      publishLatest(deps, done.live, saved, done.etag),
      // Maintenance windows that start or end, promises falling due: handed on like a command's changes.
      notify ? handOnSave(notify, saved).catch(() => undefined) : undefined,
    ]);
    return { kind: 'advanced', version: done.state.version };
  }
  const { state, published } = done;
  if (published === state.version) return { kind: 'current', version: state.version };
  // A new deployment with no state gets the green page; a publish that failed gets finished.
  await publishSite(deps.publisher, deps.render, undefined, state);
  return { kind: 'repaired', version: state.version };
}
