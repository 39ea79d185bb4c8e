// Concurrency: many updates to one incident at once, all applied exactly once, the page at the newest state.
import { performance } from 'node:perf_hooks';
import type { RunningAzurite } from '../azurite';
import { startCountingProxy, type CountingProxy, type StorageRequest } from '../countingProxy';
import { throughProxy } from './azurites';
import { createBenchApp, createContainers, newContainers } from './benchApp';
import { round, summarize, type Summary } from './stats';
import { TITLES, UPDATES } from './workload';

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

export interface Concurrency {
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

export async function measureConcurrency(azurite: RunningAzurite, parallel: number): Promise<Concurrency> {
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
