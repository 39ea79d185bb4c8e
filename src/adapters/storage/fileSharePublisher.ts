import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ShareClient, ShareFileClient } from '@azure/storage-file-share';
import type { SiteFile, SitePublisher } from '../../core/ports';
import { boundedCall } from './blobClient';
import { codeOf, statusOf, storageCall, toStorageError } from './blobErrors';
import { CACHE_CONTROL, VERSION_METADATA } from './blobSitePublisher';
import { safeBlobName } from './blobName';

/**
 * Where a file is uploaded before it is renamed into place. Kept out of the site's own folders, so a reader of
 * the share never meets a half-written page, and a crash between upload and rename leaves debris in one place.
 */
export const STAGING_DIR = '.publishing';

/**
 * Publishes the site to an Azure Files share, the target of the original design (a share mounted by the web
 * server that serves the page). Same contract as the blob publisher: content type and cache control on every
 * file, the state version in its metadata, index.html's version marking the last complete publish.
 *
 * Azure Files creates a file at its full size before its content is written, so a file is uploaded under
 * STAGING_DIR and then renamed over the old one: readers see the old page or the new one, never zeros. Unlike
 * blobs, files need their directories: they are created on first need and remembered.
 */
export class FileSharePublisher implements SitePublisher {
  /** Directories known to exist (or being created), shared by concurrent writes. */
  private readonly directories = new Map<string, Promise<void>>();

  constructor(private readonly share: ShareClient) {}

  async publishedVersion(): Promise<number | undefined> {
    try {
      const properties = await this.file('index.html').getProperties(boundedCall());
      const version = Number(properties.metadata?.[VERSION_METADATA]);
      return Number.isSafeInteger(version) ? version : undefined;
    } catch (error) {
      // No index.html (or not even its folder) yet: nothing was published. A missing share is a real failure.
      if (statusOf(error) === 404 && codeOf(error) !== 'ShareNotFound') return undefined;
      throw toStorageError('read of the published version from the file share', error);
    }
  }

  async write(file: SiteFile, version: number): Promise<void> {
    safeBlobName(file.path);
    const body = Buffer.from(file.content, 'utf8');
    const metadata = { [VERSION_METADATA]: String(version) };
    const staged = this.file(`${STAGING_DIR}/${randomUUID()}.tmp`);
    await storageCall(`file share write of ${file.path}`, async () => {
      await this.withParents(STAGING_DIR, () =>
        staged.uploadData(body, {
          fileHttpHeaders: { fileContentType: file.contentType, fileCacheControl: CACHE_CONTROL },
          metadata,
          ...boundedCall(),
        }),
      );
      try {
        // Content type and metadata are given again: the rename must not depend on them travelling along.
        await this.withParents(path.posix.dirname(file.path), () =>
          staged.rename(file.path, {
            replaceIfExists: true,
            metadata,
            contentType: file.contentType,
            ...boundedCall(),
          }),
        );
      } catch (error) {
        // Best effort: past the command's deadline this is aborted too, and the upload stays in STAGING_DIR,
        // outside the site's folders.
        await staged.deleteIfExists(boundedCall()).catch(() => undefined);
        throw error;
      }
    });
  }

  async delete(filePath: string): Promise<void> {
    await storageCall(`file share delete of ${filePath}`, async () => {
      try {
        await this.file(filePath).deleteIfExists(boundedCall());
      } catch (error) {
        // Its folder is gone too (ParentNotFound): the file is not there, which is what was asked.
        if (statusOf(error) === 404 && codeOf(error) !== 'ShareNotFound') return;
        throw error;
      }
    });
  }

  private file(filePath: string): ShareFileClient {
    const directory = path.posix.dirname(filePath);
    const directoryClient =
      directory === '.' ? this.share.rootDirectoryClient : this.share.getDirectoryClient(directory);
    return directoryClient.getFileClient(path.posix.basename(filePath));
  }

  /**
   * Runs `operation`; if it fails because `directory` (or one of its parents) does not exist, creates them and
   * runs it again. Directories that exist cost nothing after the first write, which keeps a publish to the same
   * few calls per file as the blob publisher.
   */
  private async withParents<T>(directory: string, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const parentMissing = statusOf(error) === 404 && codeOf(error) === 'ParentNotFound';
        if (directory === '.' || attempt === 3 || !parentMissing) throw error;
      }
      // First: the folder is new, or a concurrent write is creating it. Second: it was remembered but is gone (a
      // folder deleted by hand), so nothing remembered can be trusted and every folder is checked again.
      if (attempt === 2) this.directories.clear();
      await this.ensureDirectory(directory);
    }
  }

  private ensureDirectory(directory: string): Promise<void> {
    let created = this.directories.get(directory);
    if (!created) {
      const parent = path.posix.dirname(directory);
      created = (parent === '.' ? Promise.resolve() : this.ensureDirectory(parent))
        .then(() => this.share.getDirectoryClient(directory).createIfNotExists(boundedCall()))
        .then(() => undefined);
      // A failed creation is forgotten, so the next write tries again rather than failing forever.
      void created.catch(() => this.directories.delete(directory));
      this.directories.set(directory, created);
    }
    return created;
  }
}
