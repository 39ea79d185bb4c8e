import type { StatusState } from '../core/model/state';
import type { CommandDeps } from './commandDeps';
import type { PublishOutcome } from './publishQueue';
import { publishSite } from './publishSite';

/** How often a publish chases a newer state that another command saved meanwhile. */
export const MAX_PUBLISH_ROUNDS = 3;

/**
 * Brings the site up to the newest saved state. `live` is the state the site showed when `saved` was derived
 * from it (undefined: unknown, so everything is written). Another command may save a newer state while we
 * publish and our older files may land after its newer ones, so we look again and chase the newest. `shown`,
 * when known, is a state this instance already published: one at least as new as `saved` is never taken back
 * to `saved`; the chase starts from it instead. `current` is true when the state it published last was still the
 * newest when it looked.
 */
export async function publishLatest(
  deps: Pick<CommandDeps, 'store' | 'publisher' | 'render'>,
  live: StatusState | undefined,
  saved: StatusState,
  etag: string,
  shown?: StatusState,
): Promise<PublishOutcome> {
  const ahead = shown !== undefined && shown.version >= saved.version;
  let [from, to, toEtag] = ahead ? [shown, shown, undefined] : [live, saved, etag];
  let last = ahead ? shown : undefined;
  for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
    if (to !== last) {
      await publishSite(deps.publisher, deps.render, from, to);
      last = to;
    }
    const current = await deps.store.currentEtag();
    if (toEtag !== undefined && current === toEtag) return { current: true, shown: last };
    const reloaded = await deps.store.load();
    if (reloaded.kind !== 'found') return { current: false, shown: last };
    if (reloaded.state.version <= last.version) {
      // Nothing newer than what the site shows (the site is ahead of our save): done.
      return { current: true, shown: last };
    }
    [from, to, toEtag] = [last, reloaded.state, reloaded.etag];
  }
  return { current: false, shown: last };
}
