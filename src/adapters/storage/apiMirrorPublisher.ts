import type { SiteFile, SitePublisher } from '../../core/ports';

/** The site's folder of Statuspage JSON, which the mirror serves from the root of its own container. */
export const API_FOLDER = 'api/';

/**
 * Publishes the site, and the Statuspage JSON (`api/…`) a second time into a container named `api`
 * (API_CONTAINER), where the blob endpoint serves it at `https://<account>.blob.core.windows.net/api/v2/…`: the
 * path Statuspage tools ask for, on an endpoint that sends CORS headers (the static website cannot). Atlassian's
 * status widget needs exactly this: it replaces the path of the URL it is given with `/api/v2/summary.json`
 * (@statuspage/status-widget 1.0.5, dist/src.*.js, util/fetch_status.ts: `url.pathname = path`), so a base URL
 * with `$web` in its path cannot work.
 *
 * The site stays the one source of the published version: the mirror is written before index.html like every
 * other file, so a mirror write that fails leaves the publish incomplete and the repair writes it again.
 */
export class ApiMirrorPublisher implements SitePublisher {
  constructor(
    private readonly site: SitePublisher,
    private readonly mirror: SitePublisher,
  ) {}

  publishedVersion(): Promise<number | undefined> {
    return this.site.publishedVersion();
  }

  async write(file: SiteFile, version: number): Promise<void> {
    const mirrored = mirrorPath(file.path);
    const results = await Promise.allSettled([
      this.site.write(file, version),
      mirrored === undefined ? undefined : this.mirror.write({ ...file, path: mirrored }, version),
    ]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }

  async delete(path: string): Promise<void> {
    const mirrored = mirrorPath(path);
    const results = await Promise.allSettled([
      this.site.delete(path),
      mirrored === undefined ? undefined : this.mirror.delete(mirrored),
    ]);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  }
}

/** `api/v2/summary.json` → `v2/summary.json`; undefined for a file that is not Statuspage JSON. */
function mirrorPath(path: string): string | undefined {
  return path.startsWith(API_FOLDER) && path.length > API_FOLDER.length
    ? path.slice(API_FOLDER.length)
    : undefined;
}
