// Command latency: open/update/close cycles with 0, 1,000 and 10,000 incidents of history, and with the state
// document at its cap, each scenario on its own Azurite.
import { RECENT_MAX, RECENT_MIN } from '../../src/core/model/retention';
import type { StatusState } from '../../src/core/model/state';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/core/model/time';
import type { RunningAzurite } from '../azurite';
import { azuriteCpuMs, launchAzurite, ownCpuMs, stopAzurite } from './azurites';
import { createBenchApp, createContainers, newContainers, type BenchApp, type Containers } from './benchApp';
import type { Options } from './options';
import { seedHistory, type SeedReport } from './seedHistory';
import { gzipBytes, progress, round, summarize, type Summary } from './stats';
import { countStorage, type StorageByVerb } from './storageCalls';
import { runCycle, VERBS, type Verb } from './workload';
import { startProfiler } from './profiler';

interface ScenarioSpec {
  /** Stable key in the report: `history-0`, `history-10000`, `busy-200`. */
  id: string;
  /** `history`: the target's question (does cost grow with history?); `busy`: the state at its cap. */
  kind: 'history' | 'busy';
  historyIncidents: number;
  /** Of those, resolved in the days before the run, so the state document holds them. */
  recentIncidents: number;
  /** Simulated time from one measured cycle to the next. */
  cycleMs: number;
}

function scenarioSpecs(options: Options): ScenarioSpec[] {
  // One incident a day: the run's own incidents never crowd the state (it keeps the RECENT_MIN newest).
  const specs: ScenarioSpec[] = (options.busyOnly ? [] : options.histories).map((history) => ({
    id: `history-${history}`,
    kind: 'history',
    historyIncidents: history,
    recentIncidents: Math.min(history, RECENT_MIN),
    cycleMs: DAY_MS,
  }));
  // A bad fortnight: RECENT_MAX incidents resolved in the window, and the run adds one every 90 minutes. As many
  // cycles as the empty history, interleaved with it: its median is held to a ratio of that one's.
  if (options.busy)
    specs.push({
      id: `busy-${RECENT_MAX}`,
      kind: 'busy',
      historyIncidents: RECENT_MAX,
      recentIncidents: RECENT_MAX,
      cycleMs: 90 * MINUTE_MS,
    });
  return specs;
}

export interface Scenario extends ScenarioSpec {
  seed: SeedReport;
  commands: Record<Verb | 'all', Summary>;
  /** Median and p99 over the empty-history run's, per verb. */
  ratioToEmpty?: Record<Verb | 'all', { median: number; p99: number }>;
  /** The state document when the measured commands started and when they ended. */
  state: { incidentsBefore: number; bytesBefore: number; incidentsAfter: number; bytesAfter: number };
  /** The state version moves once per applied command, and once more when the clock crosses a day. */
  versionDelta: number;
  failures: string[];
  storage: Record<Verb, StorageByVerb>;
  /** index.html at the end: the front page with the incidents the state held then. */
  indexHtml: { bytes: number; gzipBytes: number };
  /**
   * Where the time goes, per measured command: CPU used by this scenario's Azurite, and by the bench process
   * while the command ran (the handler, the SDK, building and signing the request). On two cores, the two add up
   * to more than the latency when they overlap.
   */
  cpuMsPerCommand: { azurite?: number; benchProcess: number };
}

interface PreparedScenario {
  spec: ScenarioSpec;
  azurite: RunningAzurite;
  containers: Containers;
  app: BenchApp;
  seed: SeedReport;
  before: StatusState | undefined;
  samples: Record<Verb, number[]>;
  failures: string[];
  nextCycle: number;
  /** Commands sent in the measured rounds, and the CPU they cost (see Scenario.cpuMsPerCommand). */
  measured: number;
  azuriteCpuMs: number | undefined;
  benchCpuMs: number;
}

/** Its own Azurite, warmed up on containers of its own; then the history, seeded into fresh containers. */
async function prepareScenario(spec: ScenarioSpec, options: Options): Promise<PreparedScenario> {
  const azurite = await launchAzurite();
  // JIT and connection warm-up, so no scenario's first measured command is the first run of anything.
  const warm = newContainers('warm');
  await createContainers(azurite.connectionString, warm);
  const warmApp = createBenchApp(azurite.connectionString, warm);
  for (let c = 0; c < options.warmupCycles; c++) await runCycle(warmApp, c, []);

  const containers = newContainers(spec.id.replace(/[^a-z0-9]/g, ''));
  await createContainers(azurite.connectionString, containers);
  // The run's simulated time ends before the real now.
  const cycles = options.cycles + options.countedCycles + 1;
  const start = Date.now() - cycles * spec.cycleMs - DAY_MS;
  const app = createBenchApp(azurite.connectionString, containers, {
    clock: { start, cycleMs: spec.cycleMs, now: start },
  });
  const seed = await seedHistory(app, spec.historyIncidents, spec.recentIncidents, start - HOUR_MS);
  const before = spec.historyIncidents === 0 ? undefined : await app.readState();
  progress(
    `${spec.id}: ${seed.archivedBlobs} archived, ${seed.incidentsInState} in the state ` +
      `(seeded in ${round((seed.commandsMs + seed.storageMs) / 1000, 1)} s)`,
  );
  const samples = { open: [], update: [], close: [] };
  return {
    spec,
    azurite,
    containers,
    app,
    seed,
    before,
    samples,
    failures: [],
    nextCycle: 0,
    measured: 0,
    azuriteCpuMs: undefined,
    benchCpuMs: 0,
  };
}

async function finishScenario(scenario: PreparedScenario, options: Options): Promise<Scenario> {
  const { app, samples, failures, before, measured } = scenario;
  const after = await app.readState();
  const versionDelta = after.version - (before?.version ?? 0);
  if (versionDelta < measured)
    failures.push(`the state version moved by ${versionDelta}, fewer than the ${measured} commands`);
  const index = (await app.readSite('index.html')) ?? Buffer.alloc(0);
  const storage = await countStorage(scenario, options.countedCycles);
  return {
    ...scenario.spec,
    seed: scenario.seed,
    commands: {
      open: summarize(samples.open),
      update: summarize(samples.update),
      close: summarize(samples.close),
      all: summarize([...samples.open, ...samples.update, ...samples.close]),
    },
    state: {
      incidentsBefore: before?.incidents.length ?? 0,
      bytesBefore: before ? Buffer.byteLength(JSON.stringify(before)) : 0,
      incidentsAfter: after.incidents.length,
      bytesAfter: Buffer.byteLength(JSON.stringify(after)),
    },
    versionDelta,
    failures,
    storage,
    indexHtml: { bytes: index.length, gzipBytes: gzipBytes(index) },
    cpuMsPerCommand: {
      ...(scenario.azuriteCpuMs === undefined ? {} : { azurite: round(scenario.azuriteCpuMs / measured) }),
      benchProcess: round(scenario.benchCpuMs / measured),
    },
  };
}

/**
 * Every scenario gets its own Azurite; their cycles are interleaved (one cycle of each in turn), so drift on a
 * shared machine (other processes, GC, thermal) falls on all of them alike and the ratios stay fair.
 */
export async function runScenarios(options: Options): Promise<Scenario[]> {
  const prepared: PreparedScenario[] = [];
  try {
    for (const spec of scenarioSpecs(options)) {
      progress(`${spec.id}: warming up and seeding…`);
      prepared.push(await prepareScenario(spec, options));
    }
    progress(`measuring ${options.cycles} open/update/close cycles per scenario, interleaved…`);
    const profiler = options.profileLatency ? await startProfiler() : undefined;
    const azuriteBefore = prepared.map((scenario) => azuriteCpuMs(scenario.azurite));
    for (let c = 0; c < options.cycles; c++) {
      for (const scenario of prepared) {
        // Commands run one at a time, so the process's CPU while one runs is that command's.
        const cpuBefore = ownCpuMs();
        const cycle = await runCycle(scenario.app, scenario.nextCycle++, scenario.failures);
        scenario.benchCpuMs += ownCpuMs() - cpuBefore;
        scenario.measured += VERBS.length;
        for (const verb of VERBS) if (!Number.isNaN(cycle[verb])) scenario.samples[verb].push(cycle[verb]);
      }
    }
    if (profiler && options.profileLatency) await profiler.stop(options.profileLatency);
    prepared.forEach((scenario, i) => {
      const before = azuriteBefore[i];
      const after = azuriteCpuMs(scenario.azurite);
      scenario.azuriteCpuMs = before === undefined || after === undefined ? undefined : after - before;
    });
    progress('counting storage calls…');
    const results: Scenario[] = [];
    for (const scenario of prepared) results.push(await finishScenario(scenario, options));
    const empty = results.find((scenario) => scenario.kind === 'history' && scenario.historyIncidents === 0);
    for (const scenario of results) {
      if (!empty || scenario === empty) continue;
      const ratio = (verb: Verb | 'all') => ({
        median: round(scenario.commands[verb].medianMs / empty.commands[verb].medianMs),
        p99: round(scenario.commands[verb].p99Ms / empty.commands[verb].p99Ms),
      });
      scenario.ratioToEmpty = {
        open: ratio('open'),
        update: ratio('update'),
        close: ratio('close'),
        all: ratio('all'),
      };
    }
    return results;
  } finally {
    await Promise.all(prepared.map((scenario) => stopAzurite(scenario.azurite)));
  }
}
