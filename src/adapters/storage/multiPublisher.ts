import type { SiteFile, SitePublisher } from '../../core/ports';

/**
 * Publishes the site to several targets at once (PUBLISH_TARGETS=blob,fileshare). Each file goes to every
 * target in parallel, so a publish takes as long as the slowest target, not the sum.
 */
export class MultiPublisher implements SitePublisher {
  constructor(private readonly targets: readonly SitePublisher[]) {
    if (targets.length === 0) throw new Error('MultiPublisher needs at least one target.');
  }

  /**
   * The site is only as current as its least current copy: if one target missed a publish, the version it
   * reports is the one returned, so the timer republishes (to every target; writes are idempotent).
   */
  async publishedVersion(): Promise<number | undefined> {
    const versions = await Promise.all(this.targets.map((target) => target.publishedVersion()));
    let oldest: number | undefined;
    for (const version of versions) {
      if (version === undefined) return undefined;
      oldest = oldest === undefined ? version : Math.min(oldest, version);
    }
    return oldest;
  }

  /**
   * Writes to every target, even when one fails, so a healthy target is not held back by a broken one; then
   * fails with the first error, so the publish is not taken as complete and is repaired later.
   */
  async write(file: SiteFile, version: number): Promise<void> {
    const results = await Promise.allSettled(this.targets.map((target) => target.write(file, version)));
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
    }
  }

  /** Deletes from every target, even when one fails; then fails with the first error, as `write` does. */
  async delete(path: string): Promise<void> {
    const results = await Promise.allSettled(this.targets.map((target) => target.delete(path)));
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
    }
  }
}
