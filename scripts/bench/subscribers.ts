// Subscribers (issue 15): the time from a command to its delivery at a local receiver, and what five subscribers
// cost the command itself against none. Both apps run side by side on one Azurite, commands interleaved, so load
// on the machine falls on both alike.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { MemoryDeliveryQueue } from '../../src/adapters/queue/memoryDeliveryQueue';
import { startDeliveryWorker } from '../../src/app/deliveryWorker';
import { createServices, type Services } from '../../src/app/services';
import type { Config } from '../../src/config';
import { toCatalog, type Catalog } from '../../src/core/model/catalog';
import type { RunningAzurite } from '../azurite';
import { configFor, createContainers, newContainers, signedActivity } from './benchApp';
import { progress, round, summarize, type Summary } from './stats';

/** Five subscribers may cost a command at most this much over none (median). */
export const SUBSCRIBER_COST_TARGET = 1.1;

export interface SubscriberBench {
  subscribers: number;
  commands: number;
  commandMsNone: Summary;
  commandMsFive: Summary;
  /** Median and p99 of five subscribers over none. */
  ratio: { median: number; p99: number };
  /** From the command's start to the receiver's answer, per delivery. */
  deliveryMs: Summary;
  verdict: 'PASS' | 'MISS';
}

const COMPONENTS = [{ name: 'Chat' }, { name: 'Email' }];
const FIVE = ['teams-a', 'teams-b', 'hook-a', 'hook-b', 'hook-c'];

function catalogWith(subscribers: unknown[]): Catalog {
  const result = toCatalog({ components: COMPONENTS, subscribers });
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
}

async function receiver(
  onDelivery: (id: string) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      onDelivery(String(request.headers['x-status-delivery'] ?? ''));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function app(
  azurite: RunningAzurite,
  label: string,
  config: Partial<Config>,
  catalog: Catalog,
  queue?: MemoryDeliveryQueue,
) {
  const containers = newContainers(label);
  await createContainers(azurite.connectionString, containers);
  return createServices(
    { ...configFor(azurite.connectionString, containers), ...config },
    { catalog, ...(queue ? { deliveryQueue: queue } : {}) },
  );
}

async function send(services: Services, text: string): Promise<number> {
  const { body, authorization } = signedActivity(text, 'Grace Hopper');
  const request = new HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/teams',
    headers: { 'content-type': 'application/json', authorization },
    body: { bytes: body },
  });
  const started = performance.now();
  const response = await services.teamsWebhook(
    request,
    new InvocationContext({ functionName: 'teams', logHandler: () => undefined }),
  );
  if (response.status !== 200) throw new Error(`The webhook answered ${response.status}.`);
  return performance.now() - started;
}

export async function measureSubscribers(azurite: RunningAzurite, cycles: number): Promise<SubscriberBench> {
  const sentAt = new Map<string, number>();
  const deliveryMs: number[] = [];
  const receivers = await Promise.all(
    FIVE.map(() =>
      receiver((id) => {
        // A delivery ID is `<notice>.<subscriber>`, the notice `<update>@<state version>`: match the update.
        const started = sentAt.get(id.replace(/\.[\w-]+$/, '').replace(/@\d+$/, ''));
        if (started !== undefined) deliveryMs.push(performance.now() - started);
      }),
    ),
  );
  const subscriberSettings = Object.fromEntries(
    FIVE.flatMap((name, index) => [
      [`SUBSCRIBER_${name.toUpperCase().replace(/-/g, '_')}_URL`, receivers[index]?.url ?? ''],
      [`SUBSCRIBER_${name.toUpperCase().replace(/-/g, '_')}_SECRET`, 'bench-secret'],
    ]),
  );
  const queue = new MemoryDeliveryQueue();
  const none = await app(azurite, 'subs-none', {}, catalogWith([]));
  const five = await app(
    azurite,
    'subs-five',
    { subscriberSettings },
    catalogWith(FIVE.map((name) => ({ name, kind: name.startsWith('teams') ? 'teams' : 'webhook' }))),
    queue,
  );
  const worker = startDeliveryWorker(five.deliverDeps, { pollMs: 2 });
  const noneMs: number[] = [];
  const fiveMs: number[] = [];
  try {
    for (let cycle = 1; cycle <= cycles; cycle++) {
      if (cycle % 10 === 0) progress(`subscribers: cycle ${cycle} of ${cycles}…`);
      const commands: [string, string][] = [
        [`open Chat is slow (${cycle}) | We are investigating`, `INC-${cycle}-1`],
        [`update INC-${cycle} identified Found the cause`, `INC-${cycle}-2`],
        [`close INC-${cycle} Fixed`, `INC-${cycle}-3`],
      ];
      for (const [text, noticeId] of commands) {
        noneMs.push(await send(none, text));
        sentAt.set(noticeId, performance.now());
        fiveMs.push(await send(five, text));
      }
    }
    // Let the last deliveries land.
    const until = performance.now() + 10_000;
    while (deliveryMs.length < cycles * 3 * FIVE.length && performance.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    await worker.stop();
    await Promise.all(receivers.map((r) => r.close()));
  }
  const commandMsNone = summarize(noneMs);
  const commandMsFive = summarize(fiveMs);
  const ratio = {
    median: round(commandMsFive.medianMs / commandMsNone.medianMs),
    p99: round(commandMsFive.p99Ms / commandMsNone.p99Ms),
  };
  return {
    subscribers: FIVE.length,
    commands: fiveMs.length,
    commandMsNone,
    commandMsFive,
    ratio,
    deliveryMs: summarize(deliveryMs),
    verdict: ratio.median <= SUBSCRIBER_COST_TARGET ? 'PASS' : 'MISS',
  };
}

export function printSubscribers(result: SubscriberBench): void {
  console.log('\nSubscribers (issue 15)');
  console.log(
    `  command latency, no subscribers:   median ${result.commandMsNone.medianMs} ms, p99 ${result.commandMsNone.p99Ms} ms (n=${result.commandMsNone.n})`,
  );
  console.log(
    `  command latency, ${result.subscribers} subscribers:    median ${result.commandMsFive.medianMs} ms, p99 ${result.commandMsFive.p99Ms} ms`,
  );
  console.log(
    `  ratio (5 / none): median ${result.ratio.median}×, p99 ${result.ratio.p99}×  target ≤ ${SUBSCRIBER_COST_TARGET}×  ${result.verdict}`,
  );
  console.log(
    `  command → delivery at a local receiver: median ${result.deliveryMs.medianMs} ms, p99 ${result.deliveryMs.p99Ms} ms (n=${result.deliveryMs.n})`,
  );
}
