import { componentName, type Catalog } from '../model/catalog';
import { DAY_MS } from '../model/time';
import { listComponents, type ListedComponent } from './componentList';
import { deepFreeze, isDeeplyFrozen } from '../model/frozen';
import {
  dayOf,
  toDayView,
  toRangeView,
  type RangeView,
  toDurationView,
  toTimeView,
  type DurationView,
  type TimeView,
} from './displayTime';
import { safeHref, siteUrl, toRichText, toSiteBase, type TextPart } from './links';
import { toPlainText } from './plainText';
import type { SiteSettings } from './siteSettings';
import {
  derivePageStatus,
  impactPageStatus,
  type PageDescription,
  type PageIndicator,
  type PageStatus,
} from './pageStatus';
import {
  openIncidents,
  type ComponentChange,
  type Incident,
  type IncidentUpdate,
  type Maintenance,
  type MaintenanceUpdate,
  type StatusState,
} from '../model/state';
import { computeUptime, toUptimeView, type UptimeView } from './uptime';
import { newestStartedFirst, startOf } from './incidentOrder';
import {
  IMPACTS,
  componentStatusLabel,
  isOpenStatus,
  statusLabel,
  type ComponentStatus,
  type Impact,
  type IncidentStatus,
  type MaintenanceStatus,
} from '../model/vocabulary';

// The view models: everything a template shows, computed here so templates stay logic-less. Rendered as of
// `state.updatedAt` (no clock). Never carries the internal timeline, notes, roles or authors: templates cannot
// show what is not here.

export type { TimeView, DurationView } from './displayTime';
export { toTimeView } from './displayTime';

/** The front page shows incidents of this many days, grouped by day. */
export const PAST_DAYS = 15;
/**
 * …and at most this many of them, the latest: a bad fortnight's 200 made the front page 85 KB and its render grow
 * with every incident; the rest are a click away in the history.
 */
export const PAST_INCIDENTS_SHOWN = 20;
/** A past incident shows how it ended in at most this many characters; its page has the rest. */
export const PAST_EXCERPT_LENGTH = 280;

/** What every page's frame needs. */
export interface LayoutView {
  pageTitle: string;
  /** Prefix that leads from the page being rendered to the site root ("", "../" or "/"). */
  root: string;
  /** The document's `<title>`. */
  documentTitle: string;
  /** `<meta name="description">`: what a search result or link preview says under the title. */
  description: string;
  /** The page's absolute address when PAGE_URL is set: `<link rel="canonical">`. */
  canonical?: string;
  /** Pages that must not be indexed (404). */
  noindex?: boolean;
  /**
   * The page status indicator: the colour of the favicon. Left out on pages that do not show the current status
   * (history, 404), so they need not be rewritten each time the status turns.
   */
  tone?: Tone;
}

/** The colour of a status: the page status indicator (see pageStatus.ts). */
export type Tone = PageIndicator;

export interface ComponentChangeView {
  name: string;
  fromLabel: string;
  toLabel: string;
  to: ComponentStatus;
}

export interface UpdateView {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  statusLabel: string;
  headline?: string;
  message: TextPart[];
  at: TimeView;
  editedAt?: TimeView;
  changes: ComponentChangeView[];
}

export interface PromiseView {
  at: TimeView;
  /** The promised time has passed as of the state's instant. */
  overdue: boolean;
}

export interface IncidentView {
  id: string;
  title: string;
  status: IncidentStatus;
  statusLabel: string;
  impact: Impact;
  /** The impact in words: "Major impact" (never a component status's words). */
  impactLabel: string;
  open: boolean;
  /** Relative to the site root. */
  path: string;
  /** "Chat, Meetings"; empty when the incident names no component. */
  componentNames: string;
  createdAt: TimeView;
  resolvedAt?: TimeView;
  /** Start to resolution; while open, start to the state's instant. */
  duration: DurationView;
  nextUpdate?: PromiseView;
  eta?: TimeView;
  /** Newest first; on the front page only the latest FRONT_PAGE_UPDATES. */
  updates: UpdateView[];
  /** "4 earlier updates", linking to the incident's page, when the front page leaves some out. */
  earlierUpdates?: string;
}

/**
 * Updates of each open incident on the front page: the latest few, with a link to the rest. A long outage's
 * hundred updates made index.html megabytes, and every command rendered it.
 */
export const FRONT_PAGE_UPDATES = 3;

export interface HeaderView {
  /** The page status indicator, as a colour; the words always say it too. */
  tone: Tone;
  /** Statuspage's description: "Partial System Outage". */
  text: PageDescription;
}

export interface ComponentView {
  id: string;
  name: string;
  description?: string;
  status: ComponentStatus;
  statusLabel: string;
  uptime: UptimeView;
}

export interface GroupView {
  name: string;
  status: ComponentStatus;
  statusLabel: string;
  /** Shown expanded when any of its components is not operational. */
  open: boolean;
  components: ComponentView[];
}

/** Exactly one of the two is set. */
export interface ComponentEntryView {
  component?: ComponentView;
  group?: GroupView;
}

export interface MaintenanceView {
  id: string;
  title: string;
  status: MaintenanceStatus;
  statusLabel: string;
  scheduledFor: TimeView;
  scheduledUntil: TimeView;
  /** The window, compact. */
  window: RangeView;
  componentNames: string;
  /** Newest first. */
  updates: UpdateView[];
}

/** An incident as a line in a list that links to its page (past incidents, history). */
export interface IncidentLinkView {
  id: string;
  title: string;
  /** Relative to the site root. */
  path: string;
  status: IncidentStatus;
  statusLabel: string;
  impactLabel: string;
  open: boolean;
}

export interface PastIncidentView extends IncidentLinkView {
  /** When it started: the script files it under the reader's day. */
  createdAt: TimeView;
  duration: DurationView;
  latest?: UpdateView;
}

export interface PastMaintenanceView {
  id: string;
  title: string;
  statusLabel: string;
  scheduledFor: TimeView;
  scheduledUntil: TimeView;
  window: RangeView;
}

export interface DayView {
  date: TimeView;
  incidents: PastIncidentView[];
  maintenances: PastMaintenanceView[];
  /** Nothing happened that day: the page says so. */
  quiet: boolean;
  /** Some of the day's incidents or maintenance are listed. */
  listed: boolean;
  /** The day where the front page's list stops: more of its incidents are in the history. */
  more?: { text: string; path: string };
}

/** Past incidents the front page leaves to the history: the days before the last day it lists. */
export interface PastMoreView {
  text: string;
  /** The last instant of the incidents not shown: a day is complete only after it (the script keeps UTC days). */
  cutAt: string;
}

/** What every page that shows something still going on carries. */
export interface LiveView {
  /** Something is open or in progress: the script reloads the page while it is shown, to pick up changes. */
  live: boolean;
}

export interface PageView extends LayoutView, LiveView {
  header: HeaderView;
  openIncidents: IncidentView[];
  activeMaintenances: MaintenanceView[];
  upcomingMaintenances: MaintenanceView[];
  components: ComponentEntryView[];
  pastDays: DayView[];
  /** Set when the past days hold more incidents than the front page lists. */
  pastMore?: PastMoreView;
  updatedAt: TimeView;
}

export interface PostmortemView {
  href?: string;
  text?: TextPart[];
  publishedAt: TimeView;
}

export interface IncidentDetailView extends IncidentView {
  /** The first public update and how long after the start it came. */
  firstUpdate?: { at: TimeView; after: DurationView };
  postmortem?: PostmortemView;
}

export interface IncidentPageView extends LayoutView, LiveView {
  incident: IncidentDetailView;
}

export type NotFoundView = LayoutView;

// Distinct from the component statuses' words ("Major outage") and the page status's ("Major Service Outage"):
// one phrase, one meaning.
const IMPACT_WORDS: Readonly<Record<Impact, string>> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
};

/** An impact in words: every incident says it the same way. */
export function impactLabel(impact: Impact): string {
  return IMPACT_WORDS[impact];
}

/** "In progress" */
export function maintenanceStatusLabel(status: MaintenanceStatus): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A description fit for a search result: one line, at most 160 characters. */
export function toDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 160 ? line : `${line.slice(0, 159).trimEnd()}…`;
}

/** The canonical address of a published path, when the page's public URL is known. */
export function canonicalOf(settings: SiteSettings, path: string): { canonical?: string } {
  const base = toSiteBase(settings.pageUrl);
  return base === undefined ? {} : { canonical: siteUrl(base, path) };
}

export function incidentPath(id: string): string {
  return `incidents/${id}.html`;
}

/** A month's page in the history: `month` is yyyy-mm. */
export function historyMonthPath(month: string): string {
  return `history/${month}.html`;
}

function names(catalog: Catalog, ids: readonly string[]): string {
  return ids.map((id) => toPlainText(componentName(catalog, id))).join(', ');
}

function toChangeView(catalog: Catalog, change: ComponentChange): ComponentChangeView {
  return {
    name: toPlainText(componentName(catalog, change.componentId)),
    fromLabel: componentStatusLabel(change.from),
    toLabel: componentStatusLabel(change.to),
    to: change.to,
  };
}

function toUpdateView(catalog: Catalog, update: IncidentUpdate): UpdateView {
  const view: UpdateView = {
    id: update.id,
    status: update.status,
    statusLabel: statusLabel(update.status),
    message: toRichText(update.message),
    at: toTimeView(update.createdAt),
    changes: update.componentChanges.map((change) => toChangeView(catalog, change)),
  };
  if (update.headline) view.headline = toPlainText(update.headline);
  if (update.editedAt) view.editedAt = toTimeView(update.editedAt);
  return view;
}

function toMaintenanceUpdateView(update: MaintenanceUpdate): UpdateView {
  return {
    id: update.id,
    status: update.status,
    statusLabel: maintenanceStatusLabel(update.status),
    message: toRichText(update.message),
    at: toTimeView(update.createdAt),
    changes: [],
  };
}

export function toIncidentView(
  incident: Incident,
  catalog: Catalog,
  now: string,
  latest: number = incident.updates.length,
): IncidentView {
  const open = isOpenStatus(incident.status);
  // Only the updates shown are turned into views: the rest cost nothing.
  const shown = latest > 0 ? incident.updates.slice(-latest) : [];
  const view: IncidentView = {
    id: incident.id,
    title: toPlainText(incident.title),
    status: incident.status,
    statusLabel: statusLabel(incident.status),
    impact: incident.impact,
    impactLabel: impactLabel(incident.impact),
    open,
    path: incidentPath(incident.id),
    componentNames: names(catalog, incident.components),
    createdAt: toTimeView(incident.createdAt),
    duration: toDurationView(incident.createdAt, open ? now : (incident.resolvedAt ?? incident.updatedAt)),
    updates: shown.map((update) => toUpdateView(catalog, update)).reverse(),
  };
  const earlier = incident.updates.length - shown.length;
  if (earlier > 0 && latest > 0) view.earlierUpdates = `${earlier} earlier update${earlier === 1 ? '' : 's'}`;
  if (incident.resolvedAt && !open) view.resolvedAt = toTimeView(incident.resolvedAt);
  if (open && incident.nextUpdateAt) {
    view.nextUpdate = {
      at: toTimeView(incident.nextUpdateAt),
      overdue: Date.parse(incident.nextUpdateAt) < Date.parse(now),
    };
  }
  if (open && incident.eta) view.eta = toTimeView(incident.eta);
  return view;
}

function toPostmortemView(incident: Incident): PostmortemView | undefined {
  const postmortem = incident.postmortem;
  if (!postmortem) return undefined;
  const view: PostmortemView = { publishedAt: toTimeView(postmortem.publishedAt) };
  const href = postmortem.url === undefined ? undefined : safeHref(postmortem.url);
  if (href) view.href = href;
  // A link that is not http(s) is still what the team wrote: it is shown as text, never as a link.
  const text = [postmortem.text, href ? undefined : postmortem.url].filter(Boolean).join('\n\n');
  if (text) view.text = toRichText(text);
  return view.href || view.text ? view : undefined;
}

export function toIncidentDetailView(incident: Incident, catalog: Catalog, now: string): IncidentDetailView {
  const view: IncidentDetailView = toIncidentView(incident, catalog, now);
  const first = incident.updates[0];
  if (first) {
    view.firstUpdate = {
      at: toTimeView(first.createdAt),
      after: toDurationView(incident.createdAt, first.createdAt),
    };
  }
  const postmortem = toPostmortemView(incident);
  if (postmortem) view.postmortem = postmortem;
  return view;
}

/** The page status, in colour and Statuspage's words. */
export function toHeaderView(status: PageStatus): HeaderView {
  return { tone: status.indicator, text: status.description };
}

function toComponentView(state: StatusState, listed: ListedComponent): ComponentView {
  const view: ComponentView = {
    id: listed.definition.id,
    name: toPlainText(listed.definition.name),
    status: listed.status,
    statusLabel: componentStatusLabel(listed.status),
    uptime: toUptimeView(computeUptime(state, listed.definition.id)),
  };
  if (listed.definition.description) view.description = toPlainText(listed.definition.description);
  return view;
}

export function toComponentEntries(state: StatusState, catalog: Catalog): ComponentEntryView[] {
  return listComponents(catalog, state).map((entry): ComponentEntryView => {
    if (entry.kind === 'component') return { component: toComponentView(state, entry.component) };
    const { group } = entry;
    return {
      group: {
        name: toPlainText(group.name),
        status: group.status,
        statusLabel: componentStatusLabel(group.status),
        open: group.status !== 'operational',
        components: group.components.map((listed) => toComponentView(state, listed)),
      },
    };
  });
}

export function toMaintenanceView(maintenance: Maintenance, catalog: Catalog): MaintenanceView {
  return {
    id: maintenance.id,
    title: toPlainText(maintenance.title),
    status: maintenance.status,
    statusLabel: maintenanceStatusLabel(maintenance.status),
    scheduledFor: toTimeView(maintenance.scheduledFor),
    scheduledUntil: toTimeView(maintenance.scheduledUntil),
    window: toRangeView(maintenance.scheduledFor, maintenance.scheduledUntil),
    componentNames: names(catalog, maintenance.components),
    updates: maintenance.updates.map(toMaintenanceUpdateView).reverse(),
  };
}

const byTime = (a: string, b: string) => Date.parse(b) - Date.parse(a);
const newestCreatedFirst = (a: Incident, b: Incident) => byTime(a.createdAt, b.createdAt);

/**
 * A resolved incident's summary depends on nothing but the incident and the catalog: for one the state store
 * hands out frozen (it cannot change), it is made once, not on every render (200 of them at the state's cap).
 */
const pastViews = new WeakMap<Catalog, WeakMap<Incident, PastIncidentView>>();

function toPastIncidentView(incident: Incident, catalog: Catalog, now: string): PastIncidentView {
  if (isOpenStatus(incident.status) || !isDeeplyFrozen(incident))
    return makePastIncidentView(incident, catalog, now);
  let views = pastViews.get(catalog);
  if (!views) pastViews.set(catalog, (views = new WeakMap()));
  let view = views.get(incident);
  // Frozen, so the renderer may keep the HTML made from it (its fragment partials).
  if (!view) views.set(incident, (view = deepFreeze(makePastIncidentView(incident, catalog, now))));
  return view;
}

function makePastIncidentView(incident: Incident, catalog: Catalog, now: string): PastIncidentView {
  // A summary: only the latest update is shown, so only it is made into a view.
  const full = toIncidentView(incident, catalog, now, 1);
  const view: PastIncidentView = {
    id: full.id,
    title: full.title,
    path: full.path,
    status: full.status,
    statusLabel: full.statusLabel,
    impactLabel: full.impactLabel,
    open: full.open,
    createdAt: full.createdAt,
    duration: full.duration,
  };
  // An open incident's updates are shown in full above; a resolved one shows how it ended, briefly.
  const latest = full.updates[0];
  if (latest && !full.open)
    view.latest = { ...latest, message: excerptOf(latest.message, PAST_EXCERPT_LENGTH) };
  return view;
}

/** The first `max` characters of a message, cut at a word where one is near, with "…" when it was longer. */
export function excerptOf(parts: readonly TextPart[], max: number): TextPart[] {
  const excerpt: TextPart[] = [];
  let left = max;
  for (const part of parts) {
    if (part.text.length <= left) {
      excerpt.push(part);
      left -= part.text.length;
      continue;
    }
    const cut = part.text.slice(0, left);
    const space = cut.lastIndexOf(' ');
    const text = `${(space > 0 && space > left - 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
    excerpt.push(part.href ? { ...part, text } : { text });
    break;
  }
  return excerpt;
}

interface PastDays {
  days: DayView[];
  more?: PastMoreView;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The last `PAST_DAYS` UTC days, today first, each with the incidents that started on it; at most
 * `PAST_INCIDENTS_SHOWN` incidents in all. When there are more, the list stops at the day of the last one shown,
 * which says how many more it had, and the page says how many earlier ones the history holds: a day with incidents
 * is never shown as quiet.
 */
function toPastDays(state: StatusState, catalog: Catalog): PastDays {
  const today = Date.parse(`${dayOf(state.updatedAt)}T00:00:00Z`);
  const since = today - (PAST_DAYS - 1) * DAY_MS;
  // Each incident's day once, not once per day shown (200 incidents × 15 days at the state's cap).
  const recent = newestStartedFirst(state).filter((incident) => startOf(incident) >= since);
  const shown = new Set(recent.slice(0, PAST_INCIDENTS_SHOWN));
  const firstHidden = recent[PAST_INCIDENTS_SHOWN];
  const lastDay = firstHidden ? dayOf(firstHidden.createdAt) : undefined;
  const incidentsByDay = new Map<string, Incident[]>();
  for (const incident of recent) {
    const day = dayOf(incident.createdAt);
    const list = incidentsByDay.get(day);
    if (list) list.push(incident);
    else incidentsByDay.set(day, [incident]);
  }
  const maintenances = state.maintenances
    .filter((maintenance) => maintenance.status === 'completed')
    .sort((a, b) => byTime(a.scheduledFor, b.scheduledFor));
  const days: DayView[] = [];
  let earlier = 0;
  for (let index = 0; index < PAST_DAYS; index++) {
    const day = dayOf(new Date(today - index * DAY_MS).toISOString());
    const all = incidentsByDay.get(day) ?? [];
    if (lastDay !== undefined && day < lastDay) {
      earlier += all.length;
      continue;
    }
    const dayIncidents = all
      .filter((incident) => shown.has(incident))
      .map((incident) => toPastIncidentView(incident, catalog, state.updatedAt));
    const dayMaintenances = maintenances
      .filter((maintenance) => dayOf(maintenance.scheduledFor) === day)
      .map((maintenance): PastMaintenanceView => ({
        id: maintenance.id,
        title: toPlainText(maintenance.title),
        statusLabel: maintenanceStatusLabel(maintenance.status),
        scheduledFor: toTimeView(maintenance.scheduledFor),
        scheduledUntil: toTimeView(maintenance.scheduledUntil),
        window: toRangeView(maintenance.scheduledFor, maintenance.scheduledUntil),
      }));
    const hidden = all.length - dayIncidents.length;
    days.push({
      date: toDayView(day),
      incidents: dayIncidents,
      maintenances: dayMaintenances,
      quiet: all.length === 0 && dayMaintenances.length === 0,
      listed: dayIncidents.length > 0 || dayMaintenances.length > 0,
      ...(hidden > 0
        ? {
            more: {
              text: `${dayIncidents.length > 0 ? `${plural(hidden, 'more incident')}` : plural(hidden, 'incident')} on this day`,
              path: historyMonthPath(day.slice(0, 7)),
            },
          }
        : {}),
    });
  }
  if (!firstHidden) return { days };
  return {
    days,
    more: {
      text: `${earlier > 0 ? `${plural(earlier, 'earlier incident')} of the last ${PAST_DAYS} days` : 'Earlier incidents'} are in the incident history.`,
      cutAt: firstHidden.createdAt,
    },
  };
}

/**
 * Open incidents, the worst impact first (on a phone, the critical one is what shows above the fold), then the
 * latest started first. Never by last update: an update must not move an incident down the page.
 */
export function openIncidentsOf(state: StatusState): Incident[] {
  return openIncidents(state).sort(
    (a, b) => IMPACTS.indexOf(b.impact) - IMPACTS.indexOf(a.impact) || newestCreatedFirst(a, b),
  );
}

export function toPageView(state: StatusState, settings: SiteSettings): PageView {
  const { catalog } = settings;
  const pageTitle = toPlainText(settings.pageTitle);
  const open = openIncidentsOf(state);
  const header = toHeaderView(derivePageStatus(state, catalog));
  const bySchedule = (a: Maintenance, b: Maintenance) => byTime(b.scheduledFor, a.scheduledFor);
  const maintenances = (statuses: readonly MaintenanceStatus[]) =>
    state.maintenances
      .filter((maintenance) => statuses.includes(maintenance.status))
      .sort(bySchedule)
      .map((maintenance) => toMaintenanceView(maintenance, catalog));
  const activeMaintenances = maintenances(['in_progress', 'verifying']);
  const past = toPastDays(state, catalog);
  return {
    pageTitle,
    root: '',
    documentTitle: `${header.text} · ${pageTitle}`,
    description: toDescription(
      `${header.text}. Current status, incidents and scheduled maintenance of ${pageTitle}, updated as they happen.`,
    ),
    ...canonicalOf(settings, ''),
    tone: header.tone,
    live: open.length > 0 || activeMaintenances.length > 0,
    header,
    openIncidents: open.map((incident) =>
      toIncidentView(incident, catalog, state.updatedAt, FRONT_PAGE_UPDATES),
    ),
    activeMaintenances,
    upcomingMaintenances: maintenances(['scheduled']),
    components: toComponentEntries(state, catalog),
    pastDays: past.days,
    ...(past.more ? { pastMore: past.more } : {}),
    updatedAt: toTimeView(state.updatedAt),
  };
}

export function toIncidentPageView(
  incident: Incident,
  state: StatusState,
  settings: SiteSettings,
): IncidentPageView {
  const pageTitle = toPlainText(settings.pageTitle);
  const view = toIncidentDetailView(incident, settings.catalog, state.updatedAt);
  return {
    pageTitle,
    root: '../',
    documentTitle: `${incident.id}: ${view.title} · ${pageTitle}`,
    description: toDescription(
      `${view.statusLabel} · ${view.impactLabel}${view.componentNames ? ` · ${view.componentNames}` : ''}. ${toPlainText(incident.updates.at(-1)?.message ?? '')}`,
    ),
    ...canonicalOf(settings, incidentPath(incident.id)),
    tone: view.open ? impactPageStatus(incident.impact).indicator : 'none',
    live: view.open,
    incident: view,
  };
}

export function toNotFoundView(settings: SiteSettings): NotFoundView {
  const pageTitle = toPlainText(settings.pageTitle);
  // Served at any unknown address, so its links start at the site root.
  return {
    pageTitle,
    root: '/',
    documentTitle: `Page not found · ${pageTitle}`,
    description: `This page does not exist on ${pageTitle}.`,
    noindex: true,
  };
}
