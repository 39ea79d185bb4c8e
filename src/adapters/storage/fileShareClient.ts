import { ShareServiceClient, type ShareClient, type ShareClientOptions } from '@azure/storage-file-share';
import type { FileShareConfig, StorageConfig } from '../../config';
import { lazyDefaultCredential, STORAGE_PIPELINE } from './blobClient';

/** The blob client's bounds (Teams' 5-second deadline applies to the file share too). */
const FILE_PIPELINE: ShareClientOptions = {
  retryOptions: STORAGE_PIPELINE.retryOptions,
  keepAliveOptions: STORAGE_PIPELINE.keepAliveOptions,
};

/**
 * The share the page is published to. With a connection string (local, dev) the account key signs requests.
 * With managed identity, Azure Files accepts Entra tokens over REST only from callers that declare the "backup"
 * intent (the identity holds Storage File Data Privileged Contributor, the role that allows OAuth file access).
 */
export function createShareClient(storage: StorageConfig, share: FileShareConfig): ShareClient {
  if (storage.kind === 'connectionString') {
    return ShareServiceClient.fromConnectionString(storage.connectionString, FILE_PIPELINE).getShareClient(
      share.shareName,
    );
  }
  if (!share.serviceUrl) throw new Error('The Azure Files endpoint is required with managed identity.');
  return new ShareServiceClient(share.serviceUrl, lazyDefaultCredential(), {
    ...FILE_PIPELINE,
    fileRequestIntent: 'backup',
  }).getShareClient(share.shareName);
}
