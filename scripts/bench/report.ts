// The report: targets with PASS/MISS, the JSON written to bench-results/, and the tables printed.
import type { ColdStart, ColdStartVariant } from './coldStart';
import type { Concurrency } from './concurrency';
import type { MemoryBench } from './memory';
import type { TextWorst } from './textWorst';
import type { Scenario } from './latency';
import type { Options } from './options';
import type { PageWeight } from './pageWeight';
import { round, type Summary } from './stats';
import { OP_KIND_LABEL, OP_KINDS } from './storageCalls';
import { TARGETS } from './targets';
import { VERBS } from './workload';

export const REPORT_SCHEMA_VERSION = 1;

type Verdict = 'PASS' | 'MISS' | 'PENDING';

interface TargetResult {
  id: string;
  target: string;
  actual: string;
  verdict: Verdict;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  environment: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    loadAverage: number[];
    gitCommit?: string;
    gitDirty?: boolean;
  };
  options: Omit<Options, 'out'>;
  targets: TargetResult[];
  latency: Scenario[];
  coldStart: ColdStart;
  pageWeight: PageWeight;
  concurrency: Concurrency;
  /** Issue 13: worst time per function on 64 KiB adversarial text, and heap growth over 1,000 commands. */
  bounds?: { textWorst: TextWorst[]; memory: MemoryBench };
  durationMs: number;
}

/** The bounds sections' targets, also printed on their own by `npm run bench -- --bounds`. */
export function boundsTargets(bounds: NonNullable<Report['bounds']>): TargetResult[] {
  const slowest = [...bounds.textWorst].sort((a, b) => b.worstMs - a.worstMs)[0];
  const missed = bounds.textWorst.filter((row) => row.verdict === 'MISS').map((row) => row.name);
  return [
    {
      id: 'text.worst',
      target: 'every function on user text within its 64 KiB worst-time and growth targets',
      actual: `${missed.length ? `MISS: ${missed.join(', ')}; ` : ''}slowest ${slowest?.name ?? '?'} ${slowest?.worstMs ?? '?'} ms`,
      verdict: verdict(missed.length === 0),
    },
    {
      id: 'memory.heapGrowth',
      target: `heap growth over ${bounds.memory.commands} commands on a large incident ≤ ${bounds.memory.budgetMb} MiB`,
      actual: `${bounds.memory.heapGrowthMb} MiB`,
      verdict: bounds.memory.verdict,
    },
  ];
}

const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');

/** The latency scenarios' targets (medians, p99s, the cap, storage calls); `--latency-only` prints them alone. */
export function evaluateLatency(latency: Scenario[]): TargetResult[] {
  const targets: TargetResult[] = [];
  const histories = latency.filter((scenario) => scenario.kind === 'history');
  const empty = histories.find((scenario) => scenario.historyIncidents === 0);
  const largest = histories.at(-1);
  const busy = latency.find((scenario) => scenario.kind === 'busy');
  for (const verb of VERBS) {
    const summary = empty?.commands[verb];
    if (!summary) continue;
    targets.push({
      id: `median.${verb}`,
      target: `${verb} median ≤ ${TARGETS.medianMs} ms (empty history)`,
      actual: `${summary.medianMs} ms`,
      verdict: verdict(summary.medianMs <= TARGETS.medianMs),
    });
    targets.push({
      id: `p99.${verb}`,
      target: `${verb} p99 ≤ ${TARGETS.p99Ms} ms (empty history)`,
      actual: `${summary.p99Ms} ms`,
      verdict: verdict(summary.p99Ms <= TARGETS.p99Ms),
    });
  }
  if (largest && largest !== empty && largest.ratioToEmpty) {
    for (const verb of VERBS) {
      const ratio = largest.ratioToEmpty[verb].median;
      targets.push({
        id: `history.${verb}`,
        target: `${verb} median with ${largest.historyIncidents} in history ≤ ${TARGETS.historyRatio}× empty`,
        actual: `${ratio}× (${largest.commands[verb].medianMs} ms)`,
        verdict: verdict(ratio <= TARGETS.historyRatio),
      });
    }
  }
  if (busy?.ratioToEmpty) {
    // Issue 13, part 8: measured side by side with the empty history in one run (interleaved cycles).
    for (const verb of VERBS) {
      const ratio = busy.ratioToEmpty[verb].median;
      targets.push({
        id: `busy.${verb}`,
        target: `${verb} median with the state at its cap (${busy.state.incidentsAfter} incidents) ≤ ${TARGETS.busyRatio}× empty`,
        actual: `${ratio}× (${busy.commands[verb].medianMs} ms, p99 ${busy.commands[verb].p99Ms} ms)`,
        verdict: verdict(ratio <= TARGETS.busyRatio),
      });
    }
  }
  for (const scenario of latency) {
    const reads = Math.max(...VERBS.map((verb) => scenario.storage[verb].byKind.stateRead.maxCount));
    const writes = Math.max(...VERBS.map((verb) => scenario.storage[verb].byKind.stateWrite.maxCount));
    const rewrites = VERBS.reduce((sum, verb) => sum + scenario.storage[verb].unchangedRewrites, 0);
    targets.push({
      id: `storage.${scenario.id}`,
      target: `≤ ${TARGETS.stateReadsPerCommand} state read, ≤ ${TARGETS.stateWritesPerCommand} state write, only changed files written (${scenario.id})`,
      actual: `max ${reads} read, ${writes} write, ${rewrites} unchanged rewrites`,
      verdict: verdict(
        reads <= TARGETS.stateReadsPerCommand && writes <= TARGETS.stateWritesPerCommand && rewrites === 0,
      ),
    });
  }
  return targets;
}

export function evaluate(report: Omit<Report, 'targets'>): TargetResult[] {
  const targets = evaluateLatency(report.latency);
  const cold = report.coldStart.worker.processStartToReplyMs;
  targets.push({
    id: 'coldStart',
    target: `cold start (process start → first reply) ≤ ${TARGETS.coldStartMs} ms [${report.coldStart.artifact}, as the worker loads it]`,
    actual: `${cold.medianMs} ms median (max ${cold.maxMs}); webhook file alone ${report.coldStart.webhookOnly.processStartToReplyMs.medianMs} ms`,
    verdict: verdict(cold.medianMs <= TARGETS.coldStartMs),
  });
  const page = report.pageWeight;
  targets.push({
    id: 'pageWeight',
    target: `index.html ≤ ${TARGETS.indexGzipBytes} B gzipped (5 open incidents, ${page.components.configured} components)`,
    actual: `${page.gzipBytes} B (${page.bytes} B raw)`,
    verdict: verdict(page.gzipBytes <= TARGETS.indexGzipBytes),
  });
  targets.push({
    id: 'pageWeight.components',
    target: `index.html shows all ${page.components.configured} components`,
    actual: `${page.components.shown} shown`,
    verdict: page.components.shown >= page.components.configured ? 'PASS' : 'PENDING',
  });
  targets.push({
    id: 'externalRequests',
    target: 'external requests in index.html = 0',
    actual: String(page.externalRequests.length),
    verdict: verdict(page.externalRequests.length === TARGETS.externalRequests),
  });
  const direct = report.concurrency.direct;
  targets.push({
    id: 'concurrency',
    target: `${report.concurrency.parallel} parallel commands all applied exactly once, page at the newest state`,
    actual: `${direct.applied}/${report.concurrency.parallel} applied, drained in ${direct.drainMs} ms`,
    verdict: verdict(direct.allApplied),
  });
  if (report.bounds) targets.push(...boundsTargets(report.bounds));
  return targets;
}

function table(rows: (string | number)[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length))) ?? [];
  return rows
    .map((row, i) => {
      const line = row
        .map((cell, column) => String(cell).padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd();
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

const summaryCells = (s: Summary) => [s.medianMs, s.minMs, s.maxMs];

/** The latency scenarios' tables: commands, the state document, storage calls per command. */
function latencyTables(latency: Scenario[], countedCycles: number): string[] {
  const out: string[] = [];
  out.push('\nCommand latency through the HTTP handler, ms (n of each verb per scenario)');
  const rows: (string | number)[][] = [
    ['scenario', 'verb', 'n', 'median', 'p95', 'p99', 'max', '×empty median', '×empty p99'],
  ];
  for (const scenario of latency)
    for (const verb of [...VERBS, 'all'] as const) {
      const s = scenario.commands[verb];
      const ratio = scenario.ratioToEmpty?.[verb];
      rows.push([
        scenario.id,
        verb,
        s.n,
        s.medianMs,
        s.p95Ms,
        s.p99Ms,
        s.maxMs,
        ratio?.median ?? '',
        ratio?.p99 ?? '',
      ]);
    }
  out.push(table(rows));

  out.push('\nHistory (seeded through the real command runner and blob adapters) and the state document');
  out.push(
    table([
      [
        'scenario',
        'archived blobs',
        'incidents in state',
        'state bytes (all parts)',
        'index.html at end (gzip)',
        'CPU ms/command: Azurite, bench',
        'seed s',
      ],
      ...latency.map((s) => [
        s.id,
        s.seed.archivedBlobs,
        `${s.state.incidentsBefore} → ${s.state.incidentsAfter}`,
        `${s.state.bytesBefore} → ${s.state.bytesAfter}`,
        `${s.indexHtml.bytes} (${s.indexHtml.gzipBytes})`,
        `${s.cpuMsPerCommand.azurite ?? '?'}, ${s.cpuMsPerCommand.benchProcess}`,
        round((s.seed.commandsMs + s.seed.storageMs) / 1000, 1),
      ]),
    ]),
  );

  for (const scenario of latency) {
    out.push(
      `\nStorage calls per command, ${scenario.id} (mean count × bytes written, or read for GET; ${countedCycles} of each verb)`,
    );
    const kindRows = OP_KINDS.map((kind) => [
      OP_KIND_LABEL[kind],
      ...VERBS.map((verb) => {
        const stats = scenario.storage[verb].byKind[kind];
        if (stats.count === 0) return '0';
        if (kind === 'stateRead' || kind === 'resolvedRead')
          return `${stats.count} × ${stats.bytesRead} B read`;
        return stats.bytesWritten ? `${stats.count} × ${stats.bytesWritten} B` : String(stats.count);
      }),
    ]);
    const storage = scenario.storage;
    out.push(
      table([
        ['kind', ...VERBS],
        ...kindRows,
        [
          'total requests (max)',
          ...VERBS.map((v) => `${storage[v].requestsPerCommand} (${storage[v].maxRequestsPerCommand})`),
        ],
        ['bytes written', ...VERBS.map((v) => `${storage[v].bytesWrittenPerCommand} B`)],
      ]),
    );
    for (const verb of VERBS) out.push(`  ${verb} writes: ${storage[verb].siteFilesWritten.join(', ')}`);
  }

  return out;
}

/** `--latency-only`: the latency tables and their targets. */
export function printLatency(latency: Scenario[], countedCycles: number): void {
  const out = latencyTables(latency, countedCycles);
  out.push('\nTargets');
  out.push(
    table([
      ['', 'target', 'actual'],
      ...evaluateLatency(latency).map((t) => [t.verdict, t.target, t.actual]),
    ]),
  );
  console.log(out.join('\n'));
}

export function print(report: Report): void {
  const out: string[] = [];
  out.push(...latencyTables(report.latency, report.options.countedCycles));
  const cold = report.coldStart;
  const coldRows = (label: string, variant: ColdStartVariant) => [
    [`${label}: process start → first reply (parent clock)`, ...summaryCells(variant.processStartToReplyMs)],
    ['  node boot', ...summaryCells(variant.nodeBootMs)],
    ['  load the function files', ...summaryCells(variant.functionsLoadMs)],
    ['  first request', ...summaryCells(variant.firstRequestMs)],
  ];
  out.push(`\nCold start [${cold.artifact}: ${cold.packageDir}] over ${cold.runs} fresh processes each, ms`);
  out.push(
    table([
      ['step', 'median', 'min', 'max'],
      ...coldRows(`worker (${cold.worker.functionFiles.join(', ')})`, cold.worker),
      ...coldRows(`${cold.webhookOnly.functionFiles.join(', ')} alone`, cold.webhookOnly),
    ]),
  );
  out.push(
    `Size: everything the worker loaded: ${cold.size.loadedModules} JS files, ${cold.size.loadedBytes} B (${cold.size.loadedGzipBytes} B gzipped); ` +
      `of which function files ${cold.size.functionFilesBytes} B (webhook ${cold.size.webhookBytes} B); ` +
      `${cold.size.modulesLoadedByFirstRequest} files first loaded by the first request.`,
  );
  out.push(
    `Largest: ${cold.size.largestPackages.map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KiB`).join(', ')}`,
  );
  out.push(`Measured: ${cold.note}.`);

  const page = report.pageWeight;
  out.push(
    `\nPage weight: index.html with ${page.openIncidents} open incidents × ${page.updatesPerIncident} updates: ${page.bytes} B raw, ${page.gzipBytes} B gzipped; ` +
      `external requests ${page.externalRequests.length}${page.externalRequests.length ? ` (${page.externalRequests.join(', ')})` : ''}; ` +
      `outbound links ${page.externalLinks.length}. Components: ${page.components.note}.`,
  );

  const { direct, counted, parallel } = report.concurrency;
  out.push(
    `\nConcurrency: ${parallel} parallel updates to one incident drained in ${direct.drainMs} ms (per command median ${direct.latency.medianMs}, max ${direct.latency.maxMs} ms); ` +
      `${direct.applied}/${parallel} applied exactly once; state version +${direct.versionDelta}; index.html at version ${direct.publishedVersion} of ${direct.stateVersion}; ` +
      `state.json ${direct.stateBytesBefore} → ${direct.stateBytesAfter} B.`,
  );
  out.push(
    `  Through the counting proxy: ${counted.applied}/${parallel} applied in ${counted.drainMs} ms; ${counted.storage.requests} storage requests, ` +
      `${counted.storage.stateReads} state reads, ${counted.storage.stateWrites} state writes of which ${counted.storage.conflicts} conflicts.`,
  );
  const refused = [...direct.otherReplies, ...counted.otherReplies];
  if (refused.length) out.push(`  Not applied (${refused.length}): ${[...new Set(refused)].join(' | ')}`);

  const failures = report.latency.flatMap((s) => s.failures.map((f) => `${s.id}: ${f}`));
  if (failures.length) out.push(`\nFailures (${failures.length}): ${failures.slice(0, 5).join('; ')}`);
  out.push('\nTargets');
  out.push(table([['', 'target', 'actual'], ...report.targets.map((t) => [t.verdict, t.target, t.actual])]));
  console.log(out.join('\n'));
}
