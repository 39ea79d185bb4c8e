import type { Catalog } from '../core/model/catalog';
import type { AuditLog, SitePublisher, SiteRenderer, StateStore } from '../core/ports';
import type { PublishQueue } from './publishQueue';
import type { Transactions } from './transact';
import type { NotifyDeps } from './notify';

/** What the orchestration is handed: the ports, this instance's queues, and the clock. */
export interface CommandDeps {
  store: StateStore;
  publisher: SitePublisher;
  audit: AuditLog;
  render: SiteRenderer;
  catalog: Catalog;
  /** This instance's transactions on the state, one at a time, commands queued together applied together. */
  transactions: Transactions;
  /** This instance's publishes, one at a time. */
  publishes: PublishQueue;
  /** ISO 8601 now; a fixed clock in tests. */
  clock: () => string;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  pageTitle: string;
  pageUrl?: string;
  /** Set when status.config.json declares subscribers: where public changes are handed on. */
  notify?: NotifyDeps;
  /** Where failures nobody is waiting for are reported (a failed audit append); the host's log in production. */
  log?: (message: string) => void;
}
