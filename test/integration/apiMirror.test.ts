import { BlobServiceClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { devConnectionString } from '../../scripts/azurite';
import { azuritePort, createTestApp, type TestApp } from '../support/testApp';

// Issue 11, part 8: in Azure the Statuspage JSON must be readable from other origins, and Atlassian's widget
// asks for `<origin>/api/v2/summary.json` whatever path it is given. With API_CONTAINER=api the JSON is also
// published to a public container named `api`, which the blob endpoint serves at exactly that path, with the
// CORS rule infra/modules/storage.bicep sets. Checked here on Azurite, which applies CORS rules and anonymous
// access as the service does (its account name is a path segment, so the path is /devstoreaccount1/api/v2/…).

const direct = () => BlobServiceClient.fromConnectionString(devConnectionString(azuritePort()));

async function text(container: string, name: string): Promise<string | undefined> {
  const blob = direct().getContainerClient(container).getBlockBlobClient(name);
  if (!(await blob.exists())) return undefined;
  return (await blob.downloadToBuffer()).toString('utf8');
}

describe('the Statuspage JSON mirrored into the api container', () => {
  let app: TestApp;
  let container: string;
  beforeEach(async () => {
    container = `api-${randomUUID().slice(0, 8)}`;
    await direct().getContainerClient(container).create({ access: 'blob' });
    app = await createTestApp({ settings: { apiContainer: container } });
  });
  afterEach(async () => {
    await app.close();
    await direct().getContainerClient(container).deleteIfExists();
  });

  it('holds the same JSON as the site after every command, and nothing else', async () => {
    await app.send('open major Chat is down | We are investigating');
    for (const name of ['summary.json', 'status.json', 'incidents.json', 'incidents/unresolved.json']) {
      const mirrored = await text(container, `v2/${name}`);
      expect(mirrored).toBeDefined();
      expect(mirrored).toBe(await app.readSite(`api/v2/${name}`));
    }
    await app.send('close INC-1 Chat is back');
    const summary = JSON.parse((await text(container, 'v2/summary.json')) ?? '{}') as {
      status?: { indicator?: string };
      incidents?: unknown[];
    };
    expect(summary.status?.indicator).toBe('none');
    expect(summary.incidents).toEqual([]);
    const names: string[] = [];
    for await (const blob of direct().getContainerClient(container).listBlobsFlat()) names.push(blob.name);
    expect(names.every((name) => name.startsWith('v2/') && name.endsWith('.json'))).toBe(true);
    expect(names).not.toContain('index.html');
  });

  it('is readable anonymously from another origin through the blob endpoint', async () => {
    const service = direct();
    const properties = await service.getProperties();
    await service.setProperties({
      ...properties,
      cors: [
        {
          allowedOrigins: '*',
          allowedMethods: 'GET,HEAD,OPTIONS',
          allowedHeaders: '*',
          exposedHeaders: '*',
          maxAgeInSeconds: 3600,
        },
      ],
    });
    try {
      await app.send('open Chat is down');
      const url = `http://127.0.0.1:${azuritePort()}/devstoreaccount1/${container}/v2/summary.json`;
      const response = await fetch(url, { headers: { Origin: 'https://intranet.example' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toMatch(
        /^(\*|https:\/\/intranet\.example)$/,
      );
      const body = (await response.json()) as { incidents?: { name?: string }[] };
      expect(body.incidents?.[0]?.name).toBe('Chat is down');
    } finally {
      await service.setProperties({ ...properties, cors: [] });
    }
  });
});
