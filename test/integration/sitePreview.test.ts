import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { BlobServiceClient } from '@azure/storage-blob';
import { createSitePreviewServer, listen } from '../../scripts/localHost';
import { azuriteConnectionString } from '../support/testApp';

// Issue 13, part 7: the local preview served `/..%2fstatus-data%2fstate.json` (internal notes, Entra IDs) and
// the audit log: a decoded `..` reached the storage service, which resolved it into the state container. The
// preview serves the site container and nothing else.

const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
const suffix = randomUUID().slice(0, 8);
const site = service.getContainerClient(`site-${suffix}`);
const data = service.getContainerClient(`data-${suffix}`);
let server: http.Server;
let base: string;

async function put(container: typeof site, name: string, text: string): Promise<void> {
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), {
    blobHTTPHeaders: { blobContentType: 'text/html; charset=utf-8' },
  });
}

beforeAll(async () => {
  await Promise.all([site.create(), data.create()]);
  await put(site, 'index.html', 'the page');
  await put(site, '404.html', 'not here');
  await put(data, 'state.json', '{"secret":"internal note"}');
  await put(data, 'audit/2026-11.jsonl', '{"secret":"audit"}');
  server = createSitePreviewServer(service, site.containerName);
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await Promise.all([site.delete(), data.delete()]);
});

describe('createSitePreviewServer', () => {
  it('serves the site container', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('the page');
  });

  it.each([
    `/..%2fdata-${suffix}%2fstate.json`,
    `/..%2Fdata-${suffix}%2Fstate.json`,
    `/%2e%2e%2fdata-${suffix}%2fstate.json`,
    `/%2e%2e/data-${suffix}/state.json`,
    `/..%2fdata-${suffix}%2faudit%2f2026-11.jsonl`,
    `/incidents%2f..%2f..%2fdata-${suffix}%2fstate.json`,
    `/..%5cdata-${suffix}%5cstate.json`,
    `/%252e%252e%252fdata-${suffix}%252fstate.json`,
    '/%E0%A4%A',
  ])('refuses the encoded traversal %p with the not-found page', async (target) => {
    const response = await fetch(`${base}${target}`);
    const body = await response.text();
    expect(response.status).toBe(404);
    expect(body).not.toContain('secret');
  });
});
