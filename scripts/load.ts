// `npm run load`: a bounded load run against the local host on 127.0.0.1, with requests signed as Teams signs
// them. Prints latency percentiles (p50/p95/p99) and the error rate.
//
// By default it starts its own local host (an in-memory Azurite, the compiled function files, containers of its
// own) and stops it afterwards, so it needs nothing running and leaves nothing behind. `--url` points it at a
// host you started (`npm start`) instead; it then signs with TEAMS_WEBHOOK_SECRET from the environment or
// local.settings.json. Only loopback addresses are accepted: this is not a tool for loading other people's hosts.
//
//   npm run load                               500 requests, 10 at a time
//   npm run load -- --requests 2000 --concurrency 20 --seconds 60
//   npm run load -- --url http://127.0.0.1:7071/api/teams
//   npm run load -- --burst 200                200 commands at once across 20 incidents (the default burst)
//
// The burst (issue 13, part 4) sends its commands all at once and then checks every reply against what was
// stored: a reply under 5 s, an "applied" reply whose update is in the state and the audit log, a "nothing was
// changed" reply whose update is in neither. PASS or MISS.
import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BlobServiceClient } from '@azure/storage-blob';
import { decodeHTML } from 'entities';
import { signBody } from '../src/adapters/teams/signature';
import { BlobStateStore } from '../src/adapters/storage/blobStateStore';
import { startAzurite, type RunningAzurite } from './azurite';
import { createFunctionsServer, listen, loadFunctions } from './localHost';
import { loadSettings, PROJECT_ROOT } from './settings';
import { teamsActivity } from './teamsActivity';

/** Hard bounds, whatever is asked for. */
const MAX_REQUESTS = 10_000;
const MAX_CONCURRENCY = 64;
const MAX_SECONDS = 300;
/** Each request gives up after this long (Teams itself waits 5 s). */
const REQUEST_TIMEOUT_MS = 10_000;

interface Options {
  requests: number;
  concurrency: number;
  seconds: number;
  url?: string;
  /** Commands sent at once after the steady run (0: none). */
  burst: number;
}

const MAX_BURST = 1000;
/** Incidents the burst spreads its commands over. */
const BURST_INCIDENTS = 20;
/** Teams' limit for a reply. */
const TEAMS_LIMIT_MS = 5_000;

function parseArgs(argv: string[]): Options {
  const options: Options = { requests: 500, concurrency: 10, seconds: 60, burst: 200 };
  const number = (value: string | undefined, name: string, max: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} needs a whole number above 0`);
    return Math.min(parsed, max);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--requests') options.requests = number(argv[++i], 'requests', MAX_REQUESTS);
    else if (arg === '--concurrency') options.concurrency = number(argv[++i], 'concurrency', MAX_CONCURRENCY);
    else if (arg === '--seconds') options.seconds = number(argv[++i], 'seconds', MAX_SECONDS);
    else if (arg === '--url') options.url = argv[++i];
    else if (arg === '--burst') {
      const burst = Number(argv[++i]);
      if (!Number.isInteger(burst) || burst < 0)
        throw new Error('--burst needs a whole number (0: no burst)');
      options.burst = Math.min(burst, MAX_BURST);
    } else
      throw new Error(`Unknown argument ${arg}. Use --requests, --concurrency, --seconds, --url, --burst.`);
  }
  return options;
}

function assertLoopback(url: string): URL {
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) || parsed.protocol !== 'http:') {
    throw new Error(`--url must be http on 127.0.0.1 or localhost, not ${parsed.host}.`);
  }
  return parsed;
}

interface Target {
  url: string;
  secret: Buffer;
  stop: () => Promise<void>;
  /** Size of the state document now, when the host is ours. */
  stateBytes?: () => Promise<number>;
  /** The stored state's text and the audit log's lines, when the host is ours: what the burst checks replies against. */
  stored?: () => Promise<{ state: string; audit: string }>;
}

/** An in-memory Azurite and the compiled functions on an ephemeral port of 127.0.0.1. */
async function startOwnHost(): Promise<Target> {
  const azurite: RunningAzurite = await startAzurite({ port: 0 });
  const secret = randomBytes(32);
  const suffix = randomUUID().slice(0, 8);
  Object.assign(process.env, {
    TEAMS_WEBHOOK_SECRET: secret.toString('base64'),
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    STATE_CONTAINER: `load-state-${suffix}`,
    SITE_CONTAINER: `load-web-${suffix}`,
    PAGE_TITLE: 'Load test status',
  });
  const blobService = BlobServiceClient.fromConnectionString(azurite.connectionString);
  await blobService.getContainerClient(`load-state-${suffix}`).create();
  await blobService.getContainerClient(`load-web-${suffix}`).create();
  // The timer function is not started: the run measures commands, not the minute tick.
  const server: http.Server = createFunctionsServer(
    loadFunctions(path.join(PROJECT_ROOT, 'dist', 'functions')),
  );
  const port = await listen(server, 0);
  // Server-side timings: when each request reached the host and how long the host took to answer it.
  server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    const arrived = performance.now();
    response.once('finish', () => hostTimings.push({ arrived, ms: performance.now() - arrived }));
  });
  return {
    url: `http://127.0.0.1:${port}/api/teams`,
    secret,
    stateBytes: async () =>
      (
        await blobService
          .getContainerClient(`load-state-${suffix}`)
          .getBlobClient('state.json')
          .getProperties()
      ).contentLength ?? 0,
    stored: async () => {
      const container = blobService.getContainerClient(`load-state-${suffix}`);
      const read = async (name: string) =>
        (await container.getBlobClient(name).downloadToBuffer()).toString('utf8');
      let audit = '';
      for await (const blob of container.listBlobsFlat({ prefix: 'audit/' })) audit += await read(blob.name);
      // The whole state: state.json and the resolved incidents it names (see BlobStateStore).
      const loaded = await new BlobStateStore(container).load();
      return {
        state: loaded.kind === 'found' ? JSON.stringify(loaded.state) : await read('state.json'),
        audit,
      };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await azurite.stop();
    },
  };
}

function runningHost(url: string): Target {
  assertLoopback(url);
  const secret = loadSettings().TEAMS_WEBHOOK_SECRET;
  if (!secret) throw new Error('No TEAMS_WEBHOOK_SECRET in the environment or local.settings.json.');
  return { url, secret: Buffer.from(secret, 'base64'), stop: () => Promise.resolve() };
}

/** When each request reached our own host, and how long it took there. */
const hostTimings: { arrived: number; ms: number }[] = [];

/** Incidents opened before the measured run; the load updates them in turn. */
const INCIDENTS = 5;

/**
 * What busy incident channels send: mostly updates to the open incidents, some lists and opens, a few mistakes
 * (answered, not errors).
 */
function commandFor(index: number): string {
  const kind = index % 20;
  if (kind === 0) return `open Load test incident ${index}`;
  if (kind === 1) return 'list';
  if (kind === 2) return 'frobnicate the database';
  return `update INC-${(index % INCIDENTS) + 1} Progress note ${index}`;
}

/** Replies that mean the command did not go through as asked. */
const FAILURE =
  /Storage did not answer|could not be saved|Saving your command failed|Something went wrong|cannot be read|page could not be updated/;

interface Sample {
  ms: number;
  ok: boolean;
  reply: string;
}

async function send(target: Target, index: number, text = commandFor(index)): Promise<Sample> {
  const body = Buffer.from(JSON.stringify(teamsActivity(text, `Engineer ${Math.abs(index) % 10}`)), 'utf8');
  const started = performance.now();
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `HMAC ${signBody(body, target.secret)}` },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = response.ok
      ? (((await response.json()) as { text?: string }).text ?? '')
      : await response.text();
    const ms = performance.now() - started;
    const reply = decodeHTML(text);
    return { ms, ok: response.status === 200 && !FAILURE.test(reply), reply };
  } catch (error) {
    return { ms: performance.now() - started, ok: false, reply: `no reply: ${String(error)}` };
  }
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** What a reply claims about its command. */
function claimOf(reply: string): 'applied' | 'unchanged' | 'unknown' {
  if (/nothing was changed|not applied/i.test(reply)) return 'unchanged';
  if (/^Updated INC-\d+/.test(reply)) return 'applied';
  return 'unknown';
}

/**
 * `burst` commands at once across BURST_INCIDENTS incidents, each an update with a marker of its own, then every
 * reply is checked against the stored state and the audit log. Returns whether every reply came within Teams'
 * 5 s and told the truth.
 */
async function runBurst(target: Target, burst: number): Promise<boolean> {
  console.log(`\nBurst: ${burst} commands at once across ${BURST_INCIDENTS} incidents`);
  const ids: string[] = [];
  for (let i = 1; i <= BURST_INCIDENTS; i++) {
    const opened = await send(target, -100 - i, `open Burst incident ${i} | Investigating`);
    const id = /Opened (INC-\d+)/.exec(opened.reply)?.[1];
    if (!id) throw new Error(`The host did not open burst incident ${i}: ${opened.reply}`);
    ids.push(id);
  }
  const marker = (n: number) => `burst-marker-${n}-end`;
  // The host runs in this process: a blocked event loop delays its timers (the reply deadline) and its replies.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const burstStarted = performance.now();
  hostTimings.length = 0;
  const samples = await Promise.all(
    Array.from({ length: burst }, (_, n) =>
      send(target, n, `update ${ids[n % ids.length] ?? 'INC-1'} Progress ${marker(n)}`),
    ),
  );
  lag.disable();
  // Measured in the host too: the client shares this process, and is itself slow to send 200 requests at once.
  const inHost = hostTimings.map((t) => t.ms).sort((a, b) => a - b);
  const lateInHost = inHost.filter((ms) => ms > TEAMS_LIMIT_MS).length;
  if (inHost.length > 0) {
    const arrivals = hostTimings.map((t) => t.arrived - burstStarted).sort((a, b) => a - b);
    console.log(
      `in the host: requests arrived over ${(arrivals.at(-1) ?? 0).toFixed(0)} ms; arrival to reply p50 ${percentile(inHost, 50).toFixed(0)} ms, max ${(inHost.at(-1) ?? 0).toFixed(0)} ms`,
    );
  }
  const late = samples.filter((sample) => sample.ms > TEAMS_LIMIT_MS).length;
  console.log(
    `event loop delay: max ${(lag.max / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms`,
  );
  // A command whose reply went at the deadline finishes, and is audited, after it: give those a few seconds.
  let stored = target.stored ? await target.stored() : undefined;
  for (let wait = 0; target.stored && wait < 20; wait++) {
    if (samples.every((_, n) => stored?.audit.includes(marker(n)))) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
    stored = await target.stored();
  }
  const counts = { applied: 0, unchanged: 0, unknown: 0 };
  const untrue: string[] = [];
  samples.forEach((sample, n) => {
    const claim = claimOf(sample.reply);
    counts[claim] += 1;
    if (!stored) return;
    const inState = stored.state.includes(marker(n));
    const audited = stored.audit.includes(marker(n));
    if (claim === 'applied' && !(inState && audited))
      untrue.push(`#${n} said applied; state ${inState}, audit ${audited}`);
    if (claim === 'unchanged' && inState)
      untrue.push(`#${n} said nothing was changed, but it is in the state`);
    if (!audited) untrue.push(`#${n} is missing from the audit log`);
  });
  const latencies = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  console.log(
    `replies    ${counts.applied} applied, ${counts.unchanged} nothing changed (busy), ${counts.unknown} other; p50 ${percentile(latencies, 50).toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
  );
  for (const line of untrue.slice(0, 10)) console.log(`  untrue: ${line}`);
  const inTime = late === 0;
  const truthful = stored !== undefined && untrue.length === 0 && counts.unknown === 0;
  if (inHost.length > 0)
    console.log(
      `${lateInHost === 0 ? 'PASS' : 'MISS'}  every reply under 5 s from its arrival at the host (${lateInHost} late)`,
    );
  console.log(`${inTime ? 'PASS' : 'MISS'}  every reply under 5 s from the client's send (${late} late)`);
  console.log(
    `${truthful ? 'PASS' : 'MISS'}  every reply true to the stored state and audit log (${stored ? `${untrue.length} untrue, ${counts.unknown} unclear` : 'not checked: not our host'})`,
  );
  return inTime && truthful;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const target = options.url ? runningHost(options.url) : await startOwnHost();
  console.log(
    `Load run: ${options.requests} signed requests, ${options.concurrency} at a time, at most ${options.seconds} s, against ${target.url}`,
  );
  const samples: Sample[] = [];
  try {
    // First, on a fresh state: the burst needs its 20 incidents open, within the open-incident cap.
    if (options.burst > 0) await runBurst(target, options.burst);
    // Not measured: the incidents the load updates.
    for (let i = 1; i <= INCIDENTS; i++) {
      const opened = await send(target, -i, `open Load test incident ${i} | Investigating`);
      if (!opened.ok)
        throw new Error('The host did not take the first commands; is it running with this secret?');
    }
    const deadline = performance.now() + options.seconds * 1000;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.requests && performance.now() < deadline) {
          samples.push(await send(target, next++));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const latencies = samples.map((sample) => sample.ms).sort((a, b) => a - b);
    const errors = samples.filter((sample) => !sample.ok).length;
    const format = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `requests   ${samples.length} in ${seconds.toFixed(1)} s (${(samples.length / seconds).toFixed(1)}/s)`,
    );
    console.log(`p50        ${format(percentile(latencies, 50))}`);
    console.log(`p95        ${format(percentile(latencies, 95))}`);
    console.log(`p99        ${format(percentile(latencies, 99))}`);
    console.log(`max        ${format(latencies.at(-1) ?? Number.NaN)}`);
    console.log(`errors     ${errors} (${((errors / samples.length) * 100).toFixed(2)}%)`);
    console.log(`over 5 s   ${latencies.filter((ms) => ms > 5_000).length}`);
    // Every command reads and writes the whole state document: its size drives the latency.
    if (target.stateBytes)
      console.log(`state      ${((await target.stateBytes()) / 1024).toFixed(0)} KiB at the end`);
  } finally {
    await target.stop();
  }
}

main().then(
  // Explicitly: keep-alive sockets to the stopped host would otherwise hold the process for a few seconds.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
