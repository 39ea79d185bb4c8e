import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { createSitePreviewServer, listen } from '../../scripts/localHost';
import { findChromium } from '../support/chromium';
import { createTestApp, type TestApp } from '../support/testApp';

// Atlassian's own embeddable widget, @statuspage/status-widget 1.0.5, on a page of another origin, pointed at the
// local preview. The widget (a Skate web component rendering into a shadow root) fetches
// `<src>/api/v2/summary.json` (its path is absolute: the src's own path is dropped) and shows
// `status.description` in a dot coloured by `status.indicator`, linking to `src`. That is all of our JSON it reads.
// The state is made through the real command path: signed Teams requests to the HTTP handler, the site published
// to Azurite and served by the preview exactly as `npm start` serves it.

const WIDGET = readFileSync(
  path.join(path.dirname(require.resolve('@statuspage/status-widget/package.json')), 'dist', 'index.js'),
);

/**
 * The embedding page, with one widget per appearance pointed at `src`. The widget fetches once, when it is
 * connected, so `src` is in the markup, as a site that embeds it writes it.
 */
function embeddingPage(src: string): string {
  const attribute = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our intranet</title>
<script src="/status-widget.js"></script></head>
<body><p>Service status:</p>
<statuspage-widget id="basic" src="${attribute}"></statuspage-widget>
<statuspage-widget id="badge" src="${attribute}" appearance="badge" title="Contoso"></statuspage-widget>
</body></html>`;
}

let app: TestApp;
let preview: Server;
/** The preview's JSON relayed without its CORS header: what another origin meets where none is sent. */
let noCors: Server;
let embedding: Server;
let previewUrl: string;
let noCorsUrl: string;
let embeddingUrl: string;
let browser: Browser;

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

beforeAll(async () => {
  app = await createTestApp();
  preview = createSitePreviewServer(app.direct, app.config.siteContainer);
  previewUrl = `http://127.0.0.1:${await listen(preview, 0)}`;
  noCors = createServer((incoming, outgoing) => {
    const upstream = httpRequest(`${previewUrl}${incoming.url ?? '/'}`, (answer) => {
      const headers = { ...answer.headers };
      delete headers['access-control-allow-origin'];
      outgoing.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.writeHead(502).end());
    upstream.end();
  });
  noCorsUrl = `http://127.0.0.1:${await listen(noCors, 0)}`;
  embedding = createServer((incoming, outgoing) => {
    if (incoming.url === '/status-widget.js')
      outgoing.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(WIDGET);
    else
      outgoing
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(embeddingPage(new URL(incoming.url ?? '/', 'http://localhost').searchParams.get('src') ?? ''));
  });
  // "localhost" and "127.0.0.1" are different origins, whatever the ports.
  embeddingUrl = `http://localhost:${await new Promise<number>((resolve) =>
    embedding.listen(0, 'localhost', () => resolve((embedding.address() as { port: number }).port)),
  )}`;
  browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await close(embedding);
  await close(noCors);
  await close(preview);
  await app?.close();
});

interface Embedded {
  context: BrowserContext;
  page: Page;
  /** Every request the page tried to make off this machine (all refused: there is no network here). */
  offMachine: string[];
  /** What the browser said about cross-origin reads it refused. */
  corsErrors: string[];
  /** Settles with the first of them. */
  corsRefusal: Promise<string>;
  /** The answer to the widget's request for summary.json, or why the browser refused it. */
  summary: Promise<{ response: Response } | { failure: string }>;
}

async function embed(src: string): Promise<Embedded> {
  const context = await browser.newContext();
  const offMachine: string[] = [];
  const corsErrors: string[] = [];
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    offMachine.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const corsRefusal = new Promise<string>((resolve) =>
    page.on('console', (message) => {
      if (!/CORS|Access-Control-Allow-Origin/i.test(message.text())) return;
      corsErrors.push(message.text());
      resolve(message.text());
    }),
  );
  const summary = new Promise<{ response: Response } | { failure: string }>((resolve) => {
    page.on('response', (response) => {
      if (response.url().endsWith('/summary.json')) resolve({ response });
    });
    page.on('requestfailed', (request) => {
      if (request.url().endsWith('/summary.json')) resolve({ failure: request.failure()?.errorText ?? '' });
    });
  });
  await page.goto(`${embeddingUrl}/?src=${encodeURIComponent(src)}`);
  return { context, page, offMachine, corsErrors, corsRefusal, summary };
}

async function summaryStatus(): Promise<{ indicator: string; description: string }> {
  const summary = (await (await fetch(`${previewUrl}/api/v2/summary.json`)).json()) as {
    status: { indicator: string; description: string };
  };
  return summary.status;
}

describe('@statuspage/status-widget on another origin', () => {
  it('shows the page status our summary.json says, and follows it when the incident closes', async () => {
    expect((await app.send('open critical [Chat] Chat is down | We are investigating')).replyText).toContain(
      'INC-1',
    );
    expect(await summaryStatus()).toEqual({ indicator: 'critical', description: 'Major Service Outage' });

    const red = await embed(previewUrl);
    try {
      const outcome = await red.summary;
      if (!('response' in outcome)) throw new Error(`summary.json failed: ${outcome.failure}`);
      const { response } = outcome;
      // A cross-origin read, allowed by the preview's header.
      expect(new URL(red.page.url()).origin).toBe(embeddingUrl);
      expect(new URL(response.url()).origin).toBe(previewUrl);
      expect(embeddingUrl).not.toBe(previewUrl);
      expect(response.url()).toBe(`${previewUrl}/api/v2/summary.json`);
      expect(await response.request().headerValue('origin')).toBe(embeddingUrl);
      expect(await response.headerValue('access-control-allow-origin')).toBe('*');

      const basic = red.page.locator('#basic .status-text');
      await basic.waitFor();
      expect(await basic.textContent()).toBe('Major Service Outage');
      expect(await red.page.locator('#basic .status-indicator').getAttribute('class')).toBe(
        'status-indicator critical',
      );
      // The widget's own colour for `critical`.
      expect(
        await red.page
          .locator('#basic .status-indicator')
          .evaluate(
            (dot) =>
              (
                globalThis as unknown as { getComputedStyle(element: unknown): { backgroundColor: string } }
              ).getComputedStyle(dot).backgroundColor,
          ),
      ).toBe('rgb(231, 76, 60)');
      expect(await red.page.locator('#basic a').getAttribute('href')).toBe(previewUrl);
      expect((await red.page.locator('#badge .status-indicator').textContent())?.trim()).toBe(
        'Major Service Outage',
      );
      expect(await red.page.locator('#badge .status-text').textContent()).toBe('Contoso');
      expect(red.corsErrors).toEqual([]);
      expect(red.offMachine).toEqual([]);
    } finally {
      await red.context.close();
    }

    await app.send('close INC-1 Chat is back');
    expect(await summaryStatus()).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const green = await embed(previewUrl);
    try {
      const basic = green.page.locator('#basic .status-text');
      await basic.waitFor();
      expect(await basic.textContent()).toBe('All Systems Operational');
      expect(await green.page.locator('#basic .status-indicator').getAttribute('class')).toBe(
        'status-indicator none',
      );
      expect(green.offMachine).toEqual([]);
    } finally {
      await green.context.close();
    }
  }, 60_000);

  it('shows nothing where the JSON comes without Access-Control-Allow-Origin', async () => {
    const blocked = await embed(noCorsUrl);
    try {
      // The relay serves the JSON, just without the header…
      const direct = await fetch(`${noCorsUrl}/api/v2/summary.json`);
      expect(direct.status).toBe(200);
      expect(direct.headers.get('access-control-allow-origin')).toBeNull();
      // …so the browser refuses the widget's read.
      expect(await blocked.summary).toEqual({ failure: 'net::ERR_FAILED' });
      expect(await blocked.corsRefusal).toContain('blocked by CORS policy');
      // The widget rendered its empty placeholder and nothing else.
      expect(await blocked.page.locator('#basic .status-text').count()).toBe(0);
      expect(await blocked.page.locator('#basic div').count()).toBe(1);
      expect((await blocked.page.locator('#basic div').textContent())?.trim()).toBe('');
    } finally {
      await blocked.context.close();
    }
  }, 60_000);
});
