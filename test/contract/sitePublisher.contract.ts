import type { SiteFile, SitePublisher } from '../../src/core/ports';
import { StorageError } from '../../src/core/ports';

// What every SitePublisher promises, whatever it writes to: one suite, run against the in-memory fake, the blob
// publisher on Azurite, the file share publisher on a fake Azure Files and (when configured) a real share, and
// the composite publisher. A target that passes can replace another without the core noticing.

/** A published file as a reader of the target sees it. */
export interface PublishedFile {
  content: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
  /** The state version in the file's metadata, as stored (a string), if any. */
  version: string | undefined;
}

export interface PublisherUnderTest {
  publisher: SitePublisher;
  /** Reads a file back straight from the target, not through the publisher. */
  read: (path: string) => Promise<PublishedFile | undefined>;
  /** Places a file without a state version, as a person uploading by hand would. */
  plant: (path: string, content: string) => Promise<void>;
  /** A publisher of the same kind whose site (container, share) does not exist. */
  missingSite: () => SitePublisher;
  cleanup: () => Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const file = (path: string, content: string, contentType = HTML): SiteFile => ({
  path,
  content,
  contentType,
});

export function describeSitePublisherContract(name: string, create: () => Promise<PublisherUnderTest>): void {
  describe(`${name}: the SitePublisher contract`, () => {
    let target: PublisherUnderTest;
    beforeEach(async () => {
      target = await create();
    });
    afterEach(async () => {
      await target.cleanup();
    });

    it('knows no published version before anything is published', async () => {
      await expect(target.publisher.publishedVersion()).resolves.toBeUndefined();
    });

    it('reports the version index.html was written with as the published version', async () => {
      await target.publisher.write(file('index.html', '<h1>All systems operational</h1>'), 3);
      await expect(target.publisher.publishedVersion()).resolves.toBe(3);
    });

    it('does not count files other than index.html as a complete publish', async () => {
      await target.publisher.write(file('incidents/INC-1.html', '<h1>INC-1</h1>'), 5);
      await target.publisher.write(file('history.atom', '<feed/>', 'application/atom+xml; charset=utf-8'), 5);
      await expect(target.publisher.publishedVersion()).resolves.toBeUndefined();
    });

    it('replaces a file, content and version, when it is written again', async () => {
      await target.publisher.write(file('index.html', '<h1>Chat is down</h1>'), 1);
      await target.publisher.write(file('index.html', '<h1>All systems operational</h1>'), 2);
      await expect(target.publisher.publishedVersion()).resolves.toBe(2);
      await expect(target.read('index.html')).resolves.toMatchObject({
        content: '<h1>All systems operational</h1>',
        version: '2',
      });
    });

    it('stores the content exactly, with its content type, a short cache lifetime and the state version', async () => {
      const content = '<p>Résolu ✅ — “quotes”, emoji 🚨, 中文,\r\nCRLF and a NUL-free binary-safe line</p>';
      await target.publisher.write(file('incidents/INC-7.html', content), 42);
      const published = await target.read('incidents/INC-7.html');
      expect(published).toMatchObject({ content, contentType: HTML, version: '42' });
      const maxAge = Number(/max-age=(\d+)/.exec(published?.cacheControl ?? '')?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(60);
    });

    it('writes into nested folders that do not exist yet', async () => {
      const paths = [
        'api/v2/summary.json',
        'api/v2/incidents/unresolved.json',
        'api/v2/scheduled-maintenances/active.json',
      ];
      for (const path of paths) await target.publisher.write(file(path, `{"path":"${path}"}`, JSON_TYPE), 9);
      for (const path of paths) {
        await expect(target.read(path)).resolves.toMatchObject({
          content: `{"path":"${path}"}`,
          contentType: JSON_TYPE,
        });
      }
    });

    it('takes concurrent writes into one new folder, as a publish does', async () => {
      const pages = Array.from({ length: 8 }, (_, index) =>
        file(`incidents/INC-${index + 1}.html`, `<h1>INC-${index + 1}</h1>`),
      );
      await Promise.all(pages.map((page) => target.publisher.write(page, 4)));
      for (const page of pages)
        await expect(target.read(page.path)).resolves.toMatchObject({ content: page.content });
    });

    it('writes an empty file', async () => {
      await target.publisher.write(file('api/v2/incidents.json', '', JSON_TYPE), 1);
      await expect(target.read('api/v2/incidents.json')).resolves.toMatchObject({
        content: '',
        version: '1',
      });
    });

    it('writes a file larger than one 4 MiB upload range', async () => {
      const content = `<!-- ${'x'.repeat(4.5 * 1024 * 1024)} -->`;
      await target.publisher.write(file('history/all.html', content), 12);
      const published = await target.read('history/all.html');
      expect(published?.content.length).toBe(content.length);
      expect(published?.content === content).toBe(true);
    });

    it('treats an index.html that carries no state version as never published, so it gets republished', async () => {
      await target.plant('index.html', '<h1>Uploaded by hand</h1>');
      await expect(target.publisher.publishedVersion()).resolves.toBeUndefined();
    });

    it('fails with a StorageError naming the file when the site does not exist', async () => {
      const write = target.missingSite().write(file('incidents/INC-1.html', '<h1>INC-1</h1>'), 1);
      await expect(write).rejects.toBeInstanceOf(StorageError);
      await expect(write).rejects.toThrow('incidents/INC-1.html');
    });

    it('deletes a published file, so it is no longer served, and leaves the others', async () => {
      await target.publisher.write(file('incidents/INC-1.html', '<h1>INC-1</h1>'), 4);
      await target.publisher.write(file('incidents/INC-2.html', '<h1>INC-2</h1>'), 4);
      await target.publisher.write(file('index.html', '<h1>Status</h1>'), 4);
      await target.publisher.delete('incidents/INC-1.html');
      await expect(target.read('incidents/INC-1.html')).resolves.toBeUndefined();
      await expect(target.read('incidents/INC-2.html')).resolves.toMatchObject({ content: '<h1>INC-2</h1>' });
      await expect(target.publisher.publishedVersion()).resolves.toBe(4);
    });

    it('deletes a file written again after an earlier delete, and deletes what is already gone without failing', async () => {
      await target.publisher.write(file('history/2026-12.html', '<h1>December</h1>'), 1);
      await target.publisher.delete('history/2026-12.html');
      await target.publisher.write(file('history/2026-12.html', '<h1>December again</h1>'), 2);
      await expect(target.read('history/2026-12.html')).resolves.toMatchObject({
        content: '<h1>December again</h1>',
      });
      await target.publisher.delete('history/2026-12.html');
      await expect(target.publisher.delete('history/2026-12.html')).resolves.toBeUndefined();
      await expect(target.publisher.delete('never/written.html')).resolves.toBeUndefined();
      await expect(target.read('history/2026-12.html')).resolves.toBeUndefined();
    });

    it('fails a delete with a StorageError naming the file when the site does not exist', async () => {
      const deletion = target.missingSite().delete('incidents/INC-1.html');
      await expect(deletion).rejects.toBeInstanceOf(StorageError);
      await expect(deletion).rejects.toThrow('incidents/INC-1.html');
    });
  });
}
