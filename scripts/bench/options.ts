// The bench's command line: what to measure, how many times, and where the report goes.
import path from 'node:path';
import { PROJECT_ROOT } from '../settings';

export interface Options {
  /** Open/update/close cycles measured per scenario (each cycle is three commands). */
  cycles: number;
  histories: number[];
  /** Also measure with the state document at its cap (RECENT_MAX recent incidents: a bad fortnight). */
  busy: boolean;
  /** Cycles run through the counting proxy per scenario (storage calls are the same every cycle). */
  countedCycles: number;
  warmupCycles: number;
  coldStartRuns: number;
  parallel: number;
  out: string;
  /** Where the cold-start probes write CPU profiles (node --cpu-prof); their timings then include the profiler. */
  profileDir?: string;
  /** Only the bounds sections (issue 13): worst time per text function and heap growth. */
  boundsOnly?: boolean;
  /** Only the latency scenarios: the quick way to compare before and after a change. */
  latencyOnly?: boolean;
  /** Only the at-the-cap scenario (with --latency-only and --profile-latency: its profile alone). */
  busyOnly?: boolean;
  /** Where a CPU profile of the bench process over the measured rounds alone is written (.cpuprofile). */
  profileLatency?: string;
}

const USAGE =
  'Options: --cycles N  --histories 0,1000,10000  --no-busy  --cold-starts N  --parallel N  --out FILE  --profile DIR  --quick  --bounds  --latency-only  --busy-only  --profile-latency FILE';

export function parseOptions(argv: string[]): Options {
  const options: Options = {
    cycles: 200,
    histories: [0, 1000, 10000],
    busy: true,
    countedCycles: 10,
    warmupCycles: 8,
    coldStartRuns: 5,
    parallel: 50,
    out: path.join(PROJECT_ROOT, 'bench-results', 'bench.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
      return next;
    };
    const count = () => {
      const parsed = Number(value());
      if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} needs a whole number above 0.`);
      return parsed;
    };
    if (flag === '--cycles') options.cycles = count();
    else if (flag === '--cold-starts') options.coldStartRuns = count();
    else if (flag === '--parallel') options.parallel = count();
    else if (flag === '--no-busy') options.busy = false;
    else if (flag === '--bounds') options.boundsOnly = true;
    else if (flag === '--latency-only') options.latencyOnly = true;
    else if (flag === '--busy-only') options.busyOnly = true;
    else if (flag === '--profile-latency') options.profileLatency = path.resolve(value());
    else if (flag === '--out') options.out = path.resolve(value());
    else if (flag === '--profile') options.profileDir = path.resolve(value());
    else if (flag === '--histories') {
      options.histories = value().split(',').map(Number);
      if (options.histories.some((n) => !Number.isInteger(n) || n < 0) || options.histories[0] !== 0)
        throw new Error('--histories takes sizes like 0,1000,10000, starting with 0 (the baseline).');
    } else if (flag === '--quick')
      Object.assign(options, { cycles: 30, histories: [0, 1000], busy: false, coldStartRuns: 2 });
    else throw new Error(`Unknown option ${flag}. ${USAGE}`);
  }
  return options;
}
