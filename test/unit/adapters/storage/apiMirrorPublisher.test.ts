import { ApiMirrorPublisher } from '../../../../src/adapters/storage/apiMirrorPublisher';
import type { SiteFile } from '../../../../src/core/ports';
import { StorageError } from '../../../../src/core/ports';
import { MemorySitePublisher } from '../../../support/fakes/memorySitePublisher';
import { describeSitePublisherContract } from '../../../contract/sitePublisher.contract';

const JSON_TYPE = 'application/json; charset=utf-8';
const json = (path: string, content = '{"status":{"indicator":"none"}}'): SiteFile => ({
  path,
  content,
  contentType: JSON_TYPE,
});
const page = (path: string): SiteFile => ({ path, content: `<h1>${path}</h1>`, contentType: 'text/html' });

// To the core it is the site's publisher, with the same promises.
describeSitePublisherContract('ApiMirrorPublisher', () => {
  const site = new MemorySitePublisher();
  return Promise.resolve({
    publisher: new ApiMirrorPublisher(site, new MemorySitePublisher()),
    read: (path) => {
      const file = site.files.get(path);
      return Promise.resolve(
        file && {
          content: file.content,
          contentType: file.contentType,
          cacheControl: file.cacheControl,
          version: file.version === undefined ? undefined : String(file.version),
        },
      );
    },
    plant: (path, content) => Promise.resolve(site.plant(path, content)),
    missingSite: () =>
      new ApiMirrorPublisher(new MemorySitePublisher({ exists: false }), new MemorySitePublisher()),
    cleanup: () => Promise.resolve(),
  });
});

describe('ApiMirrorPublisher', () => {
  it('writes the Statuspage JSON to the mirror too, at the path Statuspage serves it under /api/', async () => {
    const [site, mirror] = [new MemorySitePublisher(), new MemorySitePublisher()];
    const publisher = new ApiMirrorPublisher(site, mirror);
    await publisher.write(json('api/v2/summary.json'), 4);
    await publisher.write(json('api/v2/incidents/unresolved.json'), 4);
    await publisher.write(page('index.html'), 4);
    expect(site.writes.map((write) => write.path)).toEqual([
      'api/v2/summary.json',
      'api/v2/incidents/unresolved.json',
      'index.html',
    ]);
    expect(mirror.writes).toEqual([
      { path: 'v2/summary.json', version: 4 },
      { path: 'v2/incidents/unresolved.json', version: 4 },
    ]);
    expect(mirror.files.get('v2/summary.json')).toMatchObject({
      content: '{"status":{"indicator":"none"}}',
      contentType: JSON_TYPE,
    });
  });

  it('takes the published version from the site alone: the mirror has no index.html', async () => {
    const [site, mirror] = [new MemorySitePublisher(), new MemorySitePublisher()];
    const publisher = new ApiMirrorPublisher(site, mirror);
    await publisher.write(page('index.html'), 9);
    await expect(publisher.publishedVersion()).resolves.toBe(9);
  });

  it('fails the write when the mirror fails, so the publish stays incomplete and is repaired', async () => {
    const site = new MemorySitePublisher();
    const mirror = new MemorySitePublisher({ failWrite: () => true });
    const write = new ApiMirrorPublisher(site, mirror).write(json('api/v2/status.json'), 3);
    await expect(write).rejects.toBeInstanceOf(StorageError);
    // The site's copy was still written: a healthy target is not held back.
    expect(site.files.get('api/v2/status.json')?.version).toBe(3);
  });

  it('removes a retracted file from both, and leaves the mirror alone for pages', async () => {
    const [site, mirror] = [new MemorySitePublisher(), new MemorySitePublisher()];
    const publisher = new ApiMirrorPublisher(site, mirror);
    await publisher.write(json('api/v2/incidents/INC-3.json'), 2);
    await publisher.write(page('incidents/INC-3.html'), 2);
    await publisher.delete('api/v2/incidents/INC-3.json');
    await publisher.delete('incidents/INC-3.html');
    expect(site.files.has('api/v2/incidents/INC-3.json')).toBe(false);
    expect(mirror.files.has('v2/incidents/INC-3.json')).toBe(false);
    expect([...mirror.files.keys()]).toEqual([]);
  });
});
