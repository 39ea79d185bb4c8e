import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobSitePublisher, VERSION_METADATA } from '../../src/adapters/storage/blobSitePublisher';
import { describeSitePublisherContract } from '../contract/sitePublisher.contract';
import { azuriteConnectionString } from '../support/testApp';

// The static website target, on Azurite: each test publishes into a container of its own.
describeSitePublisherContract('BlobSitePublisher on Azurite', async () => {
  const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
  const container = service.getContainerClient(`web-${randomUUID().slice(0, 8)}`);
  await container.create();
  return {
    publisher: new BlobSitePublisher(container),
    read: async (path) => {
      const blob = container.getBlobClient(path);
      if (!(await blob.exists())) return undefined;
      const properties = await blob.getProperties();
      return {
        content: (await blob.downloadToBuffer()).toString('utf8'),
        contentType: properties.contentType,
        cacheControl: properties.cacheControl,
        version: properties.metadata?.[VERSION_METADATA],
      };
    },
    plant: async (path, content) => {
      await container.getBlockBlobClient(path).upload(content, Buffer.byteLength(content));
    },
    missingSite: () =>
      new BlobSitePublisher(service.getContainerClient(`missing-${randomUUID().slice(0, 8)}`)),
    cleanup: async () => {
      await container.delete();
    },
  };
});
