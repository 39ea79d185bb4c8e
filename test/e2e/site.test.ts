import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadSiteRenderer, minifyCss } from '../../src/adapters/render/handlebarsRenderer';
import type { Catalog } from '../../src/core/model/catalog';
import type { SiteFile } from '../../src/core/ports';
import type { StatusState } from '../../src/core/model/state';
import {
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  PAGE_CATALOG,
  PAGE_URL,
} from '../support/builders';
import { busyState, HOSTILE_CATALOG, hostileState, largeCatalog } from '../fixtures/states';
import { findChromium } from '../support/chromium';

// The rendered site as people and machines meet it: every page through the Nu HTML Checker, every page through
// axe-core in a real Chromium (light and dark), screenshots for a person to look at, and hostile text shown to
// a browser that would run it if it could.

const root = path.resolve(__dirname, '..', '..');
const templatesDir = path.join(root, 'templates');
const outDir = path.join(root, 'test-results', 'site');
const screenshotsDir = path.join(root, 'test-results', 'screenshots');
const VNU = path.join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const run = promisify(execFile);

/** The little of the browser these checks read (tests compile without the DOM library, like the rest). */
interface BrowserGlobals {
  axe: typeof axe;
  innerWidth: number;
  document: {
    body: { innerText: string };
    documentElement: { scrollWidth: number };
    querySelectorAll(selectors: string): Iterable<{ attributes: Iterable<{ name: string }>; href?: string }>;
  };
}

interface Site {
  name: string;
  files: SiteFile[];
}

function renderSite(name: string, state: StatusState, catalog: Catalog): Site {
  const render = loadSiteRenderer({ templatesDir, pageTitle: 'Contoso status', pageUrl: PAGE_URL, catalog });
  return { name, files: render(state) };
}

/**
 * The night the issue describes: an incident that started Nov 30, 11:40 PM in New York (Dec 1, 04:40 UTC) and
 * lasted half an hour, a maintenance window of Dec 1, 01:37 – 02:07 New York time, and one incident still open.
 */
function zonesState(): StatusState {
  return aState({
    updatedAt: '2026-12-01T12:00:00.000Z',
    incidents: [
      aResolvedIncident(1, '2026-12-01T05:10:00.000Z', {
        title: 'Late night outage',
        createdAt: '2026-12-01T04:40:00.000Z',
      }),
      anOpenIncident(2, { title: 'Still open', createdAt: '2026-12-01T11:00:00.000Z' }),
    ],
    maintenances: [
      aMaintenance(1, {
        status: 'scheduled',
        scheduledFor: '2026-12-02T06:37:00.000Z',
        scheduledUntil: '2026-12-02T07:07:00.000Z',
      }),
    ],
  });
}

/**
 * Two incidents on either side of December's UTC boundary, with November's page rendered too: one that started
 * Dec 1, 00:30 UTC (Nov 30, 7:30 PM in New York) and one that started Nov 30, 20:00 UTC (Dec 1, 5 AM in Tokyo).
 */
function monthsState(): StatusState {
  const started = (number: number, title: string, createdAt: string) =>
    aResolvedIncident(number, new Date(Date.parse(createdAt) + 30 * 60_000).toISOString(), {
      title,
      createdAt,
    });
  return aState({
    updatedAt: '2026-12-01T12:00:00.000Z',
    incidents: [
      started(1, 'Mid November', '2026-11-10T12:00:00.000Z'),
      started(2, 'Evening before', '2026-11-30T20:00:00.000Z'),
      started(3, 'Just after midnight', '2026-12-01T00:30:00.000Z'),
    ],
  });
}

/** The same Dec 1, 00:30 incident, with November's incidents all archived: November's page is not rendered. */
function monthAloneState(): StatusState {
  const state = monthsState();
  return {
    ...state,
    incidents: state.incidents.filter((incident) => incident.createdAt.startsWith('2026-12')),
    history: { months: { '2026-11': 12, '2026-12': 1 }, archived: [] },
  };
}

/** A bad fortnight: 60 incidents in ten days, more than the front page lists. */
function fortnightState(): StatusState {
  return aState({
    updatedAt: '2026-12-01T12:00:00.000Z',
    incidents: Array.from({ length: 60 }, (_, i) => {
      const createdAt = new Date(Date.parse('2026-12-01T11:00:00.000Z') - i * 4 * 3_600_000).toISOString();
      return aResolvedIncident(60 - i, new Date(Date.parse(createdAt) + 20 * 60_000).toISOString(), {
        title: `Problem ${60 - i}`,
        createdAt,
      });
    }),
  });
}

const SITES: Site[] = [
  renderSite('busy', busyState(largeCatalog(50)), largeCatalog(50)),
  renderSite('zones', zonesState(), PAGE_CATALOG),
  renderSite('small', busyState(PAGE_CATALOG), PAGE_CATALOG),
  renderSite('empty', aState(), PAGE_CATALOG),
  renderSite('hostile', hostileState(), HOSTILE_CATALOG),
  renderSite('months', monthsState(), PAGE_CATALOG),
  renderSite('month-alone', monthAloneState(), PAGE_CATALOG),
  renderSite('fortnight', fortnightState(), PAGE_CATALOG),
];

const PAGES = [
  'index.html',
  'incidents/INC-90.html',
  'history/index.html',
  'history/2026-11.html',
  '404.html',
];

let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(screenshotsDir, { recursive: true });
  const byUrl = new Map<string, SiteFile>();
  for (const site of SITES) {
    for (const file of site.files) {
      const target = path.join(outDir, site.name, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      byUrl.set(`/${site.name}/${file.path}`, file);
    }
  }
  // Served with each file's own Content-Type, as the storage static website serves them.
  server = createServer((request, response) => {
    const file = byUrl.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    else response.writeHead(200, { 'content-type': file.contentType }).end(file.content);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

interface VnuMessage {
  type: string;
  url?: string;
  message: string;
  extract?: string;
}

async function vnu(args: string[]): Promise<VnuMessage[]> {
  // vnu exits 1 when it finds errors; its JSON report is on stderr either way.
  const result = await run('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...args], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  return (JSON.parse(result.stderr || '{"messages":[]}') as { messages: VnuMessage[] }).messages;
}

describe('the Nu HTML Checker', () => {
  it('finds no error in any page of any site', async () => {
    const pages = SITES.flatMap((site) =>
      site.files
        .filter((file) => file.path.endsWith('.html'))
        .map((file) => path.join(outDir, site.name, file.path)),
    );
    expect(pages.length).toBeGreaterThan(40);
    expect(await vnu(pages)).toEqual([]);
  }, 120_000);

  it('finds no error in the stylesheet and the badge', async () => {
    const css = path.join(outDir, 'styles.min.css');
    writeFileSync(css, minifyCss(readFileSync(path.join(templatesDir, 'styles.css'), 'utf8')));
    expect(await vnu(['--css', css])).toEqual([]);
    expect(await vnu(['--svg', path.join(outDir, 'busy', 'badge.svg')])).toEqual([]);
  }, 120_000);
});

async function open(page: Page, url: string): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  return violations;
}

describe('axe-core in Chromium', () => {
  const cases = PAGES.flatMap((page) =>
    (['light', 'dark'] as const).map((scheme) => [page, scheme] as const),
  );

  it.each(cases)(
    'finds no violation on %s in the %s scheme',
    async (pagePath, colorScheme) => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await page.emulateMedia({ colorScheme });
        const cspViolations = await open(page, `${baseUrl}/busy/${pagePath}`);
        // axe is injected through the DevTools protocol, which the page's CSP does not govern.
        await page.evaluate(axe.source);
        const results = await page.evaluate(() =>
          (globalThis as unknown as BrowserGlobals).axe.run(
            (globalThis as unknown as BrowserGlobals).document as unknown as axe.ElementContext,
            {
              runOnly: {
                type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
              },
            },
          ),
        );
        expect(
          results.violations.map((violation) => ({
            rule: violation.id,
            nodes: violation.nodes.map((node) => node.html.slice(0, 120)),
          })),
        ).toEqual([]);
        expect(cspViolations).toEqual([]);
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});

describe('screenshots', () => {
  const shots = [
    ['index', 'index.html'],
    ['incident', 'incidents/INC-90.html'],
    ['history', 'history/2026-11.html'],
  ] as const;

  it.each(shots.flatMap(([name, file]) => [1280, 375].map((width) => [name, file, width] as const)))(
    'writes %s (%s) at %i px wide, light and dark',
    async (name, file, width) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.emulateMedia({ colorScheme });
          await open(page, `${baseUrl}/small/${file}`);
          const target = path.join(
            screenshotsDir,
            `${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}.png`,
          );
          await page.screenshot({ path: target, fullPage: true });
          // Nothing overflows sideways on a narrow screen.
          const overflow = await page.evaluate(() => {
            const browser = globalThis as unknown as BrowserGlobals;
            return browser.document.documentElement.scrollWidth - browser.innerWidth;
          });
          expect(overflow).toBeLessThanOrEqual(0);
        } finally {
          await page.close();
        }
      }
    },
    60_000,
  );
});

describe('in the browser', () => {
  it('runs our one script (allowed by its hash) to show local times, and nothing the CSP forbids', async () => {
    const page = await browser.newPage({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    try {
      await page.clock.setFixedTime(new Date('2026-11-21T12:30:00.000Z'));
      const cspViolations = await open(page, `${baseUrl}/small/index.html`);
      expect(await page.textContent('#tz')).toBe(
        'Times are in your time zone (Asia/Tokyo); hover over a time for UTC.',
      );
      const footer = page.locator('footer time').first();
      expect(await footer.getAttribute('title')).toBe('21 Nov 2026, 12:00 UTC');
      expect(await footer.textContent()).toBe('21 Nov, 21:00 GMT+9');
      expect(cspViolations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('files past incidents under the reader’s days, says the zone on every time and keeps ranges compact', async () => {
    const page = await browser.newPage({ timezoneId: 'America/New_York', locale: 'en-US' });
    try {
      await page.clock.setFixedTime(new Date('2026-12-01T12:30:00.000Z'));
      const cspViolations = await open(page, `${baseUrl}/zones/index.html`);
      const headings = await page.locator('.past-days h3').allTextContents();
      expect(headings.slice(0, 2)).toEqual(['Today, Dec 1, 2026', 'Nov 30, 2026']);
      // Started at 11:40 PM on Nov 30 in New York: filed under Nov 30, not under the UTC day.
      const nov30 = page.locator('.past-days h3:nth-of-type(2) + ul.past');
      expect(await nov30.textContent()).toContain('Late night outage');
      expect(await page.textContent('.past-days h2')).toBe('Past incidents');
      expect(await page.locator('#MNT-1 .range').textContent()).toBe('Dec 2, 01:37 – 02:07 EST');
      expect(await page.locator('footer time').first().textContent()).toBe('Dec 1, 07:00 EST');
      expect(cspViolations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps UTC days when it lists only the latest of many past incidents, and says where the rest are', async () => {
    const page = await browser.newPage({ timezoneId: 'America/New_York', locale: 'en-US' });
    try {
      await page.clock.setFixedTime(new Date('2026-12-01T12:30:00.000Z'));
      const cspViolations = await open(page, `${baseUrl}/fortnight/index.html`);
      // Twenty listed, every 4 hours back from Dec 1, 11:00 UTC: down to Nov 28, 07:00 UTC.
      expect(await page.locator('.past-days li').count()).toBe(20);
      expect(await page.textContent('.past-days h2')).toBe('Past incidents (days in UTC)');
      expect(await page.locator('.past-days h3').allTextContents()).toEqual([
        '1 Dec 2026',
        '30 Nov 2026',
        '29 Nov 2026',
        '28 Nov 2026',
      ]);
      expect(await page.locator('.past-days .quiet').count()).toBe(0);
      const more = page.locator('.past-days p.more a');
      expect(await more.textContent()).toBe('1 more incident on this day');
      expect(await more.getAttribute('href')).toBe('history/2026-11.html');
      expect(await page.locator('.past-days > p.more').last().textContent()).toBe(
        '39 earlier incidents of the last 15 days are in the incident history.',
      );
      expect(cspViolations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('reloads itself within a minute while anything is open, and not when all is well', async () => {
    const page = await browser.newPage();
    try {
      await page.clock.install({ time: new Date('2026-12-01T12:30:00.000Z') });
      await open(page, `${baseUrl}/zones/index.html`);
      const reloaded = page.waitForEvent('framenavigated', { timeout: 10_000 });
      await page.clock.runFor(61_000);
      expect((await reloaded).url()).toBe(`${baseUrl}/zones/index.html`);
      const calm = await browser.newPage();
      try {
        await calm.clock.install({ time: new Date('2026-12-01T12:30:00.000Z') });
        await open(calm, `${baseUrl}/empty/index.html`);
        let navigations = 0;
        calm.on('framenavigated', () => (navigations += 1));
        await calm.clock.runFor(120_000);
        await calm.waitForTimeout(500);
        expect(navigations).toBe(0);
      } finally {
        await calm.close();
      }
    } finally {
      await page.close();
    }
  });

  it('reads fully without script: times stay in UTC and say so', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await open(page, `${baseUrl}/small/index.html`);
      expect(await page.textContent('#tz')).toBe('Times are in UTC.');
      expect(await page.textContent('h1')).toBe('Major Service Outage');
      expect(await page.locator('footer time').first().textContent()).toBe('21 Nov 2026, 12:00 UTC');
      await open(page, `${baseUrl}/zones/index.html`);
      expect(await page.textContent('.past-days h2')).toBe('Past incidents (days in UTC)');
      expect(await page.locator('.past-days h3').first().textContent()).toBe('1 Dec 2026');
      expect(await page.locator('#MNT-1 .range').textContent()).toBe('2 Dec 2026, 06:37 – 07:07 UTC');
    } finally {
      await context.close();
    }
  });

  /** The titles a reader sees on a month's page, and what its count says. */
  async function monthAsRead(page: Page, site: string, month: string): Promise<[string, string[]]> {
    await open(page, `${baseUrl}/${site}/history/${month}.html`);
    return [
      (await page.locator('main > .meta').textContent()) ?? '',
      await page.locator('ul[data-month] > li:visible > a').allTextContents(),
    ];
  }

  it.each([
    [
      'America/New_York',
      [
        '3 incidents, by the month they started in, in your time zone · All months',
        ['Just after midnight', 'Evening before', 'Mid November'],
      ],
      ['0 incidents, by the month they started in, in your time zone · All months', []],
    ],
    [
      'UTC',
      [
        '2 incidents, by the month they started in, in your time zone · All months',
        ['Evening before', 'Mid November'],
      ],
      ['1 incident, by the month they started in, in your time zone · All months', ['Just after midnight']],
    ],
    [
      'Asia/Tokyo',
      ['1 incident, by the month they started in, in your time zone · All months', ['Mid November']],
      [
        '2 incidents, by the month they started in, in your time zone · All months',
        ['Just after midnight', 'Evening before'],
      ],
    ],
  ] as const)('files history under the months of a reader in %s', async (timezoneId, november, december) => {
    const page = await browser.newPage({ timezoneId, locale: 'en-US' });
    try {
      const violations = await open(page, `${baseUrl}/months/history/index.html`);
      expect(await page.textContent('main > .meta')).toBe(
        'Counts are by UTC month; a month’s page lists the incidents that started in it in your time zone.',
      );
      expect(await monthAsRead(page, 'months', '2026-11')).toEqual(november);
      expect(await monthAsRead(page, 'months', '2026-12')).toEqual(december);
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('leaves an incident on its UTC month when the other month’s page is not rendered with it', async () => {
    const page = await browser.newPage({ timezoneId: 'America/New_York', locale: 'en-US' });
    try {
      await page.clock.setFixedTime(new Date('2026-12-01T12:00:00.000Z'));
      expect(await monthAsRead(page, 'month-alone', '2026-12')).toEqual([
        '1 incident, by the month they started in, in your time zone · All months',
        ['Just after midnight'],
      ]);
      expect(await page.locator('ul[data-month] time').first().textContent()).toBe('Nov 30, 19:30 EST');
    } finally {
      await page.close();
    }
  });

  it('files history by UTC month without script, and says so', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'America/New_York' });
    try {
      const page = await context.newPage();
      expect(await monthAsRead(page, 'months', '2026-12')).toEqual([
        '1 incident, by the UTC month they started in · All months',
        ['Just after midnight'],
      ]);
      expect(await page.locator('ul[data-month] > li:visible time').first().textContent()).toBe(
        '1 Dec 2026, 00:30 UTC',
      );
      expect(await monthAsRead(page, 'months', '2026-11')).toEqual([
        '2 incidents, by the UTC month they started in · All months',
        ['Evening before', 'Mid November'],
      ]);
      await open(page, `${baseUrl}/months/history/index.html`);
      expect(await page.textContent('main > .meta')).toBe(
        'Incidents are filed by the UTC month they started in.',
      );
    } finally {
      await context.close();
    }
  });

  it.each([
    'index.html',
    'incidents/INC-1.html',
    'incidents/INC-2.html',
    'incidents/INC-3.html',
    'history/2026-11.html',
  ])(
    'keeps hostile text inert on %s: no dialog, no element or link a person typed, no CSP violation',
    async (pagePath) => {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      try {
        const cspViolations = await open(page, `${baseUrl}/hostile/${pagePath}`);
        const found = await page.evaluate(() => {
          const { document } = globalThis as unknown as BrowserGlobals;
          return {
            scripts: [...document.querySelectorAll('script')].length,
            images: [...document.querySelectorAll('img, evil, iframe, object, embed')].length,
            handlers: [...document.querySelectorAll('*')].flatMap((element) =>
              [...element.attributes]
                .filter((attribute) => attribute.name.startsWith('on'))
                .map((a) => a.name),
            ),
            links: [...document.querySelectorAll('a[href]')].map((a) => a.href ?? ''),
            text: document.body.innerText,
          };
        });
        expect(dialogs).toEqual([]);
        expect(found.scripts).toBe(1);
        expect(found.images).toBe(0);
        expect(found.handlers).toEqual([]);
        for (const link of found.links) expect(link).toMatch(/^https?:\/\//);
        if (pagePath === 'index.html' || pagePath === 'incidents/INC-1.html') {
          expect(found.links).toContain('https://contoso.example/a?b=1&c=2');
        }
        // What was typed is still there for people to read, as text.
        expect(found.text).toContain('<script>alert(');
        expect(cspViolations).toEqual([]);
      } finally {
        await page.close();
      }
    },
    30_000,
  );
});
