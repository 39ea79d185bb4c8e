import { MemorySitePublisher } from '../support/fakes/memorySitePublisher';
import { describeSitePublisherContract } from './sitePublisher.contract';

// The fake the core's unit tests rely on must keep the same promises as the real publishers.
describeSitePublisherContract('MemorySitePublisher', () => {
  const publisher = new MemorySitePublisher();
  return Promise.resolve({
    publisher,
    read: (path) => {
      const file = publisher.files.get(path);
      return Promise.resolve(
        file && {
          content: file.content,
          contentType: file.contentType,
          cacheControl: file.cacheControl,
          version: file.version === undefined ? undefined : String(file.version),
        },
      );
    },
    plant: (path, content) => Promise.resolve(publisher.plant(path, content)),
    missingSite: () => new MemorySitePublisher({ exists: false }),
    cleanup: () => Promise.resolve(),
  });
});
