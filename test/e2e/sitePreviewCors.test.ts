import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { chromium, type Browser } from 'playwright-core';
import { createSitePreviewServer, listen } from '../../scripts/localHost';
import { BlobSitePublisher } from '../../src/adapters/storage/blobSitePublisher';
import { loadSiteRenderer } from '../../src/adapters/render/handlebarsRenderer';
import { aState, anOpenIncident, PAGE_CATALOG } from '../support/builders';
import { findChromium } from '../support/chromium';
import { azuriteConnectionString } from '../support/testApp';

// The Statuspage JSON read from another origin, as Atlassian's embeddable widget (@statuspage/status-widget)
// reads it: a page on one origin fetches api/v2/summary.json from the status page's origin, in Chromium. The
// widget itself is driven in statusWidget.test.ts; this drives the same cross-origin GET, a preflighted one, and a
// read of a page (refused), through the local preview's real request handling.

let container: ContainerClient;
let preview: Server;
let other: Server;
let previewUrl: string;
let otherUrl: string;
let browser: Browser;

const EMBEDDING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><p id="out">waiting</p><script>
const src = new URLSearchParams(location.search).get('src');
Promise.all([
  fetch(src + '/api/v2/summary.json').then((r) => r.json()),
  fetch(src + '/api/v2/status.json', { headers: { 'X-Requested-With': 'status-widget' } }).then((r) => r.json()),
  fetch(src + '/index.html').then(() => 'read', () => 'blocked'),
]).then(([summary, status, page]) => {
  document.getElementById('out').textContent = JSON.stringify({ summary: summary.status, status: status.status, page });
}, (error) => { document.getElementById('out').textContent = 'failed: ' + error; });
</script></body></html>`;

beforeAll(async () => {
  const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
  container = service.getContainerClient(`web-${randomUUID().slice(0, 8)}`);
  await container.create();
  const render = loadSiteRenderer({
    templatesDir: path.resolve(__dirname, '..', '..', 'templates'),
    pageTitle: 'Contoso status',
    catalog: PAGE_CATALOG,
  });
  const publisher = new BlobSitePublisher(container);
  for (const file of render(aState({ incidents: [anOpenIncident(1, { impact: 'critical' })] }))) {
    await publisher.write(file, 1);
  }
  preview = createSitePreviewServer(service, container.containerName);
  previewUrl = `http://127.0.0.1:${await listen(preview, 0)}`;
  other = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(EMBEDDING_PAGE),
  );
  await new Promise<void>((resolve) => other.listen(0, 'localhost', resolve));
  // "localhost" and "127.0.0.1" are different origins.
  otherUrl = `http://localhost:${(other.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (preview ? preview.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (other ? other.close(() => resolve()) : resolve()));
  await container?.deleteIfExists();
});

describe('the local preview', () => {
  it('answers 404 (with the error page) for a file the publisher deleted, as the static website does', async () => {
    expect((await fetch(`${previewUrl}/incidents/INC-1.html`)).status).toBe(200);
    await new BlobSitePublisher(container).delete('incidents/INC-1.html');
    const gone = await fetch(`${previewUrl}/incidents/INC-1.html`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('Page not found');
    await new BlobSitePublisher(container).write(
      { path: 'incidents/INC-1.html', content: '<p>back</p>', contentType: 'text/html; charset=utf-8' },
      2,
    );
  });
});

describe('the local preview, read from another origin', () => {
  it('lets a page on another origin read the Statuspage JSON, simple and preflighted, and nothing else', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${otherUrl}/?src=${encodeURIComponent(previewUrl)}`);
      await page.waitForFunction(() => {
        const text = (
          globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }
        ).document.getElementById('out').textContent;
        return text !== 'waiting';
      });
      const out = JSON.parse((await page.textContent('#out')) ?? '{}') as unknown;
      expect(out).toEqual({
        summary: { indicator: 'critical', description: 'Major Service Outage' },
        status: { indicator: 'critical', description: 'Major Service Outage' },
        // The pages are not an API: no CORS header, so another origin cannot read them.
        page: 'blocked',
      });
    } finally {
      await page.close();
    }
  });

  it('answers a preflight OPTIONS on api/v2/ and sends Access-Control-Allow-Origin: * with the JSON', async () => {
    const preflight = await fetch(`${previewUrl}/api/v2/summary.json`, {
      method: 'OPTIONS',
      headers: {
        origin: otherUrl,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-requested-with',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-requested-with');
    const json = await fetch(`${previewUrl}/api/v2/status.json`, { headers: { origin: otherUrl } });
    expect(json.headers.get('access-control-allow-origin')).toBe('*');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const index = await fetch(`${previewUrl}/`, { headers: { origin: otherUrl } });
    expect(index.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${previewUrl}/index.html`, { method: 'OPTIONS' })).status).toBe(405);
  });
});
