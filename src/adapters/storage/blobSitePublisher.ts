import type { ContainerClient } from '@azure/storage-blob';
import type { SiteFile, SitePublisher } from '../../core/ports';
import { boundedCall } from './blobClient';
import { statusOf, storageCall, toStorageError } from './blobErrors';
import { safeBlobName } from './blobName';

/** Short, so readers see a new update within half a minute even behind a CDN. */
export const CACHE_CONTROL = 'public, max-age=30';
/** Blob metadata key holding the state version a file was rendered from. */
export const VERSION_METADATA = 'stateversion';

/** Publishes the site to a blob container: `$web`, the storage static website. */
export class BlobSitePublisher implements SitePublisher {
  constructor(private readonly container: ContainerClient) {}

  async publishedVersion(): Promise<number | undefined> {
    try {
      const properties = await this.container.getBlockBlobClient('index.html').getProperties(boundedCall());
      const version = Number(properties.metadata?.[VERSION_METADATA]);
      return Number.isSafeInteger(version) ? version : undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toStorageError('read of the published version', error);
    }
  }

  async write(file: SiteFile, version: number): Promise<void> {
    const name = safeBlobName(file.path);
    const body = Buffer.from(file.content, 'utf8');
    await storageCall(`write of ${file.path}`, () =>
      this.container.getBlockBlobClient(name).uploadData(body, {
        blobHTTPHeaders: { blobContentType: file.contentType, blobCacheControl: CACHE_CONTROL },
        metadata: { [VERSION_METADATA]: String(version) },
        ...boundedCall(),
      }),
    );
  }

  async delete(path: string): Promise<void> {
    // Snapshots too: none are taken, but a leftover one would keep the content readable.
    await storageCall(`delete of ${path}`, () =>
      this.container
        .getBlockBlobClient(path)
        .deleteIfExists({ deleteSnapshots: 'include', ...boundedCall() }),
    );
  }
}
