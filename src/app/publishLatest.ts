import type { StatusState } from '../core/model/state';
import type { CommandDeps } from './commandDeps';
import { publishSite } from './publishSite';

/** How often a publish chases a newer state that another command saved meanwhile. */
export const MAX_PUBLISH_ROUNDS = 3;

/**
 * Brings the site up to the newest saved state. `live` is the state the site showed when `saved` was derived
 * from it (undefined: unknown, so everything is written). Another command may save a newer state while we
 * publish and our older files may land after its newer ones, so we look again and chase the newest. True when
 * the state it published last was still the newest when it looked.
 */
export async function publishLatest(
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
