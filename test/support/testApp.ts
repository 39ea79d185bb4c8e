import { randomBytes, randomUUID } from 'node:crypto';
import { decodeHTML } from 'entities';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from '../../src/config';
import { signBody } from '../../src/adapters/teams/signature';
import { createServices, type Services } from '../../src/app/services';
import { teamsActivity } from '../../scripts/teamsActivity';
import { devConnectionString } from '../../scripts/azurite';
import { startCountingProxy, type CountingProxy } from '../../scripts/countingProxy';

export function azuriteConnectionString(): string {
  const value = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!value)
    throw new Error(
      'TEST_STORAGE_CONNECTION_STRING is not set: run the tests through jest (globalSetup starts Azurite).',
    );
  return value;
}

function azuritePort(): number {
  return Number(/BlobEndpoint=http:\/\/[\d.]+:(\d+)/.exec(azuriteConnectionString())?.[1]);
}

export interface TestApp {
  services: Services;
  config: Config;
  secret: Buffer;
  blobService: BlobServiceClient;
  proxy: CountingProxy;
  /** Signs and posts a Teams activity with `text` through the HTTP handler. */
  send: (
    text: string,
    options?: { user?: string; mentions?: string[] },
  ) => Promise<HttpResponseInit & { replyText: string }>;
  post: (body: Buffer | string, headers?: Record<string, string>) => Promise<HttpResponseInit>;
  readSite: (path: string) => Promise<string | undefined>;
  readState: () => Promise<unknown>;
  close: () => Promise<void>;
}

export function signedHeaders(body: Buffer, secret: Buffer): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `HMAC ${signBody(body, secret)}` };
}

/**
 * A fully wired app against Azurite with containers of its own (through a counting proxy, so tests can assert
 * on storage calls), and a fixed or given clock.
 */
export async function createTestApp(
  options: { clock?: () => string; pageUrl?: string } = {},
): Promise<TestApp> {
  const proxy = await startCountingProxy(azuritePort());
  const blobService = BlobServiceClient.fromConnectionString(devConnectionString(proxy.port));
  const suffix = randomUUID().slice(0, 8);
  const secret = randomBytes(32);
  const config: Config = {
    teamsSecret: secret,
    storage: { kind: 'connectionString', connectionString: devConnectionString(proxy.port) },
    stateContainer: `state-${suffix}`,
    siteContainer: `web-${suffix}`,
    pageTitle: 'Contoso status',
    pageUrl: options.pageUrl ?? 'https://status.example.com/',
    allowedTenantIds: [],
    allowedUserIds: [],
  };
  await blobService.getContainerClient(config.stateContainer).create();
  await blobService.getContainerClient(config.siteContainer).create();
  proxy.requests.length = 0;
  const services = createServices(config, {
    blobService,
    ...(options.clock ? { clock: options.clock } : {}),
  });

  const post = async (body: Buffer | string, headers: Record<string, string> = {}) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost/api/teams',
      headers,
      body: { bytes },
    });
    return services.teamsWebhook(
      request,
      new InvocationContext({ functionName: 'teams', logHandler: () => undefined }),
    );
  };
  const send = async (text: string, sendOptions: { user?: string; mentions?: string[] } = {}) => {
    const activity = teamsActivity(text, sendOptions.user, new Date(), sendOptions.mentions ?? []);
    const body = Buffer.from(JSON.stringify(activity), 'utf8');
    const response = await post(body, signedHeaders(body, secret));
    const markup = (response.jsonBody as { text?: string } | undefined)?.text ?? '';
    // Teams shows the reply as markup; tests read it as the person in the channel does.
    const replyText = decodeHTML(markup.replace(/<br>/g, '\n'));
    return { ...response, replyText };
  };
  const readBlob = async (container: string, path: string) => {
    try {
      return (
        await blobService.getContainerClient(container).getBlobClient(path).downloadToBuffer()
      ).toString('utf8');
    } catch {
      return undefined;
    }
  };
  return {
    services,
    config,
    secret,
    blobService,
    proxy,
    send,
    post,
    readSite: (path) => readBlob(config.siteContainer, path),
    readState: async () =>
      JSON.parse((await readBlob(config.stateContainer, 'state.json')) ?? 'null') as unknown,
    close: () => proxy.close(),
  };
}
