import { StorageError, type SiteFile, type SitePublisher } from '../../../src/core/ports';
import { CACHE_CONTROL } from '../../../src/adapters/storage/blobSitePublisher';

export interface MemoryFile {
  content: string;
  contentType: string;
  cacheControl: string;
  /** Undefined for a file placed by hand rather than published. */
  version: number | undefined;
}

export interface MemorySitePublisherOptions {
  /** False: the site (container, share) does not exist, and every write fails as it would in storage. */
  exists?: boolean;
  /** Makes writes of some paths fail, as a storage outage would. */
  failWrite?: (file: SiteFile) => boolean;
  /** Runs as each write arrives, before it lands: another command's chance to save meanwhile. */
  beforeWrite?: (file: SiteFile, version: number) => void;
}

/** The SitePublisher port in memory. Records every write it was asked for, in order, failed or not. */
export class MemorySitePublisher implements SitePublisher {
  readonly files = new Map<string, MemoryFile>();
  readonly writes: { path: string; version: number }[] = [];
  /** Every delete it was asked for, in order. */
  readonly deletes: string[] = [];

  constructor(private readonly options: MemorySitePublisherOptions = {}) {}

  publishedVersion(): Promise<number | undefined> {
    return Promise.resolve(this.files.get('index.html')?.version);
  }

  write(file: SiteFile, version: number): Promise<void> {
    this.options.beforeWrite?.(file, version);
    this.writes.push({ path: file.path, version });
    if (this.options.exists === false || this.options.failWrite?.(file)) {
      return Promise.reject(new StorageError(`storage write of ${file.path} failed: HTTP 404 SiteNotFound`));
    }
    this.files.set(file.path, {
      content: file.content,
      contentType: file.contentType,
      cacheControl: CACHE_CONTROL,
      version,
    });
    return Promise.resolve();
  }

  delete(path: string): Promise<void> {
    this.deletes.push(path);
    if (this.options.exists === false) {
      return Promise.reject(new StorageError(`storage delete of ${path} failed: HTTP 404 SiteNotFound`));
    }
    this.files.delete(path);
    return Promise.resolve();
  }

  /** Places a file as a person would by hand: no state version. */
  plant(path: string, content: string): void {
    this.files.set(path, { content, contentType: 'text/html', cacheControl: '', version: undefined });
  }
}
