import type { CommandDeps } from './commandDeps';
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
 * otherwise republish in full if the last publish did not complete (index.html's version lags the state's).
 */
export async function runClockTick(
  deps: Pick<CommandDeps, 'store' | 'publisher' | 'render' | 'transactions' | 'clock' | 'sleep' | 'random'>,
): Promise<TickResult> {
  const done = await transact(deps, (state, _now, timeMoved) =>
    timeMoved ? { kind: 'changed', state, reply: { text: '' } } : { kind: 'answered', reply: { text: '' } },
  );
  if (done.kind === 'failed') return { kind: 'failed', reason: done.reason };
  if (done.kind === 'duplicate' || done.kind === 'busy')
    return { kind: 'failed', reason: 'unreachable: the clock has no activity ID and no deadline' };
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
