// The app under test: the production wiring (createServices) on containers of its own, driven through the
// webhook handler with activities signed as Teams signs them.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from '../../src/config';
import type { Catalog } from '../../src/core/model/catalog';
import type { StatusState } from '../../src/core/model/state';
import { BlobStateStore } from '../../src/adapters/storage/blobStateStore';
import { signBody } from '../../src/adapters/teams/signature';
import { createServices, type Services } from '../../src/app/services';
import { teamsActivity } from '../teamsActivity';

export const PAGE_TITLE = 'Contoso status';
export const PAGE_URL = 'https://status.contoso.example/';
export const SECRET = randomBytes(32);

export interface Containers {
  state: string;
  site: string;
}

export function newContainers(label: string): Containers {
  const suffix = randomUUID().slice(0, 8);
  return { state: `state-${label}-${suffix}`, site: `web-${label}-${suffix}` };
}

export async function createContainers(connectionString: string, containers: Containers): Promise<void> {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  await service.getContainerClient(containers.state).createIfNotExists();
  await service.getContainerClient(containers.site).createIfNotExists();
}

/** The bench app's settings on Azurite: its own containers, the bench's page and secret, no allowlists. */
export function configFor(connectionString: string, containers: Containers): Config {
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
export function signedActivity(text: string, user: string): { body: Buffer; authorization: string } {
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
export interface SimClock {
  start: number;
  cycleMs: number;
  now: number;
}

interface Sent {
  ms: number;
  status: number;
  text: string;
}

export interface BenchApp {
  services: Services;
  clock: SimClock | undefined;
  blobService: BlobServiceClient;
  /** Signs a Teams activity with `text` and posts it to the handler; `ms` covers the handler alone. */
  send: (text: string, user?: string) => Promise<Sent>;
  readState: () => Promise<StatusState>;
  readSite: (file: string) => Promise<Buffer | undefined>;
}

/** The production wiring: createServices builds its own storage client from the connection string. */
export function createBenchApp(
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
      // state.json and the resolved incidents it names, as a new instance reads them.
      const loaded = await new BlobStateStore(blobService.getContainerClient(containers.state)).load();
      if (loaded.kind !== 'found') throw new Error(`No state was written (${loaded.kind}).`);
      return loaded.state;
    },
    readSite: (file) => readBlob(containers.site, file),
  };
}
