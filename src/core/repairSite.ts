import type { SitePublisher, SiteRenderer, StateStore } from './ports';
import { publishSite } from './publishSite';
import { emptyState } from './state';

export type RepairResult =
  | { kind: 'current'; version: number }
  | { kind: 'repaired'; version: number; written: number }
  | { kind: 'invalid' };

/**
 * Republishes the whole site when the state is newer than what index.html says was published: a publish that
 * failed after its state was saved, or a new deployment with no state yet (it gets the green page). Run by the
 * timer; cheap (two reads) when there is nothing to do.
 */
export async function repairSite(
  store: StateStore,
  publisher: SitePublisher,
  render: SiteRenderer,
  now: string,
): Promise<RepairResult> {
  const [loaded, published] = await Promise.all([store.load(), publisher.publishedVersion()]);
  if (loaded.kind === 'invalid') return { kind: 'invalid' };
  const state = loaded.kind === 'found' ? loaded.state : emptyState(now);
  if (published === state.version) return { kind: 'current', version: published };
  const report = await publishSite(publisher, render, undefined, state, now);
  return { kind: 'repaired', version: report.version, written: report.written.length };
}
