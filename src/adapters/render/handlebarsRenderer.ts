import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { BADGE_PATH, renderBadge } from '../../core/site/badge';
import type { Catalog } from '../../core/model/catalog';
import { ATOM_PATH, RSS_PATH, renderAtom, renderRss } from '../../core/site/feeds';
import {
  historyMonthPath,
  historyMonthsToRender,
  toHistoryIndexView,
  toHistoryMonthView,
} from '../../core/site/historyView';
import {
  incidentPath,
  toIncidentPageView,
  toNotFoundView,
  toPageView,
  type LayoutView,
  type Tone,
} from '../../core/site/pageView';
import type { SiteFile, SiteRenderer } from '../../core/ports';
import type { SiteSettings } from '../../core/site/siteSettings';
import type { Incident, StatusState } from '../../core/model/state';
import {
  STATUSPAGE_PATHS,
  toStatuspageDocuments,
  type StatuspageDocumentName,
} from '../../core/site/statuspageJson';
import { SCHEMA_PATHS, statuspageSchema } from '../../core/site/statuspageSchemas';
import { isOpenStatus } from '../../core/model/vocabulary';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const SVG_TYPE = 'image/svg+xml; charset=utf-8';

export interface SiteRendererOptions {
  templatesDir: string;
  pageTitle: string;
  /** PAGE_URL: feeds and JSON carry absolute links only when it is set. */
  pageUrl?: string;
  catalog: Catalog;
}

type Template = (context: unknown) => string;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * The CSP allows exactly our inline stylesheet and our one script (by hash), images only as data: URIs (the
 * favicon), and nothing else: no other script, no external request, no <base>, no form.
 */
export function contentSecurityPolicy(css: string, script: string): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256(css)}'`,
    `script-src 'sha256-${sha256(script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Our stylesheet, kept readable (and Prettier-formatted) in the repository, without comments and layout
 * whitespace: every byte of it is in every page. Only safe for our own CSS (no strings with `{};:,` in them).
 */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** A coloured dot as the tab icon: the status is visible in a row of tabs. A data: URI, allowed by img-src. */
function favicon(colour: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${colour}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

const FAVICONS: Readonly<Record<Tone, string>> = {
  operational: favicon('#1a7f37'),
  outage: favicon('#b42318'),
};
const NEUTRAL_FAVICON = favicon('#59636e');

/** Renders only these: templates never come from user text, and user text reaches them only as escaped values. */
const TEMPLATES = ['index', 'incident', 'history-index', 'history-month', '404'] as const;

/**
 * Loads and compiles the templates once and returns the site renderer: every file of the site for a state, as
 * of `state.updatedAt`. HTML through the logic-less templates; JSON, feeds and the badge from the core.
 */
export function loadSiteRenderer(options: SiteRendererOptions): SiteRenderer {
  const { templatesDir } = options;
  const settings: SiteSettings = {
    pageTitle: options.pageTitle,
    catalog: options.catalog,
    ...(options.pageUrl === undefined ? {} : { pageUrl: options.pageUrl }),
  };
  const handlebars = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(templatesDir, name), 'utf8');
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    // Without its final newline, so a partial used inline (a status word) adds no stray whitespace.
    handlebars.registerPartial(
      path.basename(file, '.hbs'),
      read(path.join('partials', file)).replace(/\n$/, ''),
    );
  }
  const compiled = new Map<string, Template>(
    TEMPLATES.map((name) => [
      name,
      handlebars.compile(read(`${name}.hbs`), { knownHelpersOnly: true, preventIndent: true }),
    ]),
  );
  const template = (name: (typeof TEMPLATES)[number]): Template => {
    const found = compiled.get(name);
    if (!found) throw new Error(`template ${name} was not loaded`);
    return found;
  };
  const css = minifyCss(read('styles.css'));
  const script = read('localTime.js').trim();
  const csp = contentSecurityPolicy(css, script);
  const html = (name: (typeof TEMPLATES)[number], view: LayoutView): string =>
    template(name)({ css, script, csp, favicon: view.tone ? FAVICONS[view.tone] : NEUTRAL_FAVICON, view });

  const schemaFiles: SiteFile[] = (Object.keys(SCHEMA_PATHS) as StatuspageDocumentName[]).map((name) => ({
    path: SCHEMA_PATHS[name],
    contentType: JSON_TYPE,
    content: `${JSON.stringify(statuspageSchema(name, settings.pageUrl), null, 2)}\n`,
  }));

  // A resolved incident's page depends on nothing but the incident: the page rendered for the same incident is
  // reused (publishSite renders the live and the next state; the repair timer renders again).
  let resolvedPages = new Map<string, string>();
  const incidentPage = (incident: Incident, state: StatusState): string => {
    if (isOpenStatus(incident.status)) return html('incident', toIncidentPageView(incident, state, settings));
    const key = JSON.stringify(incident);
    let content = resolvedPages.get(key);
    if (content === undefined) {
      content = html('incident', toIncidentPageView(incident, state, settings));
      if (resolvedPages.size >= 1000) resolvedPages = new Map();
      resolvedPages.set(key, content);
    }
    return content;
  };

  return (state: StatusState): SiteFile[] => {
    const files: SiteFile[] = state.incidents.map((incident) => ({
      path: incidentPath(incident.id),
      contentType: HTML_TYPE,
      content: incidentPage(incident, state),
    }));
    for (const month of historyMonthsToRender(state)) {
      files.push({
        path: historyMonthPath(month),
        contentType: HTML_TYPE,
        content: html('history-month', toHistoryMonthView(state, settings, month)),
      });
    }
    files.push({
      path: 'history/index.html',
      contentType: HTML_TYPE,
      content: html('history-index', toHistoryIndexView(state, settings)),
    });
    const documents = toStatuspageDocuments(state, settings);
    for (const name of Object.keys(STATUSPAGE_PATHS) as StatuspageDocumentName[]) {
      files.push({
        path: STATUSPAGE_PATHS[name],
        contentType: JSON_TYPE,
        content: JSON.stringify(documents[name]),
      });
    }
    files.push(...schemaFiles);
    files.push({ path: BADGE_PATH, contentType: SVG_TYPE, content: renderBadge(state) });
    files.push({
      path: '404.html',
      contentType: HTML_TYPE,
      content: html('404', toNotFoundView(settings)),
    });
    files.push({ path: ATOM_PATH, contentType: ATOM_TYPE, content: renderAtom(state, settings) });
    files.push({ path: RSS_PATH, contentType: RSS_TYPE, content: renderRss(state, settings) });
    files.push({
      path: 'index.html',
      contentType: HTML_TYPE,
      content: html('index', toPageView(state, settings)),
    });
    return files;
  };
}
