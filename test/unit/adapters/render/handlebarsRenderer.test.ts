import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodeHTML } from 'entities';
import {
  contentSecurityPolicy,
  loadSiteRenderer,
  minifyCss,
} from '../../../../src/adapters/render/handlebarsRenderer';
import { EMPTY_CATALOG, type Catalog } from '../../../../src/core/model/catalog';
import type { SiteFile } from '../../../../src/core/ports';
import { toHistoryIndexView } from '../../../../src/core/site/historyView';
import {
  ATOM_TYPE,
  HTML_TYPE,
  JSON_TYPE,
  MANIFEST,
  RSS_TYPE,
  SVG_TYPE,
  type Manifest,
} from '../../../../src/core/site/manifest';
import { isOpenStatus } from '../../../../src/core/model/vocabulary';
import type { StatusState } from '../../../../src/core/model/state';
import {
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  anUpdate,
  minutesAfter,
  minutesBefore,
  PAGE_CATALOG,
  PAGE_URL,
  T0,
} from '../../../support/builders';
import { busyState, HOSTILE_CATALOG, hostileState } from '../../../fixtures/states';

const templatesDir = path.resolve(__dirname, '../../../../templates');

function renderWith(state: StatusState, catalog: Catalog = PAGE_CATALOG): Map<string, SiteFile> {
  const render = loadSiteRenderer({ templatesDir, pageTitle: 'Contoso status', pageUrl: PAGE_URL, catalog });
  return new Map(render(state).map((file) => [file.path, file]));
}

function content(files: Map<string, SiteFile>, filePath: string): string {
  const file = files.get(filePath);
  if (!file) throw new Error(`${filePath} was not rendered`);
  return file.content;
}

const htmlFiles = (files: Map<string, SiteFile>) =>
  [...files.values()].filter((file) => file.path.endsWith('.html'));

describe('loadSiteRenderer', () => {
  describe('the files of the site', () => {
    const files = renderWith(busyState());

    it('are every published path: pages, history, feeds, badge, the Statuspage API and its schemas', () => {
      expect([...files.keys()].sort()).toEqual(
        [
          '404.html',
          'api/v2/components.json',
          'api/v2/incidents.json',
          'api/v2/incidents/unresolved.json',
          'api/v2/scheduled-maintenances.json',
          'api/v2/scheduled-maintenances/active.json',
          'api/v2/scheduled-maintenances/upcoming.json',
          'api/v2/schemas/components.json',
          'api/v2/schemas/incidents.json',
          'api/v2/schemas/incidents/unresolved.json',
          'api/v2/schemas/scheduled-maintenances.json',
          'api/v2/schemas/scheduled-maintenances/active.json',
          'api/v2/schemas/scheduled-maintenances/upcoming.json',
          'api/v2/schemas/status.json',
          'api/v2/schemas/summary.json',
          'api/v2/status.json',
          'api/v2/summary.json',
          'badge.svg',
          'history.atom',
          'history.rss',
          'history/2026-11.html',
          'history/index.html',
          'index.html',
          'robots.txt',
          ...[80, 81, 82, 83, 84, 85, 86, 87, 90, 91, 92, 93, 94].map((n) => `incidents/INC-${n}.html`),
        ].sort(),
      );
    });

    it('each say their type, with a charset', () => {
      const typeOf = (suffix: string) =>
        [...files.values()].filter((file) => file.path.endsWith(suffix)).map((f) => f.contentType);
      expect(new Set(typeOf('.html'))).toEqual(new Set([HTML_TYPE]));
      expect(new Set(typeOf('.json'))).toEqual(new Set([JSON_TYPE]));
      expect(typeOf('.atom')).toEqual([ATOM_TYPE]);
      expect(typeOf('.rss')).toEqual([RSS_TYPE]);
      expect(typeOf('.svg')).toEqual([SVG_TYPE]);
      expect(typeOf('.txt')).toEqual(['text/plain; charset=utf-8']);
      for (const file of files.values()) expect(file.contentType).toMatch(/; charset=utf-8$/);
    });

    it('end with index.html, so publishing it last marks the publish complete', () => {
      const render = loadSiteRenderer({ templatesDir, pageTitle: 'Contoso status', catalog: PAGE_CATALOG });
      expect(render(busyState()).at(-1)?.path).toBe('index.html');
    });

    it('hold JSON that parses, and schemas that are JSON too', () => {
      for (const file of files.values())
        if (file.path.endsWith('.json')) expect(() => JSON.parse(file.content) as unknown).not.toThrow();
    });

    it('never show the internal timeline, notes, roles or who typed what', () => {
      for (const file of files.values()) {
        expect([file.path, file.content.includes('INTERNAL-NOTE')]).toEqual([file.path, false]);
        expect([file.path, file.content.includes('Alice')]).toEqual([file.path, false]);
        expect([file.path, file.content.includes('commander')]).toEqual([file.path, false]);
      }
    });
  });

  describe('every page', () => {
    const files = renderWith(busyState());

    it('is self-contained: inline CSS, no external stylesheet, script or image', () => {
      for (const file of htmlFiles(files)) {
        expect(file.content).toContain('<style>');
        expect(file.content).not.toMatch(/<link[^>]+rel="stylesheet"/);
        expect(file.content).not.toMatch(/\ssrc=/);
      }
    });

    it('carries a CSP that allows exactly its own style and script, by hash, and nothing else', () => {
      for (const file of htmlFiles(files)) {
        const css = /<style>([\s\S]*?)<\/style>/.exec(file.content)?.[1] ?? '';
        const script = /<script>([\s\S]*?)<\/script>/.exec(file.content)?.[1] ?? '';
        const attribute = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(
          file.content,
        )?.[1];
        const csp = decodeHTML(attribute ?? '');
        expect(csp).toBe(contentSecurityPolicy(css, script));
        const hash = (text: string) => createHash('sha256').update(text).digest('base64');
        expect(csp.split('; ')).toEqual([
          "default-src 'none'",
          `style-src 'sha256-${hash(css)}'`,
          `script-src 'sha256-${hash(script)}'`,
          'img-src data:',
          "base-uri 'none'",
          "form-action 'none'",
        ]);
        expect(file.content.match(/<script/g)).toHaveLength(1);
      }
    });

    it('has exactly one h1 and is in English', () => {
      for (const file of htmlFiles(files)) {
        expect(file.content.match(/<h1/g)).toHaveLength(1);
        expect(file.content).toContain('<html lang="en">');
      }
    });
  });

  describe('what search engines and link previews read', () => {
    const files = renderWith(busyState());

    it('gives every page a description and its canonical address, and keeps the 404 page out of indexes', () => {
      for (const file of htmlFiles(files)) {
        expect([file.path, /<meta name="description" content="[^"]{20,}">/.test(file.content)]).toEqual([
          file.path,
          true,
        ]);
      }
      expect(content(files, 'index.html')).toContain(`<link rel="canonical" href="${PAGE_URL}">`);
      expect(content(files, 'incidents/INC-90.html')).toContain(
        `<link rel="canonical" href="${PAGE_URL}incidents/INC-90.html">`,
      );
      expect(content(files, '404.html')).toContain('<meta name="robots" content="noindex">');
      expect(content(files, '404.html')).not.toContain('rel="canonical"');
      expect(content(files, 'index.html')).not.toContain('noindex');
    });

    it('publishes a robots.txt that allows crawling and names the feed', () => {
      expect(content(files, 'robots.txt')).toBe(
        `User-agent: *\nAllow: /\nSitemap: ${PAGE_URL}history.atom\n`,
      );
    });
  });

  describe('index.html', () => {
    it('is green and says "All Systems Operational" with nothing open', () => {
      const index = content(renderWith(aState({ incidents: [aResolvedIncident(1, T0)] })), 'index.html');
      expect(index).toContain(
        '<h1 class="page p-none"><span class="i" aria-hidden="true"></span>All Systems Operational</h1>',
      );
      expect(index).toContain('<title>All Systems Operational · Contoso status</title>');
    });

    it('is red and names the worst open impact while incidents are open, with their updates newest first', () => {
      const state = aState({
        incidents: [
          anOpenIncident(1, {
            impact: 'minor',
            updates: [
              anUpdate('INC-1', 1, { message: 'First words', createdAt: minutesBefore(T0, 20) }),
              anUpdate('INC-1', 2, { message: 'Second words', createdAt: minutesBefore(T0, 10) }),
            ],
          }),
        ],
      });
      const index = content(renderWith(state), 'index.html');
      expect(index).toContain(
        '<h1 class="page p-minor"><span class="i" aria-hidden="true"></span>Minor Service Outage</h1>',
      );
      expect(index.indexOf('Second words')).toBeLessThan(index.indexOf('First words'));
      expect(index).toContain('href="incidents/INC-1.html"');
    });

    it('shows maintenance in progress in its own box, and scheduled maintenance', () => {
      const state = aState({
        maintenances: [
          aMaintenance(1, { title: 'Upgrading mail', status: 'in_progress' }),
          aMaintenance(2, { title: 'Replacing switches' }),
        ],
      });
      const index = content(renderWith(state), 'index.html');
      expect(index).toMatch(
        /<h2 id="active">Maintenance in progress<\/h2>\n<article class="maintenance" id="MNT-1">\n<h3 dir="auto">Upgrading mail<\/h3>/,
      );
      expect(index).toMatch(
        /<h2 id="upcoming">Scheduled maintenance<\/h2>\n<article class="maintenance" id="MNT-2">/,
      );
    });

    it('shows components in words, with an uptime bar named for screen readers', () => {
      const state = aState({
        components: { chat: { status: 'major_outage', updatedAt: minutesBefore(T0, 60) } },
      });
      const index = content(renderWith(state), 'index.html');
      expect(index).toContain(
        '<span class="name">Chat</span><span class="s s-major_outage">Major outage</span>',
      );
      expect(index).toContain(
        '<details open><summary><span class="name">Collaboration</span> <span class="s s-major_outage">Major outage</span></summary>',
      );
      expect(index).toContain('<details><summary><span class="name">Network</span>');
      expect(index).toMatch(
        /role="img" aria-label="99\.95 % uptime in the last 90 days; 1 day with disruption or maintenance"/,
      );
    });

    it('has no components section without a catalog', () => {
      expect(content(renderWith(aState(), EMPTY_CATALOG), 'index.html')).not.toContain('id="components"');
    });
  });

  describe('incident pages', () => {
    it('show every public update, impact, components, durations, next update and ETA while open', () => {
      const incident = anOpenIncident(5, {
        title: 'Chat is slow',
        status: 'identified',
        impact: 'minor',
        components: ['chat', 'meetings'],
        createdAt: minutesBefore(T0, 90),
        nextUpdateAt: minutesAfter(T0, 30),
        eta: minutesAfter(T0, 120),
        updates: [
          anUpdate('INC-5', 1, { message: 'Looking', createdAt: minutesBefore(T0, 85) }),
          anUpdate('INC-5', 2, {
            status: 'identified',
            headline: 'Found it',
            message: 'A bad cache',
            createdAt: minutesBefore(T0, 45),
          }),
        ],
      });
      const page = content(renderWith(aState({ incidents: [incident] })), 'incidents/INC-5.html');
      expect(page).toContain('<h1 class="page p-minor" dir="auto">Chat is slow</h1>');
      expect(page).toContain('<dt>Impact</dt><dd>Minor impact</dd>');
      expect(page).toContain('<dt>Affected</dt><dd>Chat, Meetings</dd>');
      expect(page).toContain(
        '<dt>First update</dt><dd><time datetime="PT5M">5 min</time> after the start</dd>',
      );
      expect(page).toContain('<dt>Ongoing for</dt><dd><time datetime="PT1H30M">1 h 30 min</time></dd>');
      expect(page).toContain(
        '<dt>Next update by</dt><dd><time datetime="2026-11-21T12:30:00.000Z">21 Nov 2026, 12:30 UTC</time></dd>',
      );
      expect(page).toContain(
        '<dt>Estimated resolution</dt><dd><time datetime="2026-11-21T14:00:00.000Z">21 Nov 2026, 14:00 UTC</time></dd>',
      );
      expect(page).toMatch(
        /<li id="INC-5-2">[\s\S]*Found it[\s\S]*A bad cache[\s\S]*<li id="INC-5-1">[\s\S]*Looking/,
      );
    });

    it('say an overdue promise is overdue', () => {
      const incident = anOpenIncident(5, { nextUpdateAt: minutesBefore(T0, 5) });
      expect(content(renderWith(aState({ incidents: [incident] })), 'incidents/INC-5.html')).toContain(
        ' (overdue)</dd>',
      );
    });

    it('show the time to resolve and a postmortem link once resolved', () => {
      const incident = aResolvedIncident(6, T0, {
        status: 'postmortem',
        postmortem: { url: 'https://contoso.example/pm/6', publishedAt: T0, author: { name: 'A' } },
      });
      const page = content(renderWith(aState({ incidents: [incident] })), 'incidents/INC-6.html');
      expect(page).toContain('<h1 class="page p-none" dir="auto">');
      expect(page).toContain('<dt>Time to resolve</dt><dd><time datetime="PT1H5M">1 h 5 min</time></dd>');
      expect(page).toContain(
        '<a href="https://contoso.example/pm/6" rel="nofollow ugc noopener">https://contoso.example/pm/6</a>',
      );
      expect(page).not.toContain('Next update by');
    });
  });

  describe('history', () => {
    it('renders the index and only the month pages of incidents still in the state', () => {
      const state = aState({
        incidents: [aResolvedIncident(1, '2026-10-20T10:00:00.000Z'), anOpenIncident(2)],
        history: { months: { '2026-09': 3, '2026-10': 1, '2026-11': 1 }, archived: [] },
      });
      const files = renderWith(state);
      expect([...files.keys()].filter((key) => key.startsWith('history/')).sort()).toEqual([
        'history/2026-10.html',
        'history/2026-11.html',
        'history/index.html',
      ]);
      expect(content(files, 'history/index.html')).toContain(
        '<a href="2026-09.html">September 2026</a> <span class="meta">3 incidents</span>',
      );
      expect(content(files, 'history/2026-10.html')).toContain(
        '<a href="../incidents/INC-1.html" dir="auto">Incident 1</a>',
      );
    });

    it('does not change, nor does 404.html, when the current status turns (so they are not rewritten)', () => {
      const past = aResolvedIncident(1, '2026-10-20T10:00:00.000Z');
      const history = { months: { '2026-10': 1, '2026-11': 1 }, archived: [] };
      const green = renderWith(
        aState({ incidents: [past, aResolvedIncident(2, minutesBefore(T0, 5))], history }),
      );
      const red = renderWith(aState({ incidents: [past, anOpenIncident(2)], history }));
      for (const path of ['history/2026-10.html', 'history/index.html', '404.html']) {
        expect(content(red, path)).toBe(content(green, path));
      }
      expect(content(red, 'index.html')).not.toBe(content(green, 'index.html'));
    });
  });

  describe('with hostile user text', () => {
    const files = renderWith(hostileState(), HOSTILE_CATALOG);

    it('keeps markup inert: no element, attribute or link that a person typed', () => {
      for (const file of htmlFiles(files)) {
        expect([file.path, file.content.match(/<script/g)?.length]).toEqual([file.path, 1]);
        expect(file.content).not.toMatch(/<img|<evil|onerror=/i);
        // Every link is either one of ours (relative) or an http(s) address someone typed.
        for (const [, href] of file.content.matchAll(/<a [^>]*href="([^"]*)"/g)) {
          expect(decodeHTML(href ?? '')).toMatch(
            /^(https?:\/\/|\.\.\/|\/|#main$|[\w-]+(\/[\w-]+)*\.(html|atom|rss|json|svg)$)/,
          );
        }
        expect(file.content).not.toMatch(/href="[^"]*(javascript|data:text)/i);
        expect(file.content).not.toMatch(/[\u0001\u0008\u000B\u000C\u001F\u007F\u0085\uFFFE]/);
      }
      const index = content(files, 'index.html');
      expect(index).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(index).toContain('{{constructor.constructor &quot;alert(6)&quot;}}');
      expect(index).toContain(
        '<a href="https://contoso.example/a?b&#x3D;1&amp;c&#x3D;2" rel="nofollow ugc noopener">',
      );
    });

    it('shows a postmortem address that is not http(s) as text, never as a link', () => {
      const page = content(files, 'incidents/INC-2.html');
      expect(page).toContain('<p class="msg" dir="auto">Postmortem &lt;script&gt;');
      expect(page).toContain('javascript:alert(8)');
      expect(page).not.toContain('Read the postmortem');
      expect(content(files, 'incidents/INC-3.html')).toContain(
        'data:text/html,&lt;script&gt;alert(9)&lt;/script&gt;',
      );
    });
  });

  it('renders as of the state instant, not the clock', () => {
    const state = busyState();
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    try {
      const later = [...renderWith(state).values()];
      jest.setSystemTime(new Date('2020-01-01T00:00:00Z'));
      expect([...renderWith(state).values()]).toEqual(later);
    } finally {
      jest.useRealTimers();
    }
  });

  it('changes only the files an update touches, however many resolved incidents the state holds', () => {
    const render = loadSiteRenderer({
      templatesDir,
      pageTitle: 'Contoso status',
      pageUrl: PAGE_URL,
      catalog: PAGE_CATALOG,
    });
    const before = busyState();
    const after = structuredClone(before);
    const incident = after.incidents.find((i) => i.id === 'INC-90');
    incident?.updates.push(anUpdate('INC-90', 5, { message: 'Another update', createdAt: T0 }));
    const old = new Map(render(before).map((file) => [file.path, file.content]));
    const changed = render(after)
      .filter((file) => old.get(file.path) !== file.content)
      .map((file) => file.path);
    expect(changed.filter((p) => p.startsWith('incidents/'))).toEqual(['incidents/INC-90.html']);
    expect(changed).toEqual(
      expect.arrayContaining(['index.html', 'history.atom', 'history.rss', 'api/v2/incidents.json']),
    );
    expect(changed.filter((p) => p.startsWith('api/v2/schemas/') || p.startsWith('history/'))).toEqual([]);
  });
});

describe('loadSiteRenderer with a manifest it is given', () => {
  const TEXT = 'text/plain; charset=utf-8';
  const load = (manifest: Manifest) =>
    loadSiteRenderer({ templatesDir, pageTitle: 'Contoso status', catalog: PAGE_CATALOG, manifest });

  it('renders one more file for one more entry, from a template or from text', () => {
    const render = load([
      ...MANIFEST,
      { path: 'status.txt', contentType: TEXT, order: 'page', text: (state) => `version ${state.version}` },
      {
        path: 'archive/index.html',
        contentType: HTML_TYPE,
        order: 'page',
        template: 'history-index',
        view: toHistoryIndexView,
      },
    ]);
    const state = busyState();
    const files = render(state);
    expect(files.slice(-2).map((file) => [file.path, file.contentType])).toEqual([
      ['status.txt', TEXT],
      ['archive/index.html', HTML_TYPE],
    ]);
    expect(files.at(-2)?.content).toBe(`version ${state.version}`);
    // The same page, but for the canonical link: `load` renders without a public URL.
    expect(files.at(-1)?.content).toBe(
      content(renderWith(state), 'history/index.html').replace(/<link rel="canonical"[^>]*>\n/, ''),
    );
  });

  it('renders a reusable file once per key, and the others every time', () => {
    const made: string[] = [];
    const render = load([
      {
        paths: ['notes/<id>.txt'],
        contentType: TEXT,
        order: 'page',
        files: (state) =>
          state.incidents.map((incident) => ({
            path: `notes/${incident.id}.txt`,
            text: () => {
              made.push(incident.id);
              return incident.title;
            },
            ...(isOpenStatus(incident.status) ? {} : { reuseKey: incident.id }),
          })),
      },
    ]);
    const state = aState({ incidents: [aResolvedIncident(1, T0), anOpenIncident(2)] });
    const first = render(state);
    expect(render(state)).toEqual(first);
    expect(made).toEqual(['INC-1', 'INC-2', 'INC-2']);
  });

  // Issue 13, part 2: 150 updates of 20 KB, then note after note, grew the host to 2.2 GB and killed it: the
  // cache of reused pages held 1,000 per entry, each keyed on the incident's whole JSON.
  it('keeps reused renders within a byte budget, least recently used out first', () => {
    const made: string[] = [];
    const page = 'x'.repeat(1000);
    const render = loadSiteRenderer({
      templatesDir,
      pageTitle: 'Contoso status',
      catalog: PAGE_CATALOG,
      reusedBytes: 4 * 2 * page.length,
      manifest: [
        {
          paths: ['notes/<id>.txt'],
          contentType: TEXT,
          order: 'page',
          files: (state) =>
            state.incidents.map((incident) => ({
              path: `notes/${incident.id}.txt`,
              text: () => {
                made.push(incident.id);
                return page;
              },
              reuseKey: JSON.stringify(incident),
            })),
        },
      ],
    });
    const one = aState({ incidents: [aResolvedIncident(1, T0)] });
    const five = aState({ incidents: [1, 2, 3, 4, 5].map((n) => aResolvedIncident(n, T0)) });
    render(one);
    render(one);
    expect(made).toEqual(['INC-1']);
    render(five);
    render(five);
    render(one);
    expect(made).toEqual([
      'INC-1',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      'INC-1',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      'INC-1',
    ]);
  });

  it('does not keep a render too large to share the budget', () => {
    const made: string[] = [];
    const render = loadSiteRenderer({
      templatesDir,
      pageTitle: 'Contoso status',
      catalog: PAGE_CATALOG,
      reusedBytes: 1000,
      manifest: [
        {
          path: 'big.txt',
          contentType: TEXT,
          order: 'page',
          text: () => 'unused',
        },
        {
          paths: ['notes/<id>.txt'],
          contentType: TEXT,
          order: 'page',
          files: (state) =>
            state.incidents.map((incident) => ({
              path: `notes/${incident.id}.txt`,
              text: () => {
                made.push(incident.id);
                return 'y'.repeat(1000);
              },
              reuseKey: incident.id,
            })),
        },
      ],
    });
    const state = aState({ incidents: [aResolvedIncident(1, T0)] });
    render(state);
    render(state);
    expect(made).toEqual(['INC-1', 'INC-1']);
  });
});

describe('minifyCss', () => {
  it('drops comments and layout whitespace but keeps what the rules mean', () => {
    expect(
      minifyCss(
        '/* why */\n:root {\n  --a: #fff;\n}\n@media (prefers-color-scheme: dark) {\n  a,\n  b > c {\n    font: 16px/1.5 system-ui, sans-serif;\n  }\n}\n',
      ),
    ).toBe(':root{--a:#fff}@media (prefers-color-scheme:dark){a,b>c{font:16px/1.5 system-ui,sans-serif}}');
  });
});
