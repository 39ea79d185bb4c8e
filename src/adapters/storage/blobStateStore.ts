import type { ContainerClient } from '@azure/storage-blob';
import type { LoadResult, SaveResult, StateStore } from '../../core/ports';
import type { Incident, StatusState } from '../../core/model/state';
import { toStatusState } from '../../core/model/stateSchema';
import { boundedCall } from './blobClient';
import { statusOf, storageCall, toStorageError } from './blobErrors';
import { safeBlobName } from './blobName';

export const STATE_BLOB = 'state.json';
export const JSON_TYPE = 'application/json; charset=utf-8';

export function archiveBlobName(incidentId: string): string {
  return safeBlobName(`archive/incidents/${incidentId}.json`);
}

/** The state document in Blob Storage, written with ETag preconditions so no update is ever lost. */
export class BlobStateStore implements StateStore {
  constructor(private readonly container: ContainerClient) {}

  private get blob() {
    return this.container.getBlockBlobClient(STATE_BLOB);
  }

  async load(): Promise<LoadResult> {
    let buffer: Buffer;
    let etag: string | undefined;
    try {
      const response = await this.blob.download(0, undefined, boundedCall());
      etag = response.etag;
      buffer = await readAll(response.readableStreamBody);
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'missing' };
      throw toStorageError('read of the state', error);
    }
    if (!etag) throw toStorageError('read of the state', new Error('no ETag'));
    let json: unknown;
    try {
      json = JSON.parse(buffer.toString('utf8'));
    } catch {
      return { kind: 'invalid', reason: 'the state document is not valid JSON' };
    }
    const parsed = toStatusState(json);
    return parsed.ok
      ? { kind: 'found', state: parsed.state, etag }
      : { kind: 'invalid', reason: parsed.reason };
  }

  async save(state: StatusState, etag: string | undefined): Promise<SaveResult> {
    const body = JSON.stringify(state);
    try {
      const response = await this.blob.upload(body, Buffer.byteLength(body), {
        conditions: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: JSON_TYPE },
        ...boundedCall(),
      });
      if (!response.etag) throw new Error('no ETag');
      return { ok: true, etag: response.etag };
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) return { ok: false, reason: 'conflict' };
      throw toStorageError('write of the state', error);
    }
  }

  async currentEtag(): Promise<string | undefined> {
    try {
      return (await this.blob.getProperties(boundedCall())).etag;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toStorageError('read of the state version', error);
    }
  }

  async archive(incidents: readonly Incident[]): Promise<void> {
    await storageCall('archive write', () =>
      Promise.all(
        incidents.map((incident) => {
          const body = JSON.stringify(incident);
          return this.container
            .getBlockBlobClient(archiveBlobName(incident.id))
            .upload(body, Buffer.byteLength(body), {
              blobHTTPHeaders: { blobContentType: JSON_TYPE },
              ...boundedCall(),
            });
        }),
      ),
    );
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
