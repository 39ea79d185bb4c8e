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
 * One append blob per month (JSON Lines) and, past AUDIT_ROLLOVER_BLOCKS appends, further parts:
 * `audit/2026-11.jsonl`, `audit/2026-11.1.jsonl`, `audit/2026-11.2.jsonl`… Append blocks are atomic, so concurrent
 * commands never interleave.
 */
export function auditBlobName(at: string, part = 0): string {
  const month = at.slice(0, 7);
  return part === 0 ? `audit/${month}.jsonl` : `audit/${month}.${part}.jsonl`;
}

const isFull = (error: unknown) =>
  statusOf(error) === 409 && ['BlockCountExceedsLimit', 'BlobIsSealed'].includes(codeOf(error) ?? '');

interface Pending {
  entry: AuditEntry;
  done: { resolve: () => void; reject: (error: unknown) => void };
}

/** Entries written in one append block at most: a block holds 4 MiB, an entry is well under 40 KB. */
const BATCH_MAX = 100;

export class BlobAuditLog implements AuditLog {
  /** The part of each month this instance last appended to. */
  private readonly parts = new Map<string, number>();
  /** Entries waiting for the append in flight to finish: written together, as one block. */
  private waiting: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly container: ContainerClient,
    private readonly rolloverBlocks = AUDIT_ROLLOVER_BLOCKS,
  ) {}

  /**
   * Resolves once the entry is stored. Under a burst, entries that arrive while an append is in flight go
   * together in the next one: 200 commands at once made 200 appends that crowded out the commands' own storage
   * calls, and each used one of the blob's 50,000 blocks.
   */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry, done: { resolve, reject } });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, BATCH_MAX);
      // A batch spans one month: an entry of the next month waits for the next append.
      const month = batch[0]?.entry.at.slice(0, 7);
      const sameMonth = batch.filter((pending) => pending.entry.at.slice(0, 7) === month);
      this.waiting.unshift(...batch.filter((pending) => pending.entry.at.slice(0, 7) !== month));
      try {
        await this.appendLines(sameMonth.map((pending) => pending.entry));
        for (const pending of sameMonth) pending.done.resolve();
      } catch (error) {
        for (const pending of sameMonth) pending.done.reject(error);
      }
    }
    this.flushing = false;
  }

  private async appendLines(entries: readonly AuditEntry[]): Promise<void> {
    const [first] = entries;
    if (!first) return;
    const month = first.at.slice(0, 7);
    const lines = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    await storageCall('audit append', async () => {
      for (let part = this.parts.get(month) ?? 0; part < MAX_PARTS; part++) {
        let response: AppendBlobAppendBlockResponse;
        try {
          response = await this.appendTo(auditBlobName(first.at, part), lines);
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
