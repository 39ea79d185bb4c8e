// Storage calls per command: the requests a command makes, counted through a proxy and sorted by kind.
import type { RunningAzurite } from '../azurite';
import { startCountingProxy, type StorageRequest } from '../countingProxy';
import { throughProxy } from './azurites';
import { createBenchApp, type BenchApp, type Containers } from './benchApp';
import { round } from './stats';
import { runCycle, type Verb } from './workload';

export const OP_KINDS = [
  'stateRead',
  'stateProbe',
  'stateWrite',
  'resolvedRead',
  'resolvedWrite',
  'resolvedDelete',
  'archiveWrite',
  'auditAppend',
  'siteWrite',
  'siteProbe',
  'other',
] as const;
type OpKind = (typeof OP_KINDS)[number];

export const OP_KIND_LABEL: Record<OpKind, string> = {
  stateRead: 'state read (GET state.json)',
  stateProbe: 'state ETag check (HEAD state.json)',
  stateWrite: 'state write (PUT state.json)',
  resolvedRead: 'resolved incidents read (GET state-resolved/*, new instance)',
  resolvedWrite: 'resolved incidents write (PUT state-resolved/*)',
  resolvedDelete: 'resolved incidents delete (the timer sweeps them)',
  archiveWrite: 'archive writes (archive/incidents/*)',
  auditAppend: 'audit appends (audit/*.jsonl)',
  siteWrite: 'site writes ($web)',
  siteProbe: 'published-version check (HEAD index.html)',
  other: 'other',
};

function classify(request: StorageRequest, containers: Containers): OpKind {
  const [, container = '', ...rest] = request.path.split('/');
  const name = decodeURIComponent(rest.join('/'));
  if (container === containers.state) {
    if (name === 'state.json') {
      if (request.method === 'GET') return 'stateRead';
      if (request.method === 'HEAD') return 'stateProbe';
      if (request.method === 'PUT') return 'stateWrite';
    }
    if (name.startsWith('state-resolved/')) {
      if (request.method === 'GET') return 'resolvedRead';
      if (request.method === 'PUT') return 'resolvedWrite';
      if (request.method === 'DELETE') return 'resolvedDelete';
    }
    if (name.startsWith('archive/') && request.method === 'PUT') return 'archiveWrite';
    if (name.startsWith('audit/') && request.method === 'PUT' && request.query.includes('comp=appendblock'))
      return 'auditAppend';
  }
  if (container === containers.site) {
    if (request.method === 'PUT') return 'siteWrite';
    if (request.method === 'HEAD' && name === 'index.html') return 'siteProbe';
  }
  return 'other';
}

interface OpStats {
  /** Mean per command. */
  count: number;
  maxCount: number;
  bytesWritten: number;
  bytesRead: number;
}

export interface StorageByVerb {
  commands: number;
  requestsPerCommand: number;
  maxRequestsPerCommand: number;
  bytesWrittenPerCommand: number;
  /** Conflicts (409/412 answers to state writes): the counted commands run one at a time, so expect 0. */
  conflicts: number;
  /** Site files written with the same content as the last write of that path (index.html aside). */
  unchangedRewrites: number;
  byKind: Record<OpKind, OpStats>;
  /** The files the last counted command of this verb wrote, in order. */
  siteFilesWritten: string[];
}

function storageByVerb(
  commands: StorageRequest[][],
  containers: Containers,
  unchanged: number,
): StorageByVerb {
  const n = commands.length;
  const meanPerCommand = (values: number[], digits?: number) =>
    round(values.reduce((sum, x) => sum + x, 0) / Math.max(n, 1), digits);
  const byKind = Object.fromEntries(
    OP_KINDS.map((kind): [OpKind, OpStats] => {
      const perCommand = commands.map((requests) => requests.filter((r) => classify(r, containers) === kind));
      const flat = perCommand.flat();
      return [
        kind,
        {
          count: meanPerCommand(perCommand.map((list) => list.length)),
          maxCount: Math.max(0, ...perCommand.map((list) => list.length)),
          bytesWritten: meanPerCommand(
            flat.map((r) => r.bytes),
            0,
          ),
          bytesRead: meanPerCommand(
            flat.map((r) => r.responseBytes),
            0,
          ),
        },
      ];
    }),
  ) as Record<OpKind, OpStats>;
  return {
    commands: n,
    requestsPerCommand: meanPerCommand(commands.map((list) => list.length)),
    maxRequestsPerCommand: Math.max(0, ...commands.map((list) => list.length)),
    bytesWrittenPerCommand: meanPerCommand(
      commands.flat().map((r) => r.bytes),
      0,
    ),
    conflicts: commands
      .flat()
      .filter((r) => classify(r, containers) === 'stateWrite' && (r.status === 409 || r.status === 412))
      .length,
    unchangedRewrites: unchanged,
    byKind,
    siteFilesWritten: (commands.at(-1) ?? [])
      .filter((r) => classify(r, containers) === 'siteWrite')
      .map((r) => decodeURIComponent(r.path.split('/').slice(2).join('/'))),
  };
}

/** What counting needs of a latency scenario; its cycle number moves on, so no cycle is sent twice. */
interface CountedScenario {
  azurite: RunningAzurite;
  containers: Containers;
  app: BenchApp;
  nextCycle: number;
}

/**
 * Runs more cycles through the counting proxy, one command at a time, so each slice of the request log belongs
 * to exactly one command.
 */
export async function countStorage(
  scenario: CountedScenario,
  cycles: number,
): Promise<Record<Verb, StorageByVerb>> {
  const { azurite, containers } = scenario;
  const proxy = await startCountingProxy(azurite.port);
  try {
    const app = createBenchApp(throughProxy(azurite, proxy.port), containers, {
      ...(scenario.app.clock ? { clock: scenario.app.clock } : {}),
    });
    const perVerb: Record<Verb, StorageRequest[][]> = { open: [], update: [], close: [] };
    const unchanged: Record<Verb, number> = { open: 0, update: 0, close: 0 };
    const lastBody = new Map<string, string>();
    let mark = proxy.requests.length;
    const take = (verb: Verb) => {
      const slice = proxy.requests.slice(mark);
      mark = proxy.requests.length;
      perVerb[verb].push(slice);
      for (const request of slice) {
        if (classify(request, containers) !== 'siteWrite') continue;
        if (!request.path.endsWith('/index.html') && lastBody.get(request.path) === request.bodyHash)
          unchanged[verb] += 1;
        lastBody.set(request.path, request.bodyHash);
      }
    };
    const problems: string[] = [];
    for (let c = 0; c < cycles; c++) await runCycle(app, scenario.nextCycle++, problems, take);
    if (problems.length > 0) throw new Error(`Counted commands failed: ${problems.slice(0, 3).join(' / ')}`);
    return {
      open: storageByVerb(perVerb.open, containers, unchanged.open),
      update: storageByVerb(perVerb.update, containers, unchanged.update),
      close: storageByVerb(perVerb.close, containers, unchanged.close),
    };
  } finally {
    await proxy.close();
  }
}
