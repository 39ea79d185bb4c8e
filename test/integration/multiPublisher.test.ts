import { randomBytes, randomUUID } from 'node:crypto';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { BlobServiceClient } from '@azure/storage-blob';
import { ShareServiceClient, type ShareClient } from '@azure/storage-file-share';
import type { Config } from '../../src/config';
import { createServices, type Services } from '../../src/app/services';
import { teamsActivity } from '../../scripts/teamsActivity';
import { startFakeAzureFiles, type FakeAzureFiles } from '../contract/fakeAzureFiles';
import { azuriteConnectionString, signedHeaders } from '../support/testApp';

// PUBLISH_TARGETS=blob,fileshare end to end: one signed command, the page published to the static website
// container (Azurite) and to the Azure Files share (the fake FileREST service) alike.

let fake: FakeAzureFiles;
let share: ShareClient;
let blobService: BlobServiceClient;
let services: Services;
let config: Config;
const secret = randomBytes(32);

beforeAll(async () => {
  fake = await startFakeAzureFiles();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  const suffix = randomUUID().slice(0, 8);
  blobService = BlobServiceClient.fromConnectionString(azuriteConnectionString());
  // No retries: a failure the fake is told to inject reaches the publisher at once.
  share = ShareServiceClient.fromConnectionString(fake.connectionString, {
    retryOptions: { maxTries: 1 },
  }).getShareClient(`site-${suffix}`);
  await share.create();
  config = {
    teamsSecret: secret,
    storage: { kind: 'connectionString', connectionString: azuriteConnectionString() },
    stateContainer: `state-${suffix}`,
    siteContainer: `web-${suffix}`,
    pageTitle: 'Contoso status',
    pageUrl: 'https://status.example.com/',
    allowedTenantIds: [],
    allowedUserIds: [],
    publishTargets: ['blob', 'fileshare'],
    fileShare: { shareName: share.name },
  };
  await blobService.getContainerClient(config.stateContainer).create();
  await blobService.getContainerClient(config.siteContainer).create();
  services = createServices(config, { blobService, shareClient: share });
});

async function send(text: string) {
  const body = Buffer.from(JSON.stringify(teamsActivity(text)), 'utf8');
  const request = new HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/teams',
    headers: signedHeaders(body, secret),
    body: { bytes: body },
  });
  return services.teamsWebhook(
    request,
    new InvocationContext({ functionName: 'teams', logHandler: () => undefined }),
  );
}

const readBlob = async (path: string) =>
  (
    await blobService.getContainerClient(config.siteContainer).getBlobClient(path).downloadToBuffer()
  ).toString('utf8');
const readShare = (path: string) => fake.share(share.name)?.files.get(path)?.content.toString('utf8');

describe('publishing to the static website and an Azure Files share', () => {
  it('publishes the same page to both after a command', async () => {
    const response = await send('open Chat is down | We are investigating');
    expect(response.status).toBe(200);
    const index = await readBlob('index.html');
    expect(index).toContain('Chat is down');
    expect(readShare('index.html')).toBe(index);
    expect(readShare('404.html')).toBe(await readBlob('404.html'));
  });

  it('marks the share with the same state version as the container', async () => {
    await send('open Chat is down');
    await expect(services.publisher.publishedVersion()).resolves.toBe(
      Number(fake.share(share.name)?.files.get('index.html')?.metadata.stateversion),
    );
  });

  it('says the page is behind when the share fails, and the next change brings the share up to date', async () => {
    fake.failNext({
      when: (request) =>
        request.share === share.name && request.operation === 'rename' && request.path === 'index.html',
      status: 503,
      code: 'ServerBusy',
    });
    const failed = await send('open Chat is down');
    expect((failed.jsonBody as { text: string }).text).toContain('could not be updated yet');
    expect(await readBlob('index.html')).toContain('Chat is down');
    expect(readShare('index.html')).toBeUndefined();
    await expect(services.publisher.publishedVersion()).resolves.toBeUndefined();

    await send('update identified Load balancer misconfigured');
    const index = await readBlob('index.html');
    expect(index).toContain('Load balancer misconfigured');
    expect(readShare('index.html')).toBe(index);
    expect(readShare('incidents/INC-1.html')).toBe(await readBlob('incidents/INC-1.html'));
  });
});
