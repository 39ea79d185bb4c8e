import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Catalog } from '../../core/model/catalog';
import type { SiteFile, SiteRenderer } from '../../core/ports';
import {
  MANIFEST,
  planFiles,
  templatesOf,
  type Manifest,
  type ManifestEntry,
  type PlannedFile,
  type TemplateName,
} from '../../core/site/manifest';
import { BADGE_COLOURS } from '../../core/site/badge';
import type { LayoutView, Tone } from '../../core/site/pageView';
import type { SiteSettings } from '../../core/site/siteSettings';
import type { StatusState } from '../../core/model/state';

export interface SiteRendererOptions {
  templatesDir: string;
  pageTitle: string;
  /** PAGE_URL: feeds and JSON carry absolute links only when it is set. */
  pageUrl?: string;
  catalog: Catalog;
  /** What to render; the site's own manifest unless a test hands it another. */
  manifest?: Manifest;
  /** Bytes of reused renders kept in memory; REUSED_BYTES unless a test sets a smaller bound. */
  reusedBytes?: number;
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

// The badge's colours: the tab, the badge and the header say the same thing.
const FAVICONS: Readonly<Record<Tone, string>> = {
  none: favicon(BADGE_COLOURS.none),
  maintenance: favicon(BADGE_COLOURS.maintenance),
  minor: favicon(BADGE_COLOURS.minor),
  major: favicon(BADGE_COLOURS.major),
  critical: favicon(BADGE_COLOURS.critical),
};
const NEUTRAL_FAVICON = favicon('#59636e');

/**
 * A bound in bytes on the reused renders kept in memory. The old bound was 1,000 pages per entry keyed on the
 * incident's whole JSON: 150 updates of 20 KB made each key and page megabytes, and the host ran out of memory.
 * 16 MiB holds every resolved incident page of a busy state (200 incidents at ~30 KB) with room to spare.
 */
export const REUSED_BYTES = 16 * 1024 * 1024;

/** Renders a quarter of the budget or more are not kept: one of them would push the rest out. */
const REUSED_SHARE = 4;

/** Bytes a string holds in memory (V8 stores text as UTF-16 at worst). */
const bytesOf = (text: string) => text.length * 2;

type Partial = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/**
 * A partial that reads nothing but its context (no `@` data, no `../`) renders the same HTML for the same frozen
 * context: the core hands out the views of resolved incidents frozen and shared between renders (a past incident
 * on the front page, a row of a month's history, 200 of them at the state's cap), so their HTML is made once and
 * kept by the view itself (held only as long as it is). A partial given a hash gets a new context, never frozen.
 */
export function fragmentPartial(handlebars: typeof Handlebars, source: string): Partial {
  const compiled: Partial = handlebars.compile(source, { knownHelpersOnly: true, preventIndent: true });
  if (/@|\.\.\//.test(source)) return compiled;
  const made = new WeakMap<object, string>();
  return (context, options) => {
    if (typeof context !== 'object' || context === null || !Object.isFrozen(context))
      return compiled(context, options);
    let html = made.get(context);
    if (html === undefined) made.set(context, (html = compiled(context, options)));
    return html;
  };
}

/**
 * Loads and compiles the templates the manifest names once and returns the site renderer: every file of the
 * manifest for a state, as of `state.updatedAt`. HTML through the logic-less templates (templates never come from
 * user text, and user text reaches them only as escaped values); JSON, feeds and the badge from the core.
 */
export function loadSiteRenderer(options: SiteRendererOptions): SiteRenderer {
  const { templatesDir } = options;
  const manifest = options.manifest ?? MANIFEST;
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
    const source = read(path.join('partials', file)).replace(/\n$/, '');
    handlebars.registerPartial(path.basename(file, '.hbs'), fragmentPartial(handlebars, source));
  }
  const compiled = new Map<TemplateName, Template>(
    templatesOf(manifest).map((name) => [
      name,
      handlebars.compile(read(`${name}.hbs`), { knownHelpersOnly: true, preventIndent: true }),
    ]),
  );
  const template = (name: TemplateName): Template => {
    const found = compiled.get(name);
    if (!found) throw new Error(`template ${name} was not loaded`);
    return found;
  };
  const css = minifyCss(read('styles.css'));
  const script = read('localTime.js').trim();
  const csp = contentSecurityPolicy(css, script);
  const html = (name: TemplateName, view: LayoutView): string =>
    template(name)({ css, script, csp, favicon: view.tone ? FAVICONS[view.tone] : NEUTRAL_FAVICON, view });
  const render = ({ content }: PlannedFile): string =>
    'text' in content ? content.text() : html(content.template, content.view());

  // A file the manifest marks reusable (a resolved incident's page, a schema) is rendered once per key:
  // publishSite renders the live and the next state, and the repair timer renders again. The cache is keyed by a
  // hash of the entry and the key (a key may be a whole incident's JSON), bounded in bytes, least recent out.
  const budget = options.reusedBytes ?? REUSED_BYTES;
  const entryIndex = new Map(manifest.map((entry, index) => [entry, index]));
  const reused = new Map<string, string>();
  let reusedBytes = 0;
  // The hash of each reuse key, by the key itself: a resolved incident's key is the same string object from one
  // render to the next (contentJson), so finding it is cheap, where hashing it again was not (200 incidents'
  // JSON per render at the state's cap). Bounded like the renders: forgotten all at once past the budget.
  const keyHashes = new Map<string, string>();
  let keyHashBytes = 0;
  const hashOf = (reuseKey: string): string => {
    const known = keyHashes.get(reuseKey);
    if (known !== undefined) return known;
    const hash = sha256(reuseKey);
    if (keyHashBytes + bytesOf(reuseKey) > budget) {
      keyHashes.clear();
      keyHashBytes = 0;
    }
    keyHashes.set(reuseKey, hash);
    keyHashBytes += bytesOf(reuseKey) + bytesOf(hash);
    return hash;
  };
  const contentOf = (entry: ManifestEntry, file: PlannedFile): string => {
    if (file.reuseKey === undefined) return render(file);
    const key = `${entryIndex.get(entry) ?? -1}\u0000${hashOf(file.reuseKey)}`;
    const hit = reused.get(key);
    if (hit !== undefined) {
      reused.delete(key);
      reused.set(key, hit);
      return hit;
    }
    const content = render(file);
    const size = bytesOf(content);
    if (size * REUSED_SHARE > budget) return content;
    reused.set(key, content);
    reusedBytes += size;
    for (const [oldest, text] of reused) {
      if (reusedBytes <= budget) break;
      reused.delete(oldest);
      reusedBytes -= bytesOf(text);
    }
    return content;
  };

  return (state: StatusState): SiteFile[] =>
    manifest.flatMap((entry) =>
      planFiles(entry, state, settings).map((file) => ({
        path: file.path,
        contentType: file.contentType,
        content: contentOf(entry, file),
      })),
    );
}
