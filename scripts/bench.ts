// `npm run bench`: drives the real webhook handler (signature → parse → state → render → publish → reply) against
// in-memory Azurites on 127.0.0.1 and measures what issue 7 asks for: command latency with 0, 1,000 and 10,000
// incidents of history (and with the state document at its cap), storage calls per command, cold start, page
// weight and concurrency. Prints tables with PASS/MISS against the targets and writes bench-results/bench.json.
// The report's format is versioned (REPORT_SCHEMA_VERSION): fields are added, never renamed or re-purposed.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from '../src/config';
import type { Catalog, ComponentDefinition } from '../src/core/model/catalog';
import type { AuditLog, SitePublisher, StateStore } from '../src/core/ports';
import { RECENT_DAYS, RECENT_MAX, RECENT_MIN } from '../src/core/model/retention';
import { runCommand } from '../src/app/runCommand';
import type { Incident, StatusState } from '../src/core/model/state';
import { signBody } from '../src/adapters/teams/signature';
import { createServices, type Services } from '../src/app/services';
import { startAzurite, type RunningAzurite } from './azurite';
import type { ColdStartProbe } from './benchColdStart';
import { startCountingProxy, type CountingProxy, type StorageRequest } from './countingProxy';
import { PROJECT_ROOT } from './settings';
import { teamsActivity } from './teamsActivity';

export const REPORT_SCHEMA_VERSION = 1;

export const TARGETS = {
  medianMs: 25,
  p99Ms: 100,
  historyRatio: 1.5,
  stateReadsPerCommand: 1,
  stateWritesPerCommand: 1,
  coldStartMs: 400,
  /** 14 KiB: what fits in TCP's first round trip (an initial window of 10 segments), the usual page budget. */
  indexGzipBytes: 14 * 1024,
  externalRequests: 0,
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------------------------------------- options

interface Options {
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
}

const USAGE =
  'Options: --cycles N  --histories 0,1000,10000  --no-busy  --cold-starts N  --parallel N  --out FILE  --profile DIR  --quick';

function parseOptions(argv: string[]): Options {
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

// ---------------------------------------------------------------------------------------------- statistics

const benchStarted = performance.now();

/** Progress goes to stderr, so stdout holds only the tables. */
function progress(message: string): void {
  console.error(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)} s] ${message}`);
}

export interface Summary {
  n: number;
  meanMs: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
}

/** Linear interpolation between closest ranks (numpy's default), so medians of even counts are midpoints. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = sorted[Math.floor(position)] ?? Number.NaN;
  const upper = sorted[Math.ceil(position)] ?? Number.NaN;
  return lower + (upper - lower) * (position - Math.floor(position));
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((sum, x) => sum + x, 0) / Math.max(sorted.length, 1)),
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    p99Ms: round(quantile(sorted, 0.99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    minMs: round(sorted[0] ?? Number.NaN),
  };
}

/** zlib's default level, what web servers and CDNs typically use on the fly. */
const gzipBytes = (data: Buffer | string) => gzipSync(data).length;

// ---------------------------------------------------------------------------------------------- Azurite

/** Every Azurite this run started, so none outlives it, even when the run is interrupted or fails. */
const running = new Set<RunningAzurite>();
process.once('exit', () => {
  for (const azurite of running) azurite.process.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

async function launchAzurite(): Promise<RunningAzurite> {
  const azurite = await startAzurite({ port: 0 });
  running.add(azurite);
  return azurite;
}

/**
 * Azurite's graceful stop waits seconds for the SDK's keep-alive connections to drain; its storage is in memory
 * and thrown away, so the bench ends it at once.
 */
function stopAzurite(azurite: RunningAzurite): Promise<void> {
  running.delete(azurite);
  return new Promise((resolve) => {
    if (azurite.process.exitCode !== null || azurite.process.signalCode !== null) return resolve();
    azurite.process.once('exit', () => resolve());
    azurite.process.kill('SIGKILL');
  });
}

/** CLK_TCK on Linux: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) Azurite has used so far; undefined where /proc is not available. */
function azuriteCpuMs(azurite: RunningAzurite): number | undefined {
  const file = `/proc/${azurite.process.pid}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields 14 and 15 (utime, stime) of the line; counted from field 3, after the parenthesised command name.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

function throughProxy(azurite: RunningAzurite, proxyPort: number): string {
  return azurite.connectionString.replace(`:${azurite.port}/`, `:${proxyPort}/`);
}

// ---------------------------------------------------------------------------------------------- the app under test

const PAGE_TITLE = 'Contoso status';
const PAGE_URL = 'https://status.contoso.example/';
const SECRET = randomBytes(32);

interface Containers {
  state: string;
  site: string;
}

function newContainers(label: string): Containers {
  const suffix = randomUUID().slice(0, 8);
  return { state: `state-${label}-${suffix}`, site: `web-${label}-${suffix}` };
}

async function createContainers(connectionString: string, containers: Containers): Promise<void> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  await service.getContainerClient(containers.state).createIfNotExists();
  await service.getContainerClient(containers.site).createIfNotExists();
}

function configFor(connectionString: string, containers: Containers): Config {
  return {
    teamsSecret: SECRET,
    storage: { kind: 'connectionString', connectionString },
    stateContainer: containers.state,
    siteContainer: containers.site,
    pageTitle: PAGE_TITLE,
    pageUrl: PAGE_URL,
    allowedTenantIds: [],
    allowedUserIds: [],
  };
}

/** Signed exactly as Teams signs: HMAC-SHA256 over the raw body with the base64-decoded token. */
function signedActivity(text: string, user: string): { body: Buffer; authorization: string } {
  const body = Buffer.from(JSON.stringify(teamsActivity(text, user)), 'utf8');
  return { body, authorization: `HMAC ${signBody(body, SECRET)}` };
}

/**
 * The state's clock in the measured runs. The bench sends a command every few milliseconds; on the real clock
 * the state would remember hundreds of activities from "the last 10 minutes" (replay protection) and keep every
 * incident the run resolved as recent, a state no real channel builds. On this clock each cycle of commands
 * starts `cycleMs` after the one before, so the state holds what the scenario means it to. Activities still carry
 * the real time, which is what the webhook checks them against.
 */
interface SimClock {
  start: number;
  cycleMs: number;
  now: number;
}

interface Sent {
  ms: number;
  status: number;
  text: string;
}

interface BenchApp {
  services: Services;
  clock: SimClock | undefined;
  blobService: BlobServiceClient;
  /** Signs a Teams activity with `text` and posts it to the handler; `ms` covers the handler alone. */
  send: (text: string, user?: string) => Promise<Sent>;
  readState: () => Promise<StatusState>;
  readSite: (file: string) => Promise<Buffer | undefined>;
}

/** The production wiring: createServices builds its own storage client from the connection string. */
function createBenchApp(
  connectionString: string,
  containers: Containers,
  options: { clock?: SimClock; catalog?: Catalog } = {},
): BenchApp {
  const { clock, catalog } = options;
  const services = createServices(configFor(connectionString, containers), {
    ...(clock ? { clock: () => new Date(clock.now).toISOString() } : {}),
    ...(catalog ? { catalog } : {}),
  });
  const blobService = BlobServiceClient.fromConnectionString(connectionString);
  const silent = () => undefined;
  const readBlob = async (container: string, name: string) => {
    try {
      return await blobService.getContainerClient(container).getBlobClient(name).downloadToBuffer();
    } catch {
      return undefined;
    }
  };
  return {
    services,
    clock,
    blobService,
    send: async (text, user = 'Grace Hopper') => {
      const { body, authorization } = signedActivity(text, user);
      const request = new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/teams',
        headers: { 'content-type': 'application/json', authorization },
        body: { bytes: body },
      });
      const context = new InvocationContext({ functionName: 'teams', logHandler: silent });
      const started = performance.now();
      const response = await services.teamsWebhook(request, context);
      const ms = performance.now() - started;
      const reply = response.jsonBody as { text?: unknown } | undefined;
      return { ms, status: response.status ?? 200, text: typeof reply?.text === 'string' ? reply.text : '' };
    },
    readState: async () => {
      const buffer = await readBlob(containers.state, 'state.json');
      if (!buffer) throw new Error('No state.json was written.');
      return JSON.parse(buffer.toString('utf8')) as StatusState;
    },
    readSite: (file) => readBlob(containers.site, file),
  };
}

// ---------------------------------------------------------------------------------------------- the workload

const TITLES = [
  'Chat messages delayed',
  'Sign-in failures for some users',
  'File uploads slow in West Europe',
  'Video calls dropping after a few minutes',
  'Search returns no results',
];
const UPDATES = [
  'We are seeing elevated error rates on the message relay and are investigating the cause.',
  'The cause is a configuration change rolled out this morning; we are rolling it back region by region.',
  'The rollback is complete in two of three regions; error rates are back to normal there.',
  'All regions are rolled back. We are monitoring closely before we close this incident.',
];

const VERBS = ['open', 'update', 'close'] as const;
type Verb = (typeof VERBS)[number];

/** When, within a cycle, each command is sent on the simulated clock. */
const CYCLE_OFFSET_MS: Record<Verb, number> = { open: 0, update: 20 * MINUTE_MS, close: 60 * MINUTE_MS };

/**
 * Cycle `i`: open an incident, update it, close it, through the handler. Returns the three latencies; replies
 * that are not what the command should get are added to `problems`. `after` runs once each command is answered.
 */
async function runCycle(
  app: BenchApp,
  i: number,
  problems: string[],
  after?: (verb: Verb) => void,
): Promise<Record<Verb, number>> {
  const send = async (verb: Verb, text: string) => {
    if (app.clock) app.clock.now = app.clock.start + i * app.clock.cycleMs + CYCLE_OFFSET_MS[verb];
    const sent = await app.send(text);
    after?.(verb);
    return sent;
  };
  const opened = await send('open', `open ${TITLES[i % TITLES.length] ?? 'Incident'} (${i}) | ${UPDATES[0]}`);
  const id = /INC-\d+/.exec(opened.text)?.[0];
  if (opened.status !== 200 || !id) {
    problems.push(`open ${i}: ${opened.status} ${opened.text.slice(0, 120)}`);
    return { open: opened.ms, update: Number.NaN, close: Number.NaN };
  }
  const updated = await send('update', `update ${id} identified ${UPDATES[1]}`);
  if (updated.status !== 200 || !updated.text.includes(id))
    problems.push(`update ${id}: ${updated.status} ${updated.text.slice(0, 120)}`);
  const closed = await send('close', `close ${id} ${UPDATES[3]}`);
  if (closed.status !== 200 || !closed.text.includes(id))
    problems.push(`close ${id}: ${closed.status} ${closed.text.slice(0, 120)}`);
  return { open: opened.ms, update: updated.ms, close: closed.ms };
}

// ---------------------------------------------------------------------------------------------- seeding history

/** A state store in memory: seeding runs the real command runner against it, thousands of commands a second. */
class MemoryStateStore implements StateStore {
  state: StatusState | undefined;
  readonly archived: Incident[] = [];

  load() {
    return Promise.resolve(
      this.state
        ? { kind: 'found' as const, state: this.state, etag: String(this.state.version) }
        : { kind: 'missing' as const },
    );
  }

  save(state: StatusState) {
    this.state = state;
    return Promise.resolve({ ok: true as const, etag: String(state.version) });
  }

  currentEtag() {
    return Promise.resolve(this.state ? String(this.state.version) : undefined);
  }

  archive(incidents: readonly Incident[]) {
    this.archived.push(...incidents);
    return Promise.resolve();
  }
}

/** Older history is spread over three years… */
const SEED_SPAN_MS = 3 * 365 * DAY_MS;
/** …the recent part over the days before the run, well inside the RECENT_DAYS window. */
const RECENT_SPAN_MS = (RECENT_DAYS - 3) * DAY_MS;
const SEED_BATCH = 100;

interface SeedReport {
  incidents: number;
  /** How many of them resolved in the last days, and so are kept in the state document. */
  recent: number;
  archivedBlobs: number;
  incidentsInState: number;
  commandsMs: number;
  storageMs: number;
}

/**
 * Seeds `count` resolved incidents through the real layout: the real command runner (parse, apply, retention)
 * opens, updates and closes each one against an in-memory store, on a clock that walks through three years;
 * then the real blob adapters write what retention archived to `archive/incidents/<id>.json` and save the state
 * document retention kept, and the timer's path publishes the site for it. The newest `recent` incidents resolve
 * in the last days before `endsAt`. (The archived incidents' own pages are not written again: no command reads
 * or writes them, and 10,000 more uploads would double the seeding time.)
 */
async function seedHistory(
  app: BenchApp,
  count: number,
  recent: number,
  endsAt: number,
): Promise<SeedReport> {
  const report = {
    incidents: count,
    recent,
    archivedBlobs: 0,
    incidentsInState: 0,
    commandsMs: 0,
    storageMs: 0,
  };
  if (count === 0) return report;
  const started = performance.now();
  const memory = new MemoryStateStore();
  let now = 0;
  const noPublish: SitePublisher = {
    publishedVersion: () => Promise.resolve(undefined),
    write: () => Promise.resolve(),
  };
  const noAudit: AuditLog = { append: () => Promise.resolve() };
  const deps = {
    ...app.services.commandDeps,
    store: memory,
    publisher: noPublish,
    audit: noAudit,
    render: () => [],
    clock: () => new Date(now).toISOString(),
  };
  const actor = { name: 'Ada Lovelace', aadObjectId: '00000000-0000-4000-8000-000000000001' };
  const older = count - recent;
  for (let i = 0; i < count; i++) {
    const at =
      i < older
        ? endsAt - RECENT_SPAN_MS - SEED_SPAN_MS + (i * SEED_SPAN_MS) / older
        : endsAt - RECENT_SPAN_MS + ((i - older) * RECENT_SPAN_MS) / recent;
    now = at;
    const title = TITLES[i % TITLES.length] ?? 'Incident';
    const opened = await runCommand(deps, { text: `open ${title} | ${UPDATES[0]}`, actor });
    if (opened.outcome !== 'applied' || !opened.incidentId)
      throw new Error(`Seeding: open ${i} was ${opened.outcome}: ${opened.reply.text}`);
    now = at + CYCLE_OFFSET_MS.update;
    await runCommand(deps, { text: `update ${opened.incidentId} identified ${UPDATES[1]}`, actor });
    now = at + CYCLE_OFFSET_MS.close;
    const closed = await runCommand(deps, { text: `close ${opened.incidentId} ${UPDATES[3]}`, actor });
    if (closed.outcome !== 'applied') throw new Error(`Seeding: close ${i} was ${closed.outcome}.`);
  }
  const state = memory.state;
  if (!state) throw new Error('Seeding produced no state.');
  report.commandsMs = round(performance.now() - started, 0);

  const stored = performance.now();
  for (let start = 0; start < memory.archived.length; start += SEED_BATCH)
    await app.services.store.archive(memory.archived.slice(start, start + SEED_BATCH));
  const saved = await app.services.store.save(state, undefined);
  if (!saved.ok) throw new Error('Seeding: the state document already existed.');
  // The timer sees a state newer than the published site and publishes all of it.
  await app.services.tick();
  report.storageMs = round(performance.now() - stored, 0);
  report.archivedBlobs = memory.archived.length;
  report.incidentsInState = state.incidents.length;
  return report;
}

// ---------------------------------------------------------------------------------------------- storage calls

const OP_KINDS = [
  'stateRead',
  'stateProbe',
  'stateWrite',
  'archiveWrite',
  'auditAppend',
  'siteWrite',
  'siteProbe',
  'other',
] as const;
type OpKind = (typeof OP_KINDS)[number];

const OP_KIND_LABEL: Record<OpKind, string> = {
  stateRead: 'state read (GET state.json)',
  stateProbe: 'state ETag check (HEAD state.json)',
  stateWrite: 'state write (PUT state.json)',
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

interface StorageByVerb {
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

const mean = (values: number[], n: number) => values.reduce((sum, x) => sum + x, 0) / Math.max(n, 1);

function storageByVerb(
  commands: StorageRequest[][],
  containers: Containers,
  unchanged: number,
): StorageByVerb {
  const n = commands.length;
  const byKind = Object.fromEntries(
    OP_KINDS.map((kind): [OpKind, OpStats] => {
      const perCommand = commands.map((requests) => requests.filter((r) => classify(r, containers) === kind));
      const flat = perCommand.flat();
      return [
        kind,
        {
          count: round(
            mean(
              perCommand.map((list) => list.length),
              n,
            ),
          ),
          maxCount: Math.max(0, ...perCommand.map((list) => list.length)),
          bytesWritten: round(
            mean(
              flat.map((r) => r.bytes),
              n,
            ),
            0,
          ),
          bytesRead: round(
            mean(
              flat.map((r) => r.responseBytes),
              n,
            ),
            0,
          ),
        },
      ];
    }),
  ) as Record<OpKind, OpStats>;
  return {
    commands: n,
    requestsPerCommand: round(
      mean(
        commands.map((list) => list.length),
        n,
      ),
    ),
    maxRequestsPerCommand: Math.max(0, ...commands.map((list) => list.length)),
    bytesWrittenPerCommand: round(
      mean(
        commands.flat().map((r) => r.bytes),
        n,
      ),
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

/**
 * Runs more cycles through the counting proxy, one command at a time, so each slice of the request log belongs
 * to exactly one command.
 */
async function countStorage(
  scenario: PreparedScenario,
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

// ---------------------------------------------------------------------------------------------- latency scenarios

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
  /** Runs in every `every`-th round of the interleaved measurement (1: every round). */
  every: number;
}

function scenarioSpecs(options: Options): ScenarioSpec[] {
  // One incident a day: the run's own incidents never crowd the state (it keeps the RECENT_MIN newest).
  const specs: ScenarioSpec[] = options.histories.map((history) => ({
    id: `history-${history}`,
    kind: 'history',
    historyIncidents: history,
    recentIncidents: Math.min(history, RECENT_MIN),
    cycleMs: DAY_MS,
    every: 1,
  }));
  // A bad fortnight: RECENT_MAX incidents resolved in the window, and the run adds one every 90 minutes.
  // Half as many cycles: it is informative, not a target, and the run must stay within a few minutes.
  if (options.busy)
    specs.push({
      id: `busy-${RECENT_MAX}`,
      kind: 'busy',
      historyIncidents: RECENT_MAX,
      recentIncidents: RECENT_MAX,
      cycleMs: 90 * MINUTE_MS,
      every: 2,
    });
  return specs;
}

interface Scenario extends ScenarioSpec {
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
async function runScenarios(options: Options): Promise<Scenario[]> {
  const prepared: PreparedScenario[] = [];
  try {
    for (const spec of scenarioSpecs(options)) {
      progress(`${spec.id}: warming up and seeding…`);
      prepared.push(await prepareScenario(spec, options));
    }
    progress(`measuring ${options.cycles} open/update/close cycles per scenario, interleaved…`);
    const azuriteBefore = prepared.map((scenario) => azuriteCpuMs(scenario.azurite));
    for (let c = 0; c < options.cycles; c++) {
      for (const scenario of prepared) {
        if (c % scenario.spec.every !== 0) continue;
        // Commands run one at a time, so the process's CPU while one runs is that command's.
        const cpuBefore = ownCpuMs();
        const cycle = await runCycle(scenario.app, scenario.nextCycle++, scenario.failures);
        scenario.benchCpuMs += ownCpuMs() - cpuBefore;
        scenario.measured += VERBS.length;
        for (const verb of VERBS) if (!Number.isNaN(cycle[verb])) scenario.samples[verb].push(cycle[verb]);
      }
    }
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

// ---------------------------------------------------------------------------------------------- page weight

interface PageWeight {
  openIncidents: number;
  updatesPerIncident: number;
  /** Components in the catalog, and how many of their names index.html shows. */
  components: { configured: number; shown: number; note: string };
  bytes: number;
  gzipBytes: number;
  /** Resources a browser would fetch from another origin (src, srcset, link href, CSS url() and @import). */
  externalRequests: string[];
  /** Plain links (`<a href>`) to other origins: navigation, not requests; listed for the record. */
  externalLinks: string[];
}

const SERVICES = [
  'Chat',
  'Meetings',
  'Files',
  'Email',
  'Calendar',
  'Sign-in',
  'Search',
  'VPN',
  'Website',
  'API',
];
const REGIONS = ['West Europe', 'North Europe', 'East US', 'West US', 'Southeast Asia'];

/** 50 components, as an organisation would list them in status.config.json: ten services in five regions. */
function largeCatalog(): Catalog {
  const components: ComponentDefinition[] = SERVICES.flatMap((service) =>
    REGIONS.map((region) => {
      const name = `${service} ${region}`;
      return { id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, group: service };
    }),
  );
  return { components, templates: [] };
}

function externalReferences(html: string, pageUrl: string): { requests: string[]; links: string[] } {
  const origin = new URL(pageUrl).origin;
  const isExternal = (url: string) => {
    const trimmed = url.trim();
    if (!/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(trimmed)) return false; // relative: same origin
    if (/^(data|about|mailto|tel):/i.test(trimmed)) return false;
    try {
      return new URL(trimmed, pageUrl).origin !== origin;
    } catch {
      return true;
    }
  };
  const requests: string[] = [];
  const links: string[] = [];
  const attributePattern = /\b(src|href|srcset|poster|data|action)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (const [, tag = '', attributes = ''] of html.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
    for (const attribute of attributes.matchAll(attributePattern)) {
      const name = (attribute[1] ?? '').toLowerCase();
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      const urls =
        name === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0] ?? '') : [value];
      for (const url of urls.filter(isExternal)) {
        if (tag.toLowerCase() === 'a' && name === 'href') links.push(url);
        else requests.push(`<${tag} ${name}> ${url}`);
      }
    }
  }
  for (const match of html.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]/gi)) {
    const url = match[1] ?? match[2] ?? '';
    if (isExternal(url)) requests.push(`css ${url}`);
  }
  return { requests, links };
}

/** index.html after 5 incidents are opened through the handler, each naming components and updated 3 times. */
async function measurePageWeight(azurite: RunningAzurite): Promise<PageWeight> {
  const containers = newContainers('page');
  await createContainers(azurite.connectionString, containers);
  const catalog = largeCatalog();
  const app = createBenchApp(azurite.connectionString, containers, { catalog });
  const openIncidents = 5;
  for (let i = 0; i < openIncidents; i++) {
    const affected = REGIONS.slice(0, 2).map((region) => `${SERVICES[i] ?? 'Chat'} ${region}`);
    const opened = await app.send(
      `open major [${affected.join(', ')}] ${TITLES[i] ?? 'Incident'} | ${UPDATES[0]}`,
    );
    const id = /INC-\d+/.exec(opened.text)?.[0];
    if (!id) throw new Error(`Page weight: open failed: ${opened.text}`);
    for (const [n, message] of UPDATES.slice(1).entries()) {
      const status = ['identified', 'monitoring', 'monitoring'][n] ?? 'identified';
      const sent = await app.send(`update ${id} ${status} ${message}`);
      if (!sent.text.includes(id)) throw new Error(`Page weight: update failed: ${sent.text}`);
    }
  }
  const index = await app.readSite('index.html');
  if (!index) throw new Error('Page weight: no index.html was published.');
  const html = index.toString('utf8');
  const { requests, links } = externalReferences(html, PAGE_URL);
  const shown = catalog.components.filter((component) => html.includes(component.name)).length;
  return {
    openIncidents,
    updatesPerIncident: UPDATES.length,
    components: {
      configured: catalog.components.length,
      shown,
      note:
        shown >= catalog.components.length
          ? `${shown} components configured and shown`
          : `${catalog.components.length} components configured, ${shown} shown: the page does not list components yet (pending), so this is not yet the 50-component figure`,
    },
    bytes: index.length,
    gzipBytes: gzipBytes(index),
    externalRequests: requests,
    externalLinks: links,
  };
}

// ---------------------------------------------------------------------------------------------- concurrency

interface ConcurrencyRun {
  drainMs: number;
  latency: Summary;
  applied: number;
  otherReplies: string[];
  versionDelta: number;
  /** The page ends showing the newest state: index.html's state version equals the state's. */
  publishedVersion: string | undefined;
  stateVersion: number;
  stateBytesBefore: number;
  stateBytesAfter: number;
  allApplied: boolean;
}

interface Concurrency {
  parallel: number;
  /** Straight to Azurite: the timing and the verdict. */
  direct: ConcurrencyRun;
  /** The same again through the counting proxy (slower: the proxy shares the bench's CPU), for the counts. */
  counted: ConcurrencyRun & {
    storage: { requests: number; stateReads: number; stateWrites: number; conflicts: number };
  };
}

/**
 * `parallel` updates to one incident at once, on the real clock: every one contends for the state document.
 * With a counting proxy, also returns the requests the burst made.
 */
async function concurrencyRun(
  azurite: RunningAzurite,
  parallel: number,
  proxy?: CountingProxy,
): Promise<{ run: ConcurrencyRun; requests: StorageRequest[] }> {
  const containers = newContainers('conc');
  await createContainers(azurite.connectionString, containers);
  const app = createBenchApp(
    proxy ? throughProxy(azurite, proxy.port) : azurite.connectionString,
    containers,
  );
  const opened = await app.send(`open ${TITLES[0]} | ${UPDATES[0]}`);
  const id = /INC-\d+/.exec(opened.text)?.[0] ?? 'INC-1';
  const before = await app.readState();
  const mark = proxy?.requests.length ?? 0;
  const started = performance.now();
  const sent = await Promise.all(
    Array.from({ length: parallel }, (_, i) => app.send(`update ${id} Parallel note ${i}`, `Responder ${i}`)),
  );
  const drainMs = performance.now() - started;
  const requests = proxy?.requests.slice(mark) ?? [];
  const after = await app.readState();
  const messages =
    after.incidents.find((incident) => incident.id === id)?.updates.map((u) => u.message) ?? [];
  const applied = Array.from({ length: parallel }, (_, i) => `Parallel note ${i}`).filter(
    (message) => messages.filter((m) => m === message).length === 1,
  ).length;
  const properties = await app.blobService
    .getContainerClient(containers.site)
    .getBlobClient('index.html')
    .getProperties();
  const confirmed = sent.filter((reply) => reply.status === 200 && reply.text.startsWith(`Updated ${id}`));
  const versionDelta = after.version - before.version;
  const publishedVersion = properties.metadata?.stateversion;
  const run: ConcurrencyRun = {
    drainMs: round(drainMs),
    latency: summarize(sent.map((reply) => reply.ms)),
    applied,
    otherReplies: sent.filter((reply) => !confirmed.includes(reply)).map((reply) => reply.text.slice(0, 160)),
    versionDelta,
    publishedVersion,
    stateVersion: after.version,
    stateBytesBefore: Buffer.byteLength(JSON.stringify(before)),
    stateBytesAfter: Buffer.byteLength(JSON.stringify(after)),
    allApplied:
      applied === parallel &&
      confirmed.length === parallel &&
      versionDelta === parallel &&
      publishedVersion === String(after.version),
  };
  return { run, requests };
}

async function measureConcurrency(azurite: RunningAzurite, parallel: number): Promise<Concurrency> {
  const { run: direct } = await concurrencyRun(azurite, parallel);
  const proxy = await startCountingProxy(azurite.port);
  try {
    const { run: counted, requests } = await concurrencyRun(azurite, parallel, proxy);
    const isState = (r: StorageRequest) => r.path.endsWith('/state.json');
    const stateWrites = requests.filter((r) => isState(r) && r.method === 'PUT');
    return {
      parallel,
      direct,
      counted: {
        ...counted,
        storage: {
          requests: requests.length,
          stateReads: requests.filter((r) => isState(r) && r.method === 'GET').length,
          stateWrites: stateWrites.length,
          conflicts: stateWrites.filter((r) => r.status === 409 || r.status === 412).length,
        },
      },
    };
  } finally {
    await proxy.close();
  }
}

// ---------------------------------------------------------------------------------------------- cold start

interface ColdStartVariant {
  /** The function files the process loaded before answering. */
  functionFiles: string[];
  /** Parent's wall clock from spawning `node` to reading the first reply. */
  processStartToReplyMs: Summary;
  /** Inside the child, from its process start (performance.timeOrigin). */
  nodeBootMs: Summary;
  functionsLoadMs: Summary;
  firstRequestMs: Summary;
}

interface ColdStart {
  /** `bundle`: the esbuild bundle; `tsc`: the compiled dist/functions/*.js and what they require. */
  artifact: 'bundle' | 'tsc';
  packageDir: string;
  note: string;
  runs: number;
  /** As the Functions worker starts: every function file the package's `main` names, then the request. */
  worker: ColdStartVariant;
  /** The webhook's file alone. */
  webhookOnly: ColdStartVariant;
  size: {
    /** The webhook's function file. */
    webhookBytes: number;
    webhookGzipBytes: number;
    /** Every function file the package's `main` names. */
    functionFilesBytes: number;
    functionFilesGzipBytes: number;
    /**
     * Every JavaScript file the process had loaded by its first reply (the probe aside): with the bundle, the
     * function files and the shared bundle they require.
     */
    loadedModules: number;
    loadedBytes: number;
    loadedGzipBytes: number;
    modulesLoadedByFirstRequest: number;
    /** By package under node_modules, or by file within the deployment package. */
    largestPackages: { name: string; bytes: number }[];
  };
}

/** Where the bench builds its own bundle (git-ignored with the rest of bench-results/). */
const BENCH_BUNDLE_DIR = path.join('bench-results', 'bundle');

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => resolve(code === 0 ? '' : stderr.trim() || `exit ${code}`));
  });
}

interface Package {
  artifact: 'bundle' | 'tsc';
  dir: string;
  /** The webhook's function file, relative to `dir`. */
  webhook: string;
  note: string;
}

/**
 * The deployment package, built fresh by the project's bundler (scripts/bundle.ts) so the figure is never that
 * of a stale bundle; without a bundler, the tsc output, labelled as such.
 */
async function findPackage(): Promise<Package> {
  const bundler = path.join(__dirname, 'bundle.js');
  const webhook = path.join('functions', 'teamsWebhook.js');
  if (existsSync(bundler)) {
    const failure = await runNode([bundler, BENCH_BUNDLE_DIR]);
    const dir = path.join(PROJECT_ROOT, BENCH_BUNDLE_DIR);
    if (!failure && existsSync(path.join(dir, webhook)))
      return {
        artifact: 'bundle',
        dir,
        webhook,
        note: `the esbuild bundle, built by dist/scripts/bundle.js into ${BENCH_BUNDLE_DIR}`,
      };
    progress(`the bundler failed (${failure.split('\n')[0] ?? ''}); measuring the tsc output instead`);
  }
  return {
    artifact: 'tsc',
    dir: PROJECT_ROOT,
    webhook: path.join('dist', webhook),
    note: 'NOT the bundle (no bundler could be run): the tsc output, dist/functions/*.js requiring dist/src and node_modules',
  };
}

function runProbe(
  env: NodeJS.ProcessEnv,
  profileDir: string | undefined,
): Promise<{ wallMs: number; probe: ColdStartProbe }> {
  return new Promise((resolve, reject) => {
    const probeFile = path.join(__dirname, 'benchColdStart.js');
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const started = performance.now();
    const child = spawn(process.execPath, [...profile, probeFile], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let wallMs: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (wallMs === undefined && stdout.includes('\n')) wallMs = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0 || wallMs === undefined)
        return reject(new Error(`Cold-start probe failed (${code}):\n${stderr}`));
      resolve({ wallMs, probe: JSON.parse(stdout.split('\n')[0] ?? '') as ColdStartProbe });
    });
  });
}

/** A loaded file's owner: its package under node_modules, or its path within the deployment package. */
function ownerOf(file: string, packageDir: string): string {
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
  return match?.[1]?.replace(/\\/g, '/') ?? path.relative(packageDir, file);
}

function toVariant(results: { wallMs: number; probe: ColdStartProbe }[]): ColdStartVariant {
  return {
    functionFiles: results[0]?.probe.functionFiles ?? [],
    processStartToReplyMs: summarize(results.map((r) => r.wallMs)),
    nodeBootMs: summarize(results.map((r) => r.probe.scriptStartMs)),
    functionsLoadMs: summarize(results.map((r) => r.probe.functionsLoadedMs - r.probe.scriptStartMs)),
    firstRequestMs: summarize(results.map((r) => r.probe.firstReplyMs - r.probe.functionsLoadedMs)),
  };
}

async function measureColdStart(
  azurite: RunningAzurite,
  runs: number,
  profileDir: string | undefined,
): Promise<ColdStart> {
  const pkg = await findPackage();
  const containers = newContainers('cold');
  await createContainers(azurite.connectionString, containers);
  const worker: { wallMs: number; probe: ColdStartProbe }[] = [];
  const webhookOnly: { wallMs: number; probe: ColdStartProbe }[] = [];
  for (let run = 0; run < runs * 2; run++) {
    // Alternated, so drift on the machine falls on both alike.
    const alone = run % 2 === 1;
    const { body, authorization } = signedActivity(`open Cold start ${run} | ${UPDATES[0]}`, 'Grace Hopper');
    const env = {
      PATH: process.env.PATH,
      TEAMS_WEBHOOK_SECRET: SECRET.toString('base64'),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      STATE_CONTAINER: containers.state,
      SITE_CONTAINER: containers.site,
      PAGE_TITLE,
      PAGE_URL,
      BENCH_PACKAGE_DIR: pkg.dir,
      ...(alone ? { BENCH_ONLY_FILE: pkg.webhook } : {}),
      BENCH_BODY: body.toString('base64'),
      BENCH_AUTHORIZATION: authorization,
    };
    const result = await runProbe(env, profileDir);
    if (result.probe.status !== 200 || !result.probe.replyText.startsWith('Opened'))
      throw new Error(`Cold start: unexpected reply ${result.probe.status} ${result.probe.replyText}`);
    (alone ? webhookOnly : worker).push(result);
  }
  const last = worker.at(-1)?.probe;
  const probeFile = path.join(__dirname, 'benchColdStart.js');
  const loaded = (last?.modulesAtReply ?? []).filter(
    (module) => module !== probeFile && /\.[cm]?js$/.test(module),
  );
  const contents = loaded.map((module) => readFileSync(module));
  const byPackage = new Map<string, number>();
  loaded.forEach((module, i) => {
    const owner = ownerOf(module, pkg.dir);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + (contents[i]?.length ?? 0));
  });
  const webhook = readFileSync(path.join(pkg.dir, pkg.webhook));
  const functionFiles = (last?.functionFiles ?? []).map((file) => readFileSync(path.join(pkg.dir, file)));
  return {
    artifact: pkg.artifact,
    packageDir: path.relative(PROJECT_ROOT, pkg.dir) || '.',
    note: pkg.note,
    runs,
    worker: toVariant(worker),
    webhookOnly: toVariant(webhookOnly),
    size: {
      webhookBytes: webhook.length,
      webhookGzipBytes: gzipBytes(webhook),
      functionFilesBytes: functionFiles.reduce((sum, content) => sum + content.length, 0),
      functionFilesGzipBytes: functionFiles.reduce((sum, content) => sum + gzipBytes(content), 0),
      loadedModules: loaded.length,
      loadedBytes: contents.reduce((sum, content) => sum + content.length, 0),
      loadedGzipBytes: gzipBytes(Buffer.concat(contents)),
      modulesLoadedByFirstRequest: (last?.modulesAtReply.length ?? 0) - (last?.modulesAtLoad.length ?? 0),
      largestPackages: [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, bytes]) => ({ name, bytes })),
    },
  };
}

// ---------------------------------------------------------------------------------------------- report

/** INFO: measured and shown against a target it is not bound by (the busy state). */
type Verdict = 'PASS' | 'MISS' | 'PENDING' | 'INFO';

interface TargetResult {
  id: string;
  target: string;
  actual: string;
  verdict: Verdict;
}

interface Report {
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
  durationMs: number;
}

const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');

function evaluate(report: Omit<Report, 'targets'>): TargetResult[] {
  const targets: TargetResult[] = [];
  const histories = report.latency.filter((scenario) => scenario.kind === 'history');
  const empty = histories.find((scenario) => scenario.historyIncidents === 0);
  const largest = histories.at(-1);
  const busy = report.latency.find((scenario) => scenario.kind === 'busy');
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
  if (busy) {
    const all = busy.commands.all;
    targets.push({
      id: 'busy.latency',
      target: `state at its cap (${busy.state.incidentsAfter} incidents): median ≤ ${TARGETS.medianMs} ms, p99 ≤ ${TARGETS.p99Ms} ms`,
      actual: `median ${all.medianMs} ms, p99 ${all.p99Ms} ms (${busy.ratioToEmpty?.all.median ?? '?'}× empty)`,
      verdict: 'INFO',
    });
  }
  for (const scenario of report.latency) {
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

function print(report: Report): void {
  const out: string[] = [];
  out.push('\nCommand latency through the HTTP handler, ms (n of each verb per scenario)');
  const rows: (string | number)[][] = [
    ['scenario', 'verb', 'n', 'median', 'p95', 'p99', 'max', '×empty median', '×empty p99'],
  ];
  for (const scenario of report.latency)
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
        'state.json bytes',
        'index.html at end (gzip)',
        'CPU ms/command: Azurite, bench',
        'seed s',
      ],
      ...report.latency.map((s) => [
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

  for (const scenario of report.latency) {
    out.push(
      `\nStorage calls per command, ${scenario.id} (mean count × bytes written, or read for GET; ${report.options.countedCycles} of each verb)`,
    );
    const kindRows = OP_KINDS.map((kind) => [
      OP_KIND_LABEL[kind],
      ...VERBS.map((verb) => {
        const stats = scenario.storage[verb].byKind[kind];
        if (stats.count === 0) return '0';
        if (kind === 'stateRead') return `${stats.count} × ${stats.bytesRead} B read`;
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

function git(args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', () => resolve(undefined));
    child.once('exit', (code) => resolve(code === 0 ? output.trim() : undefined));
  });
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const latency = await runScenarios(options);

  const azurite = await launchAzurite();
  let coldStart: ColdStart;
  let pageWeight: PageWeight;
  let concurrency: Concurrency;
  try {
    progress('cold start…');
    coldStart = await measureColdStart(azurite, options.coldStartRuns, options.profileDir);
    progress('page weight…');
    pageWeight = await measurePageWeight(azurite);
    progress(`${options.parallel} parallel commands…`);
    concurrency = await measureConcurrency(azurite, options.parallel);
  } finally {
    await stopAzurite(azurite);
  }

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
    durationMs: round(performance.now() - benchStarted, 0),
  } satisfies Omit<Report, 'targets'>;
  const report: Report = { ...partial, targets: evaluate(partial) };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  print(report);
  console.log(
    `\nReport: ${path.relative(process.cwd(), out)} (schemaVersion ${REPORT_SCHEMA_VERSION}); ${round(report.durationMs / 1000, 1)} s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
