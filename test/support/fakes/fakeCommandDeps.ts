import { EMPTY_CATALOG } from '../../../src/core/model/catalog';
import type { CommandDeps } from '../../../src/app/commandDeps';
import { PublishQueue } from '../../../src/app/publishQueue';
import { TransactionQueue } from '../../../src/app/transactionQueue';
import { FakeRenderer } from './fakeRenderer';
import { MemoryAuditLog } from './memoryAuditLog';
import { MemorySitePublisher } from './memorySitePublisher';
import { MemoryStateStore } from './memoryStateStore';

export interface FakeCommandDeps {
  deps: CommandDeps;
  store: MemoryStateStore;
  publisher: MemorySitePublisher;
  audit: MemoryAuditLog;
  renderer: FakeRenderer;
  /** The clock's reading; tests move it by setting it. */
  clock: { now: string };
  /** Every pause the orchestration asked for, in milliseconds (none is actually waited). */
  sleeps: number[];
}

export const FAKE_NOW = '2026-11-21T12:00:00.000Z';

/**
 * CommandDeps made of in-memory fakes of every port, a clock that stands still until a test moves it, sleeps
 * that return at once, and a random() of 0.5. One call is one Function App instance: its own queues.
 */
export function fakeCommandDeps(
  parts: Partial<Pick<FakeCommandDeps, 'store' | 'publisher' | 'audit' | 'renderer'>> = {},
): FakeCommandDeps {
  const store = parts.store ?? new MemoryStateStore();
  const publisher = parts.publisher ?? new MemorySitePublisher();
  const audit = parts.audit ?? new MemoryAuditLog();
  const renderer = parts.renderer ?? new FakeRenderer();
  const clock = { now: FAKE_NOW };
  const sleeps: number[] = [];
  const deps: CommandDeps = {
    store,
    publisher,
    audit,
    render: renderer.render,
    catalog: EMPTY_CATALOG,
    transactions: new TransactionQueue(),
    publishes: new PublishQueue(),
    clock: () => clock.now,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    pageTitle: 'Contoso status',
    pageUrl: 'https://status.example.com/',
  };
  return { deps, store, publisher, audit, renderer, clock, sleeps };
}
