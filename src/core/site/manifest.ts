import { BADGE_PATH, renderBadge } from './badge';
import { renderRobots, ROBOTS_PATH } from './robots';
import { ATOM_PATH, RSS_PATH, renderAtom, renderRss } from './feeds';
import {
  historyMonthsToRender,
  toHistoryIndexView,
  toHistoryMonthView,
  type HistoryIndexView,
  type HistoryMonthView,
} from './historyView';
import {
  historyMonthPath,
  incidentPath,
  toIncidentPageView,
  toNotFoundView,
  toPageView,
  type IncidentPageView,
  type LayoutView,
  type NotFoundView,
  type PageView,
} from './pageView';
import type { SiteSettings } from './siteSettings';
import { STATUSPAGE_PATHS, toStatuspageDocuments, type StatuspageDocumentName } from './statuspageJson';
import { SCHEMA_PATHS, statuspageSchema } from './statuspageSchemas';
import type { StatusState } from '../model/state';
import { isOpenStatus } from '../model/vocabulary';
import { contentJson } from '../model/contentJson';

// Every file the site publishes, in one list: where it goes, what it is, when it is written and what it is
// rendered from. The renderer renders what is listed here and publishSite orders by it, so a new published file
// is one entry here plus its view (and template).

export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const SVG_TYPE = 'image/svg+xml; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/**
 * When a file is written in a publish: pages and JSON first, feeds next, index.html last. Readers then never
 * see a link to a file not yet written, and index.html, which carries the state version, marks it complete.
 */
export type PublishOrder = 'page' | 'feed' | 'index';
export const PUBLISH_ORDER: readonly PublishOrder[] = ['page', 'feed', 'index'];

/** Each template in templates/ (`<name>.hbs`) and the view model it is rendered over. */
export interface TemplateViews {
  index: PageView;
  incident: IncidentPageView;
  'history-index': HistoryIndexView;
  'history-month': HistoryMonthView;
  '404': NotFoundView;
}
export type TemplateName = keyof TemplateViews;

interface Published {
  /** With its charset: it is the Content-Type the file is served with. */
  contentType: string;
  order: PublishOrder;
}

/** A family's paths as DESIGN.md writes them: `<name>` stands for a varying part without a slash. */
interface Family {
  paths: readonly string[];
}

/** One file of a family. */
interface Member {
  path: string;
  /** Set when the content depends on nothing but this key (and the settings): an earlier render may be reused. */
  reuseKey?: string;
}

/** What an entry makes of a state, with the settings. */
type FromState<R> = (state: StatusState, settings: SiteSettings) => R;

type TemplateEntry<T extends TemplateName> = Published & { template: T } & (
    | { path: string; view: FromState<TemplateViews[T]> }
    | (Family & { files: FromState<readonly (Member & { view: () => TemplateViews[T] })[]> })
  );

type TextEntry = Published &
  (
    | { path: string; text: FromState<string> }
    | (Family & { files: FromState<readonly (Member & { text: () => string })[]> })
  );

/**
 * A published file or family of files: HTML from a template over its view model (so it can only name a template
 * that `TemplateViews` lists, with that template's view), or text a core function makes.
 */
export type ManifestEntry = { [T in TemplateName]: TemplateEntry<T> }[TemplateName] | TextEntry;
export type Manifest = readonly ManifestEntry[];

const DOCUMENT_NAMES = Object.keys(STATUSPAGE_PATHS) as StatuspageDocumentName[];
const SCHEMA_NAMES = Object.keys(SCHEMA_PATHS) as StatuspageDocumentName[];

/** Every published file, in the order the renderer returns them. */
export const MANIFEST: Manifest = [
  {
    paths: [incidentPath('<id>')],
    contentType: HTML_TYPE,
    order: 'page',
    template: 'incident',
    files: (state, settings) =>
      state.incidents.map((incident) => ({
        path: incidentPath(incident.id),
        view: () => toIncidentPageView(incident, state, settings),
        // A resolved incident's page depends on nothing but the incident, and is rendered again and again: for
        // the live and the next state of each command, and by the repair timer.
        ...(isOpenStatus(incident.status) ? {} : { reuseKey: contentJson(incident) }),
      })),
  },
  {
    paths: [historyMonthPath('<yyyy>-<mm>')],
    contentType: HTML_TYPE,
    order: 'page',
    template: 'history-month',
    files: (state, settings) =>
      historyMonthsToRender(state).map((month) => ({
        path: historyMonthPath(month),
        view: () => toHistoryMonthView(state, settings, month),
      })),
  },
  {
    path: 'history/index.html',
    contentType: HTML_TYPE,
    order: 'page',
    template: 'history-index',
    view: toHistoryIndexView,
  },
  {
    paths: DOCUMENT_NAMES.map((name) => STATUSPAGE_PATHS[name]),
    contentType: JSON_TYPE,
    order: 'page',
    files: (state, settings) => {
      // One computation for all the documents: they share most of their parts.
      const documents = toStatuspageDocuments(state, settings);
      return DOCUMENT_NAMES.map((name) => ({
        path: STATUSPAGE_PATHS[name],
        text: () => JSON.stringify(documents[name]),
      }));
    },
  },
  {
    paths: SCHEMA_NAMES.map((name) => SCHEMA_PATHS[name]),
    contentType: JSON_TYPE,
    order: 'page',
    files: (_state, settings) =>
      SCHEMA_NAMES.map((name) => ({
        path: SCHEMA_PATHS[name],
        text: () => `${JSON.stringify(statuspageSchema(name, settings.pageUrl), null, 2)}\n`,
        reuseKey: name,
      })),
  },
  {
    path: BADGE_PATH,
    contentType: SVG_TYPE,
    order: 'page',
    text: (state, settings) => renderBadge(state, settings.catalog),
  },
  {
    path: ROBOTS_PATH,
    contentType: TEXT_TYPE,
    order: 'page',
    text: (_state, settings) => renderRobots(settings),
  },
  {
    path: '404.html',
    contentType: HTML_TYPE,
    order: 'page',
    template: '404',
    view: (_state, settings) => toNotFoundView(settings),
  },
  { path: ATOM_PATH, contentType: ATOM_TYPE, order: 'feed', text: renderAtom },
  { path: RSS_PATH, contentType: RSS_TYPE, order: 'feed', text: renderRss },
  { path: 'index.html', contentType: HTML_TYPE, order: 'index', template: 'index', view: toPageView },
];

/** A file an entry has for a state, not rendered yet: its content is made only when asked for. */
export interface PlannedFile extends Member, Published {
  content: { template: TemplateName; view: () => LayoutView } | { text: () => string };
}

/** The files `entry` has for a state. */
export function planFiles(entry: ManifestEntry, state: StatusState, settings: SiteSettings): PlannedFile[] {
  const { contentType, order } = entry;
  if ('template' in entry) {
    const { template } = entry;
    if ('path' in entry) {
      return [
        {
          path: entry.path,
          contentType,
          order,
          content: { template, view: () => entry.view(state, settings) },
        },
      ];
    }
    // Spelled out, not spread: an incident page family has 200 members at the state's cap, on every render.
    return entry.files(state, settings).map((member) => ({
      path: member.path,
      ...(member.reuseKey === undefined ? {} : { reuseKey: member.reuseKey }),
      contentType,
      order,
      content: { template, view: member.view },
    }));
  }
  if ('path' in entry) {
    return [{ path: entry.path, contentType, order, content: { text: () => entry.text(state, settings) } }];
  }
  return entry.files(state, settings).map((member) => ({
    path: member.path,
    ...(member.reuseKey === undefined ? {} : { reuseKey: member.reuseKey }),
    contentType,
    order,
    content: { text: member.text },
  }));
}

/** The templates the manifest renders with, each once. */
export function templatesOf(manifest: Manifest): TemplateName[] {
  return [...new Set(manifest.flatMap((entry) => ('template' in entry ? [entry.template] : [])))];
}

function pathsOf(entry: ManifestEntry): readonly string[] {
  return 'path' in entry ? [entry.path] : entry.paths;
}

function matches(pattern: string, path: string): boolean {
  if (!pattern.includes('<')) return pattern === path;
  const source = pattern
    .split(/<[^>]*>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`).test(path);
}

/** The entry that publishes `path`, if any. */
export function entryOf(path: string, manifest: Manifest = MANIFEST): ManifestEntry | undefined {
  return manifest.find((entry) => pathsOf(entry).some((pattern) => matches(pattern, path)));
}

/**
 * When `path` is written in a publish. A path no entry lists (only a fake renderer makes one) goes with the
 * pages: nothing the manifest publishes links to it.
 */
export function publishOrderOf(path: string, manifest: Manifest = MANIFEST): PublishOrder {
  return entryOf(path, manifest)?.order ?? 'page';
}
