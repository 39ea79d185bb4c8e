import { randomUUID } from 'node:crypto';
import { ShareServiceClient, type ShareClient } from '@azure/storage-file-share';
import { startFakeAzureFiles, type FakeAzureFiles } from '../contract/fakeAzureFiles';
import { createTestApp, type TestApp } from '../support/testApp';

// PUBLISH_TARGETS=blob,fileshare end to end: one signed command, the page published to the static website
// container (Azurite) and to the Azure Files share (the fake FileREST service) alike.

let fake: FakeAzureFiles;
let share: ShareClient;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeAzureFiles();
});
afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  // No retries: a failure the fake is told to inject reaches the publisher at once.
  share = ShareServiceClient.fromConnectionString(fake.connectionString, {
    retryOptions: { maxTries: 1 },
  }).getShareClient(`site-${randomUUID().slice(0, 8)}`);
  await share.create();
  app = await createTestApp({
    settings: { publishTargets: ['blob', 'fileshare'], fileShare: { shareName: share.name } },
    shareClient: share,
  });
});
afterEach(async () => {
  await app.close();
});

const send = (text: string) => app.send(text);
const readBlob = (path: string) => app.readSite(path);
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
    await expect(app.services.publisher.publishedVersion()).resolves.toBe(
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
    expect(failed.replyText).toContain('could not be updated yet');
    expect(await readBlob('index.html')).toContain('Chat is down');
    expect(readShare('index.html')).toBeUndefined();
    await expect(app.services.publisher.publishedVersion()).resolves.toBeUndefined();

    await send('update identified Load balancer misconfigured');
    const index = await readBlob('index.html');
    expect(index).toContain('Load balancer misconfigured');
    expect(readShare('index.html')).toBe(index);
    expect(readShare('incidents/INC-1.html')).toBe(await readBlob('incidents/INC-1.html'));
  });
});
