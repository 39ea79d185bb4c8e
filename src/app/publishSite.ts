import type { SiteFile, SitePublisher, SiteRenderer } from '../core/ports';
import type { StatusState } from '../core/model/state';
import { retractedPaths } from '../core/site/historyView';
import { PUBLISH_ORDER, publishOrderOf } from '../core/site/manifest';

// A command changes up to ~12 files before the feeds and index.html: one round trip for all of them.
const WRITE_CONCURRENCY = 16;

/**
 * Settles every write of a batch before reporting a failure: a write still in flight after we gave up could land
 * after the repair's newer one and put an older page back.
 */
async function writeAll(publisher: SitePublisher, files: SiteFile[], version: number): Promise<void> {
  for (let start = 0; start < files.length; start += WRITE_CONCURRENCY) {
    const results = await Promise.allSettled(
      files.slice(start, start + WRITE_CONCURRENCY).map((file) => publisher.write(file, version)),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/** Like writeAll: every delete settles before a failure is reported. */
async function deleteAll(publisher: SitePublisher, paths: readonly string[]): Promise<void> {
  const results = await Promise.allSettled(paths.map((path) => publisher.delete(path)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

export interface PublishReport {
  version: number;
  written: string[];
  deleted: string[];
}

/**
 * Writes the files of `next` whose content differs from what `live` (the state the site currently shows)
 * rendered to; with no `live`, writes them all. index.html is always written, last: it carries the state
 * version and so marks the publish complete. Files that must no longer exist (retracted incidents) are deleted
 * before it, so a failed delete leaves the publish incomplete and the repair deletes them again.
 */
export async function publishSite(
  publisher: SitePublisher,
  render: SiteRenderer,
  live: StatusState | undefined,
  next: StatusState,
): Promise<PublishReport> {
  const before = new Map(live ? render(live).map((file) => [file.path, file.content]) : []);
  const changed = render(next).filter(
    (file) => file.path === 'index.html' || before.get(file.path) !== file.content,
  );
  const already = new Set(live ? retractedPaths(live) : []);
  const gone = retractedPaths(next).filter((path) => !already.has(path));
  // Incident pages and JSON first, feeds next, index.html last: readers never see links to pages not yet written.
  for (const order of PUBLISH_ORDER) {
    if (order === 'index') await deleteAll(publisher, gone);
    await writeAll(
      publisher,
      changed.filter((file) => publishOrderOf(file.path) === order),
      next.version,
    );
  }
  return { version: next.version, written: changed.map((file) => file.path), deleted: gone };
}
