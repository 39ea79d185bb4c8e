import { componentName, type Catalog } from '../model/catalog';
import { DAY_MS } from '../model/time';
import { listComponents, type ListedComponent } from './componentList';
import {
  dayOf,
  toDayView,
  toDurationView,
  toTimeView,
  type DurationView,
  type TimeView,
} from './displayTime';
import { safeHref, toRichText, type TextPart } from './links';
import { toPlainText } from './plainText';
import type { SiteSettings } from './siteSettings';
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

/** What every page's frame needs. */
export interface LayoutView {
  pageTitle: string;
  /** Prefix that leads from the page being rendered to the site root ("", "../" or "/"). */
  root: string;
  /** The document's `<title>`. */
  documentTitle: string;
  /**
   * `operational` or `outage`: the colour of the favicon. Left out on pages that do not show the current status
   * (history, 404), so they need not be rewritten each time the status turns.
   */
  tone?: Tone;
}

export type Tone = 'operational' | 'outage';

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
  /** The impact in words: "Major outage". */
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
  /** `operational` is green; `outage` is red. Words always say it too. */
  tone: Tone;
  text: string;
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
  duration: DurationView;
  latest?: UpdateView;
}

export interface PastMaintenanceView {
  id: string;
  title: string;
  statusLabel: string;
  scheduledFor: TimeView;
  scheduledUntil: TimeView;
}

export interface DayView {
  date: TimeView;
  incidents: PastIncidentView[];
  maintenances: PastMaintenanceView[];
  /** Nothing happened that day: the page says so. */
  quiet: boolean;
}

export interface PageView extends LayoutView {
  header: HeaderView;
  openIncidents: IncidentView[];
  activeMaintenances: MaintenanceView[];
  upcomingMaintenances: MaintenanceView[];
  components: ComponentEntryView[];
  pastDays: DayView[];
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

export interface IncidentPageView extends LayoutView {
  incident: IncidentDetailView;
}

export type NotFoundView = LayoutView;

const IMPACT_WORDS: Readonly<Record<Impact, string>> = {
  none: 'Service notice',
  minor: 'Minor disruption',
  major: 'Major outage',
  critical: 'Critical outage',
};

/** An impact in words: the header and every incident say it the same way. */
export function impactLabel(impact: Impact): string {
  return IMPACT_WORDS[impact];
}

/** "In progress" */
export function maintenanceStatusLabel(status: MaintenanceStatus): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function incidentPath(id: string): string {
  return `incidents/${id}.html`;
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

/** The worst impact among incidents; `none` when there are none. */
export function worstImpact(incidents: readonly Incident[]): Impact {
  return incidents.reduce<Impact>(
    (worst, incident) =>
      IMPACTS.indexOf(incident.impact) > IMPACTS.indexOf(worst) ? incident.impact : worst,
    'none',
  );
}

/** Red while any incident is open, in the words of the worst open impact; green otherwise. */
export function toHeaderView(open: readonly Incident[]): HeaderView {
  if (open.length === 0) return { tone: 'operational', text: 'All systems operational' };
  return { tone: 'outage', text: impactLabel(worstImpact(open)) };
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
    componentNames: names(catalog, maintenance.components),
    updates: maintenance.updates.map(toMaintenanceUpdateView).reverse(),
  };
}

const byTime = (a: string, b: string) => Date.parse(b) - Date.parse(a);
const newestUpdatedFirst = (a: Incident, b: Incident) => byTime(a.updatedAt, b.updatedAt);
const newestCreatedFirst = (a: Incident, b: Incident) => byTime(a.createdAt, b.createdAt);

function toPastIncidentView(incident: Incident, catalog: Catalog, now: string): PastIncidentView {
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
    duration: full.duration,
  };
  // An open incident's updates are shown in full above; a resolved one shows how it ended.
  const latest = full.updates[0];
  if (latest && !full.open) view.latest = latest;
  return view;
}

/** The last `PAST_DAYS` UTC days, today first, each with the incidents that started on it. */
function toPastDays(state: StatusState, catalog: Catalog): DayView[] {
  const today = Date.parse(`${dayOf(state.updatedAt)}T00:00:00Z`);
  const incidents = [...state.incidents].sort(newestCreatedFirst);
  const maintenances = state.maintenances
    .filter((maintenance) => maintenance.status === 'completed')
    .sort((a, b) => byTime(a.scheduledFor, b.scheduledFor));
  return Array.from({ length: PAST_DAYS }, (_, index) => {
    const day = dayOf(new Date(today - index * DAY_MS).toISOString());
    const dayIncidents = incidents
      .filter((incident) => dayOf(incident.createdAt) === day)
      .map((incident) => toPastIncidentView(incident, catalog, state.updatedAt));
    const dayMaintenances = maintenances
      .filter((maintenance) => dayOf(maintenance.scheduledFor) === day)
      .map((maintenance): PastMaintenanceView => ({
        id: maintenance.id,
        title: toPlainText(maintenance.title),
        statusLabel: maintenanceStatusLabel(maintenance.status),
        scheduledFor: toTimeView(maintenance.scheduledFor),
        scheduledUntil: toTimeView(maintenance.scheduledUntil),
      }));
    return {
      date: toDayView(day),
      incidents: dayIncidents,
      maintenances: dayMaintenances,
      quiet: dayIncidents.length === 0 && dayMaintenances.length === 0,
    };
  });
}

export function openIncidentsOf(state: StatusState): Incident[] {
  return openIncidents(state).sort(newestUpdatedFirst);
}

export function toPageView(state: StatusState, settings: SiteSettings): PageView {
  const { catalog } = settings;
  const pageTitle = toPlainText(settings.pageTitle);
  const open = openIncidentsOf(state);
  const header = toHeaderView(open);
  const bySchedule = (a: Maintenance, b: Maintenance) => byTime(b.scheduledFor, a.scheduledFor);
  const maintenances = (statuses: readonly MaintenanceStatus[]) =>
    state.maintenances
      .filter((maintenance) => statuses.includes(maintenance.status))
      .sort(bySchedule)
      .map((maintenance) => toMaintenanceView(maintenance, catalog));
  return {
    pageTitle,
    root: '',
    documentTitle: `${header.text} · ${pageTitle}`,
    tone: header.tone,
    header,
    openIncidents: open.map((incident) =>
      toIncidentView(incident, catalog, state.updatedAt, FRONT_PAGE_UPDATES),
    ),
    activeMaintenances: maintenances(['in_progress', 'verifying']),
    upcomingMaintenances: maintenances(['scheduled']),
    components: toComponentEntries(state, catalog),
    pastDays: toPastDays(state, catalog),
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
    tone: view.open ? 'outage' : 'operational',
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
  };
}
