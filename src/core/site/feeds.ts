import { encodeXML } from 'entities';
import { componentName, type Catalog } from '../model/catalog';
import { siteUrl, toRichText, toSiteBase } from './links';
import { isDeeplyFrozen } from '../model/frozen';
import { incidentPath } from './pageView';
import { toPlainText } from './plainText';
import type { SiteSettings } from './siteSettings';
import { toPageId } from './statuspageJson';
import type { Incident, IncidentUpdate, StatusState } from '../model/state';
import { componentStatusLabel, statusLabel } from '../model/vocabulary';

// history.atom and history.rss: every public update of the incidents in the state is an entry with a permalink to
// the update on its incident page. Built as strings with every piece of user text passed through toPlainText
// (characters XML forbids are dropped) and encodeXML (markup, quotes, `]]>` and non-ASCII become references),
// so a feed is well-formed whatever people type. No CDATA: an escaped `]]>` needs no special case.

export const FEED_LENGTH = 50;
export const ATOM_PATH = 'history.atom';
export const RSS_PATH = 'history.rss';

export interface FeedEntry {
  incident: Incident;
  update: IncidentUpdate;
}

interface TimedEntry {
  at: number;
  entry: FeedEntry;
}

/** A frozen incident's entries, each instant parsed, are made once: 600 updates at the state's cap. */
const entriesOfIncident = new WeakMap<Incident, readonly TimedEntry[]>();

function timedEntries(incident: Incident): readonly TimedEntry[] {
  const known = entriesOfIncident.get(incident);
  if (known) return known;
  const made = incident.updates.map((update) => ({
    at: Date.parse(update.createdAt),
    entry: { incident, update },
  }));
  if (isDeeplyFrozen(incident)) entriesOfIncident.set(incident, made);
  return made;
}

const newerFirst = (a: TimedEntry, b: TimedEntry) =>
  b.at - a.at || b.entry.update.id.localeCompare(a.entry.update.id);

/** The latest public updates, newest first. */
export function latestEntries(state: StatusState, count = FEED_LENGTH): FeedEntry[] {
  // The newest `count` kept in order as they come, not all 600 of the state's cap sorted: most are older than
  // the last one kept and cost one comparison.
  const latest: TimedEntry[] = [];
  // Newest incidents and updates first (the state lists them oldest first): each one kept then goes at the end.
  for (let i = state.incidents.length - 1; i >= 0; i--) {
    const timedOfIncident = timedEntries(state.incidents[i] as Incident);
    for (let u = timedOfIncident.length - 1; u >= 0; u--) {
      const timed = timedOfIncident[u] as TimedEntry;
      const last = latest[latest.length - 1];
      if (latest.length >= count && last !== undefined && newerFirst(timed, last) >= 0) continue;
      let at = latest.length;
      while (at > 0 && newerFirst(timed, latest[at - 1] as TimedEntry) < 0) at--;
      latest.splice(at, 0, timed);
      if (latest.length > count) latest.pop();
    }
  }
  return latest.map(({ entry }) => entry);
}

/** Text content or attribute value: safe in XML whatever it holds. */
function xml(text: string): string {
  return encodeXML(toPlainText(text));
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** User text as HTML, made plain first and line ends as `<br>`, in one pass over a message up to 20,000 long. */
function htmlLines(text: string): string {
  return toPlainText(text).replace(/[&<>"'\n]/g, (char) =>
    char === '\n' ? '<br>' : `&#${char.charCodeAt(0)};`,
  );
}

/**
 * The update as a small HTML fragment (feed readers show it as HTML); links only when http(s). Every piece of
 * text in it is plain already, so the whole fragment needs no second pass (GC-bound on long messages: `npm run
 * bench -- --bounds` measured 16→64 KiB growth 9.8× with the extra passes over the assembled fragment).
 */
function contentHtml(catalog: Catalog, entry: FeedEntry): string {
  const { update } = entry;
  const lead = `<p><strong>${html(statusLabel(update.status))}</strong>${
    update.headline ? ` – ${html(toPlainText(update.headline))}` : ''
  }</p>`;
  const message = toRichText(update.message)
    .map((part) => {
      const text = htmlLines(part.text);
      return part.href ? `<a href="${html(toPlainText(part.href))}">${text}</a>` : text;
    })
    .join('');
  const changes = update.componentChanges.map(
    (change) =>
      `${html(toPlainText(componentName(catalog, change.componentId)))}: ${html(componentStatusLabel(change.to))}`,
  );
  return `${lead}<p>${message}</p>${changes.length ? `<p>${changes.join('<br>')}</p>` : ''}`;
}

function escapedContentHtml(catalog: Catalog, entry: FeedEntry): string {
  return encodeXML(contentHtml(catalog, entry));
}

type FeedFormat = 'atom' | 'rss';

/**
 * An entry depends on nothing but its update, its incident and the settings: for a resolved incident, which the
 * state store hands out frozen, it is made once per feed, not on every render (50 entries per feed, each with its
 * links found and every piece escaped).
 */
const madeEntries = new WeakMap<SiteSettings, Record<FeedFormat, WeakMap<IncidentUpdate, string>>>();

function rememberedEntry(
  format: FeedFormat,
  settings: SiteSettings,
  entry: FeedEntry,
  make: (entry: FeedEntry) => string,
): string {
  if (!isDeeplyFrozen(entry.incident)) return make(entry);
  let made = madeEntries.get(settings);
  if (!made) madeEntries.set(settings, (made = { atom: new WeakMap(), rss: new WeakMap() }));
  let text = made[format].get(entry.update);
  if (text === undefined) made[format].set(entry.update, (text = make(entry)));
  return text;
}

function entryTitle(entry: FeedEntry): string {
  return `${entry.incident.title} – ${statusLabel(entry.update.status)}`;
}

interface FeedContext {
  base: string | undefined;
  title: string;
  entries: FeedEntry[];
  /** The newest entry's time, so a feed changes only when its entries do. */
  updated: string;
  permalink: (entry: FeedEntry) => string;
}

/** Both feeds of a render list the same entries: they are found once per state. */
const entriesOfState = new WeakMap<StatusState, FeedEntry[]>();

function feedContext(state: StatusState, settings: SiteSettings): FeedContext {
  const base = toSiteBase(settings.pageUrl);
  let entries = entriesOfState.get(state);
  if (!entries) entriesOfState.set(state, (entries = latestEntries(state)));
  const newest = entries
    .map((entry) => entry.update.editedAt ?? entry.update.createdAt)
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  return {
    base,
    title: `${settings.pageTitle} – incident history`,
    entries,
    updated: newest ?? state.updatedAt,
    permalink: (entry) => siteUrl(base, `${incidentPath(entry.incident.id)}#${entry.update.id}`),
  };
}

/** Atom IDs must be absolute IRIs: the permalink when the page's address is known, else a tag URI. */
function atomId(ctx: FeedContext, settings: SiteSettings, local: string, absolute: string): string {
  if (ctx.base !== undefined) return absolute;
  return `tag:status-page.invalid,2026:${toPageId(settings.pageTitle)}/${encodeURIComponent(local)}`;
}

export function renderAtom(state: StatusState, settings: SiteSettings): string {
  const ctx = feedContext(state, settings);
  const entries = ctx.entries.map((feedEntry) =>
    rememberedEntry('atom', settings, feedEntry, (entry) => {
      const link = ctx.permalink(entry);
      return [
        '<entry>',
        `<id>${xml(atomId(ctx, settings, entry.update.id, link))}</id>`,
        `<title type="text">${xml(entryTitle(entry))}</title>`,
        `<link rel="alternate" type="text/html" href="${xml(link)}"/>`,
        `<published>${xml(entry.update.createdAt)}</published>`,
        `<updated>${xml(entry.update.editedAt ?? entry.update.createdAt)}</updated>`,
        `<category term="${xml(entry.update.status)}" label="${xml(statusLabel(entry.update.status))}"/>`,
        `<content type="html">${escapedContentHtml(settings.catalog, entry)}</content>`,
        '</entry>',
      ].join('\n');
    }),
  );
  const self = siteUrl(ctx.base, ATOM_PATH);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `<id>${xml(atomId(ctx, settings, ATOM_PATH, self))}</id>`,
    `<title type="text">${xml(ctx.title)}</title>`,
    `<updated>${xml(ctx.updated)}</updated>`,
    `<author><name>${xml(settings.pageTitle)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(siteUrl(ctx.base, 'index.html'))}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** RFC 822 dates, as RSS 2.0 wants them: "Sat, 21 Nov 2026 12:00:00 GMT". */
function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

export function renderRss(state: StatusState, settings: SiteSettings): string {
  const ctx = feedContext(state, settings);
  const items = ctx.entries.map((feedEntry) =>
    rememberedEntry('rss', settings, feedEntry, (entry) => {
      const link = ctx.permalink(entry);
      return [
        '<item>',
        `<title>${xml(entryTitle(entry))}</title>`,
        `<link>${xml(link)}</link>`,
        `<guid isPermaLink="${ctx.base === undefined ? 'false' : 'true'}">${xml(link)}</guid>`,
        `<pubDate>${rfc822(entry.update.createdAt)}</pubDate>`,
        `<category>${xml(statusLabel(entry.update.status))}</category>`,
        `<description>${escapedContentHtml(settings.catalog, entry)}</description>`,
        '</item>',
      ].join('\n');
    }),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xml(ctx.title)}</title>`,
    `<link>${xml(siteUrl(ctx.base, 'index.html'))}</link>`,
    `<description>${xml(`Every public update of ${settings.pageTitle}`)}</description>`,
    '<language>en</language>',
    `<lastBuildDate>${rfc822(ctx.updated)}</lastBuildDate>`,
    `<atom:link href="${xml(siteUrl(ctx.base, RSS_PATH))}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
