import { randomBytes, randomUUID } from 'node:crypto';
import { decodeHTML } from 'entities';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from '../../src/config';
import { STORAGE_PIPELINE } from '../../src/adapters/storage/blobClient';
import { signBody } from '../../src/adapters/teams/signature';
import { createServices, type Services } from '../../src/app/services';
import { devConnectionString } from '../../scripts/azurite';
import { startCountingProxy, type CountingProxy } from '../../scripts/countingProxy';
import { objectIdFor, teamsActivity } from '../../scripts/teamsActivity';
import { azuriteConnectionString } from '../support/testApp';

// The hardening suites' app: wired exactly as in production (the bounded STORAGE_PIPELINE, so storage timeouts
// are the real ones), talking to Azurite through the counting proxy that can inject faults; assertions read
// storage directly, so they neither go through a fault nor show up in the proxy's record.

export interface ActivityOptions {
  user?: string;
  /** Entra object ID of the sender; `null` sends none. Derived from the name by default. */
  aadObjectId?: string | null;
  /** `null` sends no tenant. */
  tenantId?: string | null;
  id?: string;
  /** ISO 8601; `null` sends none. Now by default. */
  timestamp?: string | null;
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

export interface HardenedApp {
  services: Services;
  /**
   * More Function App instances on the same storage (index 0 is `services`): each has its own in-process queues,
   * so only the ETags keep them apart, as on a scaled-out app.
   */
  instances: Services[];
  config: Config;
  secret: Buffer;
  proxy: CountingProxy;
  /** A client straight to Azurite, past the proxy. */
  direct: BlobServiceClient;
  activity: (text: string, options?: ActivityOptions) => Record<string, unknown>;
  /** Posts raw bytes to the handler. */
  post: (body: Buffer | string, headers?: Record<string, string>) => Promise<Reply>;
  /** Signs and posts an activity (to the given instance, the first by default). */
  postActivity: (activity: Record<string, unknown>, instance?: number) => Promise<Reply>;
  send: (text: string, options?: ActivityOptions & { instance?: number }) => Promise<Reply>;
  readSite: (path: string) => Promise<string | undefined>;
  readStateText: () => Promise<string | undefined>;
  readState: () => Promise<StoredState>;
  writeStateText: (text: string) => Promise<void>;
  stateEtag: () => Promise<string | undefined>;
  siteFiles: () => Promise<SiteFileInfo[]>;
  auditEntries: () => Promise<AuditLine[]>;
  close: () => Promise<void>;
}

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

let sequence = 0;
/** Unique per process: Teams never sends two activities with one ID, and parallel tests must not either. */
export function uniqueActivityId(): string {
  sequence += 1;
  return `${Date.now()}${String(sequence).padStart(6, '0')}`;
}

export function azuritePort(): number {
  return Number(/BlobEndpoint=http:\/\/[\d.]+:(\d+)/.exec(azuriteConnectionString())?.[1]);
}

export function signedHeaders(body: Buffer, secret: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `HMAC ${signBody(body, secret)}` };
}

/** Teams shows the reply as markup; tests read it as the person in the channel does. */
export function toReplyText(response: HttpResponseInit): string {
  const markup = (response.jsonBody as { text?: string } | undefined)?.text ?? '';
  return decodeHTML(markup.replace(/<br>/g, '\n'));
}

export async function createHardenedApp(
  options: {
    clock?: () => string;
    /** Azurite's port; the shared test Azurite by default. */
    azuritePort?: number;
    allowedTenantIds?: string[];
    allowedUserIds?: string[];
    secret?: Buffer;
    /** How many Function App instances share the storage (1 by default). */
    instances?: number;
    /** The webhook's reply deadline (Teams' by default); suites that count outcomes under load lift it. */
    replyDeadlineMs?: number;
  } = {},
): Promise<HardenedApp> {
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
    teamsSecret: secret,
    storage: { kind: 'connectionString', connectionString: devConnectionString(proxy.port) },
    stateContainer: `state-${suffix}`,
    siteContainer: `web-${suffix}`,
    pageTitle: 'Contoso status',
    pageUrl: 'https://status.example.com/',
    allowedTenantIds: options.allowedTenantIds ?? [],
    allowedUserIds: options.allowedUserIds ?? [],
  };
  const stateContainer = direct.getContainerClient(config.stateContainer);
  const siteContainer = direct.getContainerClient(config.siteContainer);
  await stateContainer.create();
  await siteContainer.create();
  const instances = Array.from({ length: options.instances ?? 1 }, () =>
    createServices(config, {
      blobService,
      replyDeadlineMs: options.replyDeadlineMs,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  const services = instances[0]!;

  const activity = (text: string, activityOptions: ActivityOptions = {}) => {
    const user = activityOptions.user ?? 'Ada Lovelace';
    const built = teamsActivity(text, user);
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
  const readStateText = () => readBlob(config.stateContainer, 'state.json');
  return {
    services,
    instances,
    config,
    secret,
    proxy,
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
