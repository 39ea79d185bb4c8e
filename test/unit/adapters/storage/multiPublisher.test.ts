import { MultiPublisher } from '../../../../src/adapters/storage/multiPublisher';
import type { SiteFile } from '../../../../src/core/ports';
import { StorageError } from '../../../../src/core/ports';
import { MemorySitePublisher } from '../../../support/fakes/memorySitePublisher';
import { describeSitePublisherContract } from '../../../contract/sitePublisher.contract';

const page = (path: string, content = `<h1>${path}</h1>`): SiteFile => ({
  path,
  content,
  contentType: 'text/html; charset=utf-8',
});

// Blob and file share together must behave as one publisher to the core.
describeSitePublisherContract('MultiPublisher over two targets', () => {
  const [first, second] = [new MemorySitePublisher(), new MemorySitePublisher()];
  return Promise.resolve({
    publisher: new MultiPublisher([first, second]),
    read: (path) => {
      const [a, b] = [first.files.get(path), second.files.get(path)];
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the targets disagree about ${path}`);
      return Promise.resolve(a && { ...a, version: a.version === undefined ? undefined : String(a.version) });
    },
    plant: (path, content) => {
      first.plant(path, content);
      second.plant(path, content);
      return Promise.resolve();
    },
    missingSite: () =>
      new MultiPublisher([new MemorySitePublisher(), new MemorySitePublisher({ exists: false })]),
    cleanup: () => Promise.resolve(),
  });
});

describe('MultiPublisher', () => {
  it('writes each file to every target, with the same version', async () => {
    const [blob, share] = [new MemorySitePublisher(), new MemorySitePublisher()];
    await new MultiPublisher([blob, share]).write(page('index.html'), 7);
    expect(blob.writes).toEqual([{ path: 'index.html', version: 7 }]);
    expect(share.writes).toEqual([{ path: 'index.html', version: 7 }]);
  });

  it('reports the oldest published version, so a target that missed a publish gets it again', async () => {
    const [blob, share] = [new MemorySitePublisher(), new MemorySitePublisher()];
    await blob.write(page('index.html'), 9);
    await share.write(page('index.html'), 8);
    await expect(new MultiPublisher([blob, share]).publishedVersion()).resolves.toBe(8);
  });

  it('reports nothing published while any target has never been published to', async () => {
    const [blob, share] = [new MemorySitePublisher(), new MemorySitePublisher()];
    await blob.write(page('index.html'), 9);
    await expect(new MultiPublisher([blob, share]).publishedVersion()).resolves.toBeUndefined();
  });

  it('still writes to the healthy target when another fails, then fails with that error', async () => {
    const blob = new MemorySitePublisher();
    const share = new MemorySitePublisher({ failWrite: (file) => file.path === 'index.html' });
    const write = new MultiPublisher([share, blob]).write(page('index.html'), 3);
    await expect(write).rejects.toBeInstanceOf(StorageError);
    await expect(write).rejects.toThrow('index.html');
    expect(blob.files.get('index.html')?.version).toBe(3);
  });

  it('needs at least one target', () => {
    expect(() => new MultiPublisher([])).toThrow('at least one target');
  });
});
