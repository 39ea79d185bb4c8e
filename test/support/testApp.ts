import { randomBytes, randomUUID } from 'node:crypto';
import { decodeHTML } from 'entities';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { ShareClient } from '@azure/storage-file-share';
import type { Config } from '../../src/config';
import { STORAGE_PIPELINE } from '../../src/adapters/storage/blobClient';
import { BlobStateStore, STATE_BLOB } from '../../src/adapters/storage/blobStateStore';
import { signBody } from '../../src/adapters/teams/signature';
import { createServices, type ServiceOptions, type Services } from '../../src/app/services';
import { devConnectionString } from '../../scripts/azurite';
import { startCountingProxy, type CountingProxy } from '../../scripts/countingProxy';
import { objectIdFor, teamsActivity } from '../../scripts/teamsActivity';

// The app as the integration and end-to-end tests meet it: wired exactly as in production (createServices, the
// bounded STORAGE_PIPELINE, so storage timeouts and retries are the real ones), with containers of its own on
// Azurite, reached through the counting proxy that records every storage call and can inject faults. Requests go
// through the real HTTP handler, signed as Teams signs them. Assertions read storage directly, so they neither go
// through a fault nor show up in the proxy's record.

export function azuriteConnectionString(): string {
  const value = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!value)
    throw new Error(
      'TEST_STORAGE_CONNECTION_STRING is not set: run the tests through jest (globalSetup starts Azurite).',
    );
  return value;
}

/** The port of the Azurite that jest's globalSetup started. */
export function azuritePort(): number {
  return Number(/BlobEndpoint=http:\/\/[\d.]+:(\d+)/.exec(azuriteConnectionString())?.[1]);
}

export interface TestAppOptions {
  /** The app's clock (see test/support/clock.ts); the real time by default. */
  clock?: () => string;
  /** Azurite's port; the shared test Azurite by default. */
  azuritePort?: number;
  /** The webhook's security token; random by default. */
  secret?: Buffer;
  /**
   * How many Function App instances share the storage (1 by default). Each has its own in-process queues, so
   * only the ETags keep them apart, as on a scaled-out app.
   */
  instances?: number;
  /** Settings over the defaults (page "Contoso status" at https://status.example.com/, no allowlists). */
  settings?: Partial<Omit<Config, 'teamsSecret' | 'storage' | 'stateContainer' | 'siteContainer'>>;
  /** The Azure Files share, for `settings.publishTargets` with `fileshare`. */
  shareClient?: ShareClient;
  /** The webhook's reply deadline (Teams' by default); suites that count outcomes under load lift it. */
  replyDeadlineMs?: number;
  /** More wiring (catalog, delivery queue, sender, delivery tuning), as createServices takes it. */
  services?: Omit<ServiceOptions, 'blobService' | 'clock' | 'shareClient' | 'replyDeadlineMs'>;
}

export interface ActivityOptions {
  /** The sender's display name; Ada Lovelace by default. */
  user?: string;
  /** Entra object ID of the sender; `null` sends none. Derived from the name by default. */
  aadObjectId?: string | null;
  /** `null` sends no tenant. The local tenant by default. */
  tenantId?: string | null;
  /** Unique by default. */
  id?: string;
  /** ISO 8601; `null` sends none. Now (the real time, which the handler's replay check reads) by default. */
  timestamp?: string | null;
  /** People the text mentions as `@Name`; each becomes an `<at>Name</at>` mention entity, as Teams sends. */
  mentions?: readonly string[];
}

export interface Reply extends HttpResponseInit {
  /** What Teams shows, as plain text. */
  replyText: string;
  /** Wall-clock time from the request to its answer. */
  elapsedMs: number;
}

export interface SiteFileInfo {
  path: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
  version: string | undefined;
}

/** The part of the stored state document the tests read. */
export interface StoredState {
  schemaVersion: number;
  version: number;
  incidents: {
    id: string;
    title: string;
    status: string;
    updates: { id: string; message: string; status: string }[];
  }[];
  processed: { id: string }[];
}

export interface AuditLine {
  at: string;
  text: string;
  outcome: string;
  verb?: string;
  detail?: string;
  actor: { name: string; aadObjectId?: string };
  tenantId?: string;
  stateVersion?: number;
  incidentId?: string;
}

export interface TestApp {
  services: Services;
  /** Every Function App instance on the storage; index 0 is `services`. */
  instances: Services[];
  config: Config;
  secret: Buffer;
  proxy: CountingProxy;
  /** The app's own storage client, through the proxy. */
  blobService: BlobServiceClient;
  /** A client straight to Azurite, past the proxy. */
  direct: BlobServiceClient;
  /** A Teams-shaped activity (scripts/teamsActivity.ts) with `text`, not yet signed. */
  activity: (text: string, options?: ActivityOptions) => Record<string, unknown>;
  /** Posts raw bytes to the handler (of the given instance, the first by default). */
  post: (body: Buffer | string, headers?: Record<string, string>, instance?: number) => Promise<Reply>;
  /** Signs and posts an activity (to the given instance, the first by default). */
  postActivity: (activity: Record<string, unknown>, instance?: number) => Promise<Reply>;
  /** Signs and posts an activity with `text`, as a person in the channel sends it. */
  send: (text: string, options?: ActivityOptions & { instance?: number }) => Promise<Reply>;
  readSite: (path: string) => Promise<string | undefined>;
  readStateText: () => Promise<string | undefined>;
  /** The state document parsed (`null` before the first change). */
  readState: () => Promise<StoredState>;
  writeStateText: (text: string) => Promise<void>;
  stateEtag: () => Promise<string | undefined>;
  siteFiles: () => Promise<SiteFileInfo[]>;
  auditEntries: () => Promise<AuditLine[]>;
  close: () => Promise<void>;
}

let sequence = 0;
/** Unique per process: Teams never sends two activities with one ID, and parallel tests must not either. */
export function uniqueActivityId(): string {
  sequence += 1;
  return `${Date.now()}${String(sequence).padStart(6, '0')}`;
}

export function signedHeaders(body: Buffer, secret: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `HMAC ${signBody(body, secret)}` };
}

/** Teams shows the reply's text as markup; tests read it as the person in the channel does. */
export function toReplyText(response: HttpResponseInit): string {
  const body = response.jsonBody as { text?: string } | undefined;
  return decodeHTML((body?.text ?? '').replace(/<br>/g, '\n'));
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const targetPort = options.azuritePort ?? azuritePort();
  const proxy = await startCountingProxy(targetPort);
  const direct = BlobServiceClient.fromConnectionString(devConnectionString(targetPort));
  const blobService = BlobServiceClient.fromConnectionString(
    devConnectionString(proxy.port),
    STORAGE_PIPELINE,
  );
  const suffix = randomUUID().slice(0, 8);
  const secret = options.secret ?? randomBytes(32);
  const config: Config = {
    pageTitle: 'Contoso status',
    pageUrl: 'https://status.example.com/',
    allowedTenantIds: [],
    allowedUserIds: [],
    ...options.settings,
    teamsSecret: secret,
    storage: { kind: 'connectionString', connectionString: devConnectionString(proxy.port) },
    stateContainer: `state-${suffix}`,
    siteContainer: `web-${suffix}`,
  };
  const stateContainer = direct.getContainerClient(config.stateContainer);
  const siteContainer = direct.getContainerClient(config.siteContainer);
  await stateContainer.create();
  await siteContainer.create();
  const instances = Array.from({ length: options.instances ?? 1 }, () =>
    createServices(config, {
      blobService,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.shareClient ? { shareClient: options.shareClient } : {}),
      ...(options.replyDeadlineMs ? { replyDeadlineMs: options.replyDeadlineMs } : {}),
      ...options.services,
    }),
  );
  const services = instances[0]!;

  const activity = (text: string, activityOptions: ActivityOptions = {}) => {
    const user = activityOptions.user ?? 'Ada Lovelace';
    const built = teamsActivity(text, user, new Date(), activityOptions.mentions ?? []);
    built.id = activityOptions.id ?? uniqueActivityId();
    if (activityOptions.timestamp === null) delete built.timestamp;
    else built.timestamp = activityOptions.timestamp ?? new Date().toISOString();
    const from: Record<string, unknown> = { id: `29:${objectIdFor(user)}`, name: user };
    if (activityOptions.aadObjectId !== null)
      from.aadObjectId = activityOptions.aadObjectId ?? objectIdFor(user);
    built.from = from;
    const channelData = built.channelData as Record<string, unknown>;
    if (activityOptions.tenantId === null) delete channelData.tenant;
    else if (activityOptions.tenantId !== undefined) channelData.tenant = { id: activityOptions.tenantId };
    return built;
  };
  const post = async (
    body: Buffer | string,
    headers: Record<string, string> = {},
    instance = 0,
  ): Promise<Reply> => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost/api/teams',
      headers,
      body: { bytes },
    });
    const started = performance.now();
    const response = await instances[instance % instances.length]!.teamsWebhook(
      request,
      new InvocationContext({ functionName: 'teams', logHandler: () => undefined }),
    );
    return { ...response, replyText: toReplyText(response), elapsedMs: performance.now() - started };
  };
  const postActivity = (built: Record<string, unknown>, instance = 0) => {
    const body = Buffer.from(JSON.stringify(built), 'utf8');
    return post(body, signedHeaders(body, secret), instance);
  };
  const readBlob = async (container: string, path: string) => {
    try {
      return (await direct.getContainerClient(container).getBlobClient(path).downloadToBuffer()).toString(
        'utf8',
      );
    } catch {
      return undefined;
    }
  };
  // The stored state as one document: state.json with the resolved incidents it names put back in their places
  // (see BlobStateStore), or its text as it is when it is not a state that loads.
  const readStateText = async () => {
    const text = await readBlob(config.stateContainer, STATE_BLOB);
    if (text === undefined || !text.includes('"resolved"')) return text;
    const loaded = await new BlobStateStore(stateContainer).load();
    return loaded.kind === 'found' ? JSON.stringify(loaded.state) : text;
  };
  return {
    services,
    instances,
    config,
    secret,
    proxy,
    blobService,
    direct,
    activity,
    post,
    postActivity,
    send: (text, activityOptions) => postActivity(activity(text, activityOptions), activityOptions?.instance),
    readSite: (path) => readBlob(config.siteContainer, path),
    readStateText,
    readState: async () => JSON.parse((await readStateText()) ?? 'null') as StoredState,
    writeStateText: async (text) => {
      await stateContainer.getBlockBlobClient('state.json').upload(text, Buffer.byteLength(text));
    },
    stateEtag: async () => {
      try {
        return (await stateContainer.getBlobClient('state.json').getProperties()).etag;
      } catch {
        return undefined;
      }
    },
    siteFiles: async () => {
      const files: SiteFileInfo[] = [];
      for await (const blob of siteContainer.listBlobsFlat({ includeMetadata: true })) {
        files.push({
          path: blob.name,
          contentType: blob.properties.contentType,
          cacheControl: blob.properties.cacheControl,
          version: blob.metadata?.stateversion,
        });
      }
      return files;
    },
    auditEntries: async () => {
      const lines: AuditLine[] = [];
      for await (const blob of stateContainer.listBlobsFlat({ prefix: 'audit/' })) {
        const text = (await readBlob(config.stateContainer, blob.name)) ?? '';
        for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as AuditLine);
      }
      return lines;
    },
    close: () => proxy.close(),
  };
}
