import type { BlobServiceClient } from '@azure/storage-blob';

/** The documents the Azure static website serves: `/` and directories → index.html, unknown paths → 404.html. */
export const STATIC_WEBSITE = { indexDocument: 'index.html', errorDocument404Path: '404.html' } as const;

/**
 * Switches the storage static website on, which also creates the `$web` container the page is published to.
 * It is one Set Blob Service Properties call; the properties it leaves out (logging, metrics, CORS) stay as they
 * are (https://learn.microsoft.com/rest/api/storageservices/set-blob-service-properties). The same call as
 * `az storage blob service-properties update --static-website --auth-mode login`
 * (https://learn.microsoft.com/azure/storage/blobs/storage-blob-static-website-how-to). `npm start` uses it on
 * Azurite; azd's postprovision hook on the deployed account.
 */
export async function enableStaticWebsite(blobService: BlobServiceClient): Promise<void> {
  await blobService.setProperties({ staticWebsite: { enabled: true, ...STATIC_WEBSITE } });
}
