import type { ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditLog } from '../../core/ports';
import { boundedCall } from './blobClient';
import { statusOf, storageCall } from './blobErrors';

/** One append blob per month (JSON Lines): append blocks are atomic, so concurrent commands never interleave. */
export function auditBlobName(at: string): string {
  return `audit/${at.slice(0, 7)}.jsonl`;
}

export class BlobAuditLog implements AuditLog {
  constructor(private readonly container: ContainerClient) {}

  async append(entry: AuditEntry): Promise<void> {
    const blob = this.container.getAppendBlobClient(auditBlobName(entry.at));
    const line = `${JSON.stringify(entry)}\n`;
    const append = () => blob.appendBlock(line, Buffer.byteLength(line), boundedCall());
    await storageCall('audit append', async () => {
      try {
        await append();
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        // First entry of the month: create the blob (someone else may just have), then append.
        await blob
          .create({ conditions: { ifNoneMatch: '*' }, ...boundedCall() })
          .catch((createError: unknown) => {
            if (statusOf(createError) !== 409) throw createError;
          });
        await append();
      }
    });
  }
}
