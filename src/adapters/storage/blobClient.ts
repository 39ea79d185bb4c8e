import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StorageConfig } from '../../config';

/**
 * Bounded so a stumbling storage account cannot hold a command past Teams' 5-second deadline: each try gets
 * at most 1.5 s and one quick retry.
 */
export const STORAGE_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 1500, retryDelayInMs: 50, maxRetryDelayInMs: 200 },
  keepAliveOptions: { enable: true },
};

/** Managed identity in Azure; loaded only when used, since most of @azure/identity is not on the command path. */
export function lazyDefaultCredential(): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scopes, options) => {
      credential ??= import('@azure/identity').then(
        ({ DefaultAzureCredential }) => new DefaultAzureCredential(),
      );
      return (await credential).getToken(scopes, options);
    },
  };
}

export function createBlobServiceClient(storage: StorageConfig): BlobServiceClient {
  return storage.kind === 'connectionString'
    ? BlobServiceClient.fromConnectionString(storage.connectionString, STORAGE_PIPELINE)
    : new BlobServiceClient(storage.accountUrl, lazyDefaultCredential(), STORAGE_PIPELINE);
}
