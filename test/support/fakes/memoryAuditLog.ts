import { StorageError, type AuditEntry, type AuditLog } from '../../../src/core/ports';

/** The AuditLog port in memory: the entries appended, in order. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  /** `failing`: every append fails, as the audit blob would in an outage (and nothing is recorded). */
  constructor(private readonly options: { failing?: boolean } = {}) {}

  append(entry: AuditEntry): Promise<void> {
    if (this.options.failing)
      return Promise.reject(new StorageError('storage append to the audit log failed'));
    this.entries.push(structuredClone(entry));
    return Promise.resolve();
  }
}
