import type { AppendBlobAppendBlockResponse, ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditLog } from '../../core/ports';
import { auditCall } from './blobClient';
import { codeOf, statusOf, storageCall } from './blobErrors';

/**
 * An append blob holds at most 50,000 blocks; the 50,001st append fails with 409 BlockCountExceedsLimit
 * (https://learn.microsoft.com/en-us/azure/storage/blobs/scalability-targets — "Maximum number of blocks in a
 * block blob or append blob: 50,000"; the code: BlobErrorCode.BlockCountExceedsLimit). Each entry is one block,
 * so a month's log moves to a new part well before: the rest is headroom for instances that have not yet seen
 * the count.
 */
export const AUDIT_ROLLOVER_BLOCKS = 49_000;
/** Parts a cold instance probes past full ones before giving up: a month of fifty million commands. */
const MAX_PARTS = 1000;

/**
 * One append blob per month (JSON Lines) and, past AUDIT_ROLLOVER_BLOCKS entries, further parts:
 * `audit/2026-11.jsonl`, `audit/2026-11.1.jsonl`, `audit/2026-11.2.jsonl`… Append blocks are atomic, so concurrent
 * commands never interleave.
 */
export function auditBlobName(at: string, part = 0): string {
  const month = at.slice(0, 7);
  return part === 0 ? `audit/${month}.jsonl` : `audit/${month}.${part}.jsonl`;
}

const isFull = (error: unknown) =>
  statusOf(error) === 409 && ['BlockCountExceedsLimit', 'BlobIsSealed'].includes(codeOf(error) ?? '');

export class BlobAuditLog implements AuditLog {
  /** The part of each month this instance last appended to. */
  private readonly parts = new Map<string, number>();

  constructor(
    private readonly container: ContainerClient,
    private readonly rolloverBlocks = AUDIT_ROLLOVER_BLOCKS,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const month = entry.at.slice(0, 7);
    const line = `${JSON.stringify(entry)}\n`;
    await storageCall('audit append', async () => {
      for (let part = this.parts.get(month) ?? 0; part < MAX_PARTS; part++) {
        let response: AppendBlobAppendBlockResponse;
        try {
          response = await this.appendTo(auditBlobName(entry.at, part), line);
        } catch (error) {
          if (isFull(error)) continue;
          throw error;
        }
        const blocks = response.blobCommittedBlockCount ?? 0;
        this.parts.set(month, blocks >= this.rolloverBlocks ? part + 1 : part);
        return;
      }
      throw new Error(`every audit part of ${month} is full`);
    });
  }

  private async appendTo(name: string, line: string): Promise<AppendBlobAppendBlockResponse> {
    const blob = this.container.getAppendBlobClient(name);
    const append = () => blob.appendBlock(line, Buffer.byteLength(line), auditCall());
    try {
      return await append();
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      // First entry of the part: create the blob (someone else may just have), then append.
      await blob
        .create({ conditions: { ifNoneMatch: '*' }, ...auditCall() })
        .catch((createError: unknown) => {
          if (statusOf(createError) !== 409) throw createError;
        });
      return append();
    }
  }
}
