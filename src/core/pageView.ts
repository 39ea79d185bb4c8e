import type { Incident, IncidentUpdate, StatusState } from './state';
import { formatUtc } from './time';
import { IMPACTS, isOpenStatus, statusLabel, type Impact } from './vocabulary';

// The view model: everything a template shows, computed here so templates stay logic-less.

export interface TimeView {
  /** For `<time datetime>`. */
  iso: string;
  /** "21 Nov 2026, 13:05 UTC" */
  text: string;
}

export interface UpdateView {
  id: string;
  statusLabel: string;
  message: string;
  at: TimeView;
}

export interface IncidentView {
  id: string;
  title: string;
  status: string;
  statusLabel: string;
  /** Relative to the site root. */
  path: string;
  createdAt: TimeView;
  resolvedAt?: TimeView;
  /** Newest first. */
  updates: UpdateView[];
}

export interface HeaderView {
  /** `operational` is green; `outage` is red. Words always say it too. */
  tone: 'operational' | 'outage';
  text: string;
}

export interface PageView {
  pageTitle: string;
  /** Prefix that leads from the page being rendered to the site root ("" or "../"). */
  root: string;
  header: HeaderView;
  openIncidents: IncidentView[];
  recentIncidents: IncidentView[];
  updatedAt: TimeView;
}

export interface IncidentPageView {
  pageTitle: string;
  root: string;
  incident: IncidentView;
}

export function toTimeView(iso: string): TimeView {
  return { iso, text: formatUtc(iso) };
}

function toUpdateView(update: IncidentUpdate): UpdateView {
  return {
    id: update.id,
    statusLabel: statusLabel(update.status),
    message: update.message,
    at: toTimeView(update.createdAt),
  };
}

export function incidentPath(id: string): string {
  return `incidents/${id}.html`;
}

export function toIncidentView(incident: Incident): IncidentView {
  const view: IncidentView = {
    id: incident.id,
    title: incident.title,
    status: incident.status,
    statusLabel: statusLabel(incident.status),
    path: incidentPath(incident.id),
    createdAt: toTimeView(incident.createdAt),
    updates: incident.updates.map(toUpdateView).reverse(),
  };
  if (incident.resolvedAt) view.resolvedAt = toTimeView(incident.resolvedAt);
  return view;
}

const IMPACT_HEADLINE: Readonly<Record<Impact, string>> = {
  none: 'Service notice',
  minor: 'Minor disruption',
  major: 'Major outage',
  critical: 'Critical outage',
};

/** Red while any incident is open, in the words of the worst open impact; green otherwise. */
export function toHeaderView(open: readonly Incident[]): HeaderView {
  if (open.length === 0) return { tone: 'operational', text: 'All systems operational' };
  const worst = open.reduce<Impact>(
    (acc, incident) => (IMPACTS.indexOf(incident.impact) > IMPACTS.indexOf(acc) ? incident.impact : acc),
    'none',
  );
  return { tone: 'outage', text: IMPACT_HEADLINE[worst] };
}

const newestFirst = (a: Incident, b: Incident) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt);

export function toPageView(state: StatusState, pageTitle: string): PageView {
  const open = state.incidents.filter((incident) => isOpenStatus(incident.status)).sort(newestFirst);
  const recent = state.incidents.filter((incident) => !isOpenStatus(incident.status)).sort(newestFirst);
  return {
    pageTitle,
    root: '',
    header: toHeaderView(open),
    openIncidents: open.map(toIncidentView),
    recentIncidents: recent.map(toIncidentView),
    updatedAt: toTimeView(state.updatedAt),
  };
}

export function toIncidentPageView(incident: Incident, pageTitle: string): IncidentPageView {
  return { pageTitle, root: '../', incident: toIncidentView(incident) };
}
