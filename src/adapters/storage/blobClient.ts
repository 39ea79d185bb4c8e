import type { TokenCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StorageConfig } from '../../config';
import { callSignal, callSignalOutsideDeadline } from '../deadline';

/**
 * One quick retry of a failed try (a 500, a reset connection). `tryTimeoutInMs` only asks the service to give up
 * (it becomes the `timeout` URL parameter, in whole seconds); it does not bound the client's wait, and a try the
 * SDK times out itself is not retried. The client-side bound is the abort signal every call carries
 * (`boundedCall`).
 */
export const STORAGE_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 2, tryTimeoutInMs: 1500, retryDelayInMs: 50, maxRetryDelayInMs: 200 },
  keepAliveOptions: { enable: true },
};

/**
 * How long one storage call (with its retry) may take before it is aborted: far above a healthy call (tens of
 * milliseconds) and low enough that a hung call leaves time within Teams' 5 seconds to say what happened.
 */
export const STORAGE_CALL_TIMEOUT_MS = 2_000;

/** Options for one SDK call: aborted after STORAGE_CALL_TIMEOUT_MS, or at the command's deadline if sooner. */
export function boundedCall(): { abortSignal: AbortSignal } {
  return { abortSignal: callSignal(STORAGE_CALL_TIMEOUT_MS) };
}

/**
 * Options for an audit write: bounded by its own time limit only. A command stopped by its deadline must still
 * be recorded, and the audit log is written after the reply is decided, so it never delays it past the deadline.
 */
export function auditCall(): { abortSignal: AbortSignal } {
  return { abortSignal: callSignalOutsideDeadline(STORAGE_CALL_TIMEOUT_MS) };
}

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
