import { randomUUID } from 'node:crypto';
import { ShareServiceClient, type ShareClient } from '@azure/storage-file-share';
import { STORAGE_CALL_TIMEOUT_MS } from '../../src/adapters/storage/blobClient';
import { VERSION_METADATA } from '../../src/adapters/storage/blobSitePublisher';
import { FileSharePublisher, STAGING_DIR } from '../../src/adapters/storage/fileSharePublisher';
import { StorageError } from '../../src/core/ports';
import type { SiteFile } from '../../src/core/ports';
import { startFakeAzureFiles, type FakeAzureFiles, type FakeFile } from '../contract/fakeAzureFiles';
import { describeSitePublisherContract, type PublisherUnderTest } from '../contract/sitePublisher.contract';

// The Azure Files target, through the real SDK: against a fake of the FileREST API always (Azurite has no Azure
// Files), and against a real share when LIVE_STORAGE_CONNECTION_STRING names a storage account (see
// docs/deploy.md). Each test gets a share of its own.

const page = (path: string, content = `<h1>${path}</h1>`): SiteFile => ({
  path,
  content,
  contentType: 'text/html; charset=utf-8',
});

function underTest(service: ShareServiceClient, share: ShareClient): PublisherUnderTest {
  return {
    publisher: new FileSharePublisher(share),
    read: async (path) => {
      const segments = path.split('/');
      const name = segments.pop() ?? '';
      const directory = segments.length
        ? share.getDirectoryClient(segments.join('/'))
        : share.rootDirectoryClient;
      const file = directory.getFileClient(name);
      if (!(await file.exists())) return undefined;
      const properties = await file.getProperties();
      const content = properties.contentLength ? await file.downloadToBuffer() : Buffer.alloc(0);
      return {
        content: content.toString('utf8'),
        contentType: properties.contentType,
        cacheControl: properties.cacheControl,
        version: properties.metadata?.[VERSION_METADATA],
      };
    },
    plant: async (path, content) => {
      await share.rootDirectoryClient.getFileClient(path).uploadData(Buffer.from(content));
    },
    missingSite: () => new FileSharePublisher(service.getShareClient(`missing-${randomUUID().slice(0, 8)}`)),
    cleanup: async () => {
      await share.deleteIfExists({ deleteSnapshots: 'include' });
    },
  };
}

async function newShare(service: ShareServiceClient): Promise<ShareClient> {
  const share = service.getShareClient(`site-${randomUUID().slice(0, 8)}`);
  await share.create();
  return share;
}

describe('FileSharePublisher on a fake Azure Files', () => {
  let fake: FakeAzureFiles;
  let service: ShareServiceClient;
  beforeAll(async () => {
    fake = await startFakeAzureFiles();
    service = ShareServiceClient.fromConnectionString(fake.connectionString, {
      retryOptions: { maxTries: 1 },
    });
  });
  afterAll(async () => {
    await fake.close();
  });

  describeSitePublisherContract('FileSharePublisher', async () =>
    underTest(service, await newShare(service)),
  );

  describe('writing', () => {
    let share: ShareClient;
    let publisher: FileSharePublisher;
    const files = () => fake.share(share.name)?.files ?? new Map<string, FakeFile>();
    const requestsFor = () => fake.requests.filter((request) => request.share === share.name);
    beforeEach(async () => {
      share = await newShare(service);
      publisher = new FileSharePublisher(share);
    });

    it('uploads to a staging file and renames it over the page, so no reader sees a half-written page', async () => {
      await publisher.write(page('index.html', '<h1>Chat is down</h1>'), 1);
      const operations = requestsFor().filter(
        (request) => request.operation !== 'createDirectory' && request.operation !== 'createShare',
      );
      expect(operations.map((request) => request.operation)).toEqual([
        'createFile',
        'createFile',
        'putRange',
        'rename',
      ]);
      expect(
        operations
          .filter((request) => request.operation !== 'rename')
          .every((request) => request.path.startsWith(`${STAGING_DIR}/`)),
      ).toBe(true);
      expect(operations.at(-1)?.path).toBe('index.html');
    });

    it('leaves nothing in the staging folder once a publish is done', async () => {
      await Promise.all(
        [page('index.html'), page('incidents/INC-1.html'), page('404.html')].map((file) =>
          publisher.write(file, 2),
        ),
      );
      expect([...files().keys()].sort()).toEqual(['404.html', 'incidents/INC-1.html', 'index.html']);
    });

    it('creates each folder once, however many files go into it', async () => {
      await Promise.all(
        Array.from({ length: 8 }, (_, index) => publisher.write(page(`incidents/INC-${index}.html`), 3)),
      );
      await publisher.write(page('incidents/INC-9.html'), 4);
      const created = requestsFor()
        .filter((request) => request.operation === 'createDirectory')
        .map((request) => request.path);
      expect(created.filter((path) => path === 'incidents')).toHaveLength(1);
      expect(created.filter((path) => path === STAGING_DIR)).toHaveLength(1);
    });

    it('costs three calls per file once its folders exist: create, put range, rename', async () => {
      await publisher.write(page('api/v2/summary.json'), 5);
      const before = requestsFor().length;
      await publisher.write(page('api/v2/summary.json'), 6);
      expect(
        requestsFor()
          .slice(before)
          .map((request) => request.operation),
      ).toEqual(['createFile', 'putRange', 'rename']);
    });

    it('recreates a folder that was deleted by hand', async () => {
      await publisher.write(page('incidents/INC-1.html'), 1);
      await share.getDirectoryClient('incidents').getFileClient('INC-1.html').delete();
      await share.getDirectoryClient('incidents').delete();
      await publisher.write(page('incidents/INC-2.html'), 2);
      expect(files().has('incidents/INC-2.html')).toBe(true);
    });

    it('removes the staged upload when the rename fails, and reports the page that failed', async () => {
      fake.failNext({
        when: (request) => request.share === share.name && request.operation === 'rename',
        status: 500,
        code: 'InternalError',
      });
      const write = publisher.write(page('index.html'), 7);
      await expect(write).rejects.toBeInstanceOf(StorageError);
      await expect(write).rejects.toThrow(/index\.html.*HTTP 500 InternalError/);
      expect([...files().keys()]).toEqual([]);
    });

    it('keeps the previous page whole when a new upload fails half way', async () => {
      await publisher.write(page('index.html', '<h1>All systems operational</h1>'), 1);
      fake.failNext({
        when: (request) => request.share === share.name && request.operation === 'putRange',
        status: 503,
        code: 'ServerBusy',
      });
      await expect(publisher.write(page('index.html', '<h1>Chat is down</h1>'), 2)).rejects.toBeInstanceOf(
        StorageError,
      );
      expect(files().get('index.html')?.content.toString('utf8')).toBe('<h1>All systems operational</h1>');
      await expect(publisher.publishedVersion()).resolves.toBe(1);
    });
  });

  describe('a call that never returns', () => {
    it(`is given up (after ${STORAGE_CALL_TIMEOUT_MS} ms), so a command can still answer`, async () => {
      const share = await newShare(service);
      fake.failNext({
        when: (request) => request.share === share.name && request.operation === 'rename',
        status: 0,
        code: '',
        hang: true,
      });
      // It fails rather than hang until jest's own timeout; how soon is STORAGE_CALL_TIMEOUT_MS's job.
      await expect(new FileSharePublisher(share).write(page('index.html'), 1)).rejects.toBeInstanceOf(
        StorageError,
      );
    });
  });

  describe('publishedVersion', () => {
    it('reports a missing share as a storage failure, not as a page never published', async () => {
      const publisher = new FileSharePublisher(service.getShareClient(`missing-${randomUUID().slice(0, 8)}`));
      await expect(publisher.publishedVersion()).rejects.toThrow(/file share.*ShareNotFound/);
    });
  });
});

// Registered only with a real account to test against; without one, nothing is defined (and nothing skipped).
const live = process.env.LIVE_STORAGE_CONNECTION_STRING;
if (live) {
  const service = ShareServiceClient.fromConnectionString(live);
  describeSitePublisherContract('FileSharePublisher on a real Azure Files share', async () =>
    underTest(service, await newShare(service)),
  );
}
