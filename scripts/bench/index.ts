// `npm run bench`: drives the real webhook handler (signature → parse → state → render → publish → reply) against
// in-memory Azurites on 127.0.0.1 and measures what issue 7 asks for: command latency with 0, 1,000 and 10,000
// incidents of history (and with the state document at its cap), storage calls per command, cold start, page
// weight and concurrency. Prints tables with PASS/MISS against the targets and writes bench-results/bench.json.
// The report's format is versioned (REPORT_SCHEMA_VERSION): fields are added, never renamed or re-purposed.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../settings';
import { launchAzurite, stopAzurite } from './azurites';
import { measureColdStart, type ColdStart } from './coldStart';
import { measureConcurrency, type Concurrency } from './concurrency';
import { runScenarios } from './latency';
import { parseOptions } from './options';
import { measureMemory, printMemory } from './memory';
import { measurePageWeight, type PageWeight } from './pageWeight';
import { boundsTargets, evaluate, print, printLatency, REPORT_SCHEMA_VERSION, type Report } from './report';
import { measureTextWorst, printTextWorst } from './textWorst';
import { benchStarted, progress, round } from './stats';
import { measureSubscribers, printSubscribers, type SubscriberBench } from './subscribers';

function git(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', () => resolve(undefined));
    child.once('exit', (code) => resolve(code === 0 ? output.trim() : undefined));
  });
}

/** Issue 13's sections: worst time per function on adversarial text, then heap growth over 1,000 commands. */
async function measureBounds(): Promise<NonNullable<Report['bounds']>> {
  progress('worst time per text function…');
  const textWorst = measureTextWorst();
  printTextWorst(textWorst);
  progress('1,000 commands on a large incident (heap growth)…');
  const memory = await measureMemory();
  printMemory(memory);
  return { textWorst, memory };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.boundsOnly) {
    const bounds = await measureBounds();
    for (const target of boundsTargets(bounds))
      console.log(`${target.verdict}  ${target.target}: ${target.actual}`);
    return;
  }
  const latency = await runScenarios(options);
  if (options.latencyOnly) {
    printLatency(latency, options.countedCycles);
    return;
  }

  const azurite = await launchAzurite();
  let coldStart: ColdStart;
  let pageWeight: PageWeight;
  let concurrency: Concurrency;
  let subscribers: SubscriberBench;
  try {
    progress('cold start…');
    coldStart = await measureColdStart(azurite, options.coldStartRuns, options.profileDir);
    progress('page weight…');
    pageWeight = await measurePageWeight(azurite);
    progress(`${options.parallel} parallel commands…`);
    concurrency = await measureConcurrency(azurite, options.parallel);
    progress('subscribers…');
    subscribers = await measureSubscribers(azurite, Math.min(options.cycles, 50));
  } finally {
    await stopAzurite(azurite);
  }

  const bounds = await measureBounds();

  const [commit, status] = await Promise.all([git(['rev-parse', 'HEAD']), git(['status', '--porcelain'])]);
  const { out, ...reportedOptions } = options;
  const partial = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      loadAverage: os.loadavg().map((load) => round(load)),
      ...(commit ? { gitCommit: commit, gitDirty: Boolean(status) } : {}),
    },
    options: reportedOptions,
    latency,
    coldStart,
    pageWeight,
    concurrency,
    bounds,
    durationMs: round(performance.now() - benchStarted, 0),
  } satisfies Omit<Report, 'targets'>;
  const report: Report & { subscribers: SubscriberBench } = {
    ...partial,
    targets: evaluate(partial),
    subscribers,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  print(report);
  printSubscribers(subscribers);
  console.log(
    `\nReport: ${path.relative(process.cwd(), out)} (schemaVersion ${REPORT_SCHEMA_VERSION}); ${round(report.durationMs / 1000, 1)} s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
