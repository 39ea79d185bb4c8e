// Issue 13, part 2: memory bounded by design. The attack: 150 updates of 20 KB on one incident, `close`, then
// `note` again and again — the host grew from 389 MB to 2.2 GB after 200 notes and died at about 450. Here the
// real command runner and the real (memoized) renderer run 1,000 commands against such an incident in process,
// and the heap after a full collection is compared with the heap before them.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { loadSiteRenderer } from '../../src/adapters/render/handlebarsRenderer';
import { memoizeRenderer } from '../../src/adapters/render/memoizeRenderer';
import { findTemplatesDir } from '../../src/adapters/render/templatesDir';
import type { CommandDeps } from '../../src/app/commandDeps';
import { PublishQueue } from '../../src/app/publishQueue';
import { runCommand, type CommandResult } from '../../src/app/runCommand';
import { TransactionQueue } from '../../src/app/transactionQueue';
import { EMPTY_CATALOG } from '../../src/core/model/catalog';
import { MemoryStateStore } from './seedHistory';
import { round } from './stats';

/** What 1,000 commands may add to the heap: the renderer's caches (16 MiB + 8 MiB) and a few states' worth. */
export const HEAP_GROWTH_BUDGET_MB = 64;
export const MEMORY_COMMANDS = 1000;
const UPDATES = 150;
const UPDATE_BYTES = 20_000;

export interface MemoryBench {
  commands: number;
  /** Updates the large incident got (its cap may stop the attack short of 150). */
  updatesApplied: number;
  stateBytes: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  heapGrowthMb: number;
  budgetMb: number;
  outcomes: Record<string, number>;
  ms: number;
  verdict: 'PASS' | 'MISS';
}

function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

const heapMb = () => round(process.memoryUsage().heapUsed / 2 ** 20, 1);

export async function measureMemory(commands = MEMORY_COMMANDS): Promise<MemoryBench> {
  const collect = collector();
  const store = new MemoryStateStore();
  let now = Date.parse('2026-11-21T12:00:00.000Z');
  const deps: CommandDeps = {
    store,
    publisher: {
      publishedVersion: () => Promise.resolve(undefined),
      write: () => Promise.resolve(),
      delete: () => Promise.resolve(),
    },
    audit: { append: () => Promise.resolve() },
    render: memoizeRenderer(
      loadSiteRenderer({
        templatesDir: findTemplatesDir(),
        pageTitle: 'Contoso status',
        pageUrl: 'https://status.contoso.example/',
        catalog: EMPTY_CATALOG,
      }),
    ),
    catalog: EMPTY_CATALOG,
    transactions: new TransactionQueue(),
    publishes: new PublishQueue(),
    clock: () => new Date((now += 1000)).toISOString(),
    sleep: () => Promise.resolve(),
    random: Math.random,
    pageTitle: 'Contoso status',
    pageUrl: 'https://status.contoso.example/',
  };
  const actor = { name: 'Ada Lovelace', aadObjectId: '00000000-0000-4000-8000-000000000001' };
  const run = (text: string): Promise<CommandResult> => runCommand(deps, { text, actor });
  const opened = await run('open Collaboration platform unavailable | We are investigating');
  const id = opened.incidentId ?? 'INC-1';
  let updatesApplied = 0;
  for (let i = 0; i < UPDATES; i++) {
    const body = `Update ${i}: ${'details of what we found '.repeat(UPDATE_BYTES / 25)}`.slice(
      0,
      UPDATE_BYTES,
    );
    if ((await run(`update ${id} ${body}`)).outcome === 'applied') updatesApplied++;
  }
  await run(`close ${id} Resolved`);
  for (let i = 0; i < 20; i++) await run(`note ${id} warm-up note ${i}`);
  collect();
  const heapBeforeMb = heapMb();
  const started = performance.now();
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < commands; i++) {
    const text = i % 10 === 9 ? 'list' : `note ${id} follow-up ${i}: ${'x'.repeat(200)}`;
    const { outcome } = await run(text);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const ms = round(performance.now() - started, 0);
  collect();
  const heapAfterMb = heapMb();
  const heapGrowthMb = round(heapAfterMb - heapBeforeMb, 1);
  return {
    commands,
    updatesApplied,
    stateBytes: Buffer.byteLength(JSON.stringify(store.state)),
    heapBeforeMb,
    heapAfterMb,
    heapGrowthMb,
    budgetMb: HEAP_GROWTH_BUDGET_MB,
    outcomes,
    ms,
    verdict: heapGrowthMb <= HEAP_GROWTH_BUDGET_MB ? 'PASS' : 'MISS',
  };
}

export function printMemory(memory: MemoryBench): void {
  console.log(
    `\nMemory: ${memory.commands} commands on an incident given ${memory.updatesApplied} updates of 20 KB, then closed (state ${round(memory.stateBytes / 2 ** 20, 2)} MiB)`,
  );
  console.log(
    `  ${memory.verdict}  heap growth ${memory.heapGrowthMb} MiB (≤ ${memory.budgetMb} MiB): ${memory.heapBeforeMb} → ${memory.heapAfterMb} MiB after a full collection; ${memory.ms} ms; outcomes ${JSON.stringify(memory.outcomes)}`,
  );
}
