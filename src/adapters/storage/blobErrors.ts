import { RestError } from '@azure/storage-blob';
import { StorageError } from '../../core/ports';

export function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

export function codeOf(error: unknown): string | undefined {
  return error instanceof RestError ? error.code : undefined;
}

/** A storage failure as a message safe to show a user: what failed and the service's code, nothing else. */
export function toStorageError(what: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const status = statusOf(error);
  const code = codeOf(error);
  const aborted = error instanceof Error && error.name === 'AbortError';
  const detail = status
    ? `HTTP ${status}${code ? ` ${code}` : ''}`
    : aborted
      ? 'no answer in time' // the call's time limit or the command's deadline passed (see deadline.ts)
      : (code ?? (error instanceof Error ? error.name : 'error'));
  return new StorageError(`storage ${what} failed: ${detail}`, { cause: error });
}

/** Runs a storage call and turns any failure into a StorageError naming what failed. */
export async function storageCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStorageError(what, error);
  }
}
