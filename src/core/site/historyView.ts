import { toDurationView, toTimeView, formatMonth, type DurationView, type TimeView } from './displayTime';
import {
  canonicalOf,
  historyMonthPath,
  impactLabel,
  incidentPath,
  toDescription,
  type IncidentLinkView,
  type LayoutView,
} from './pageView';
import { toPlainText } from './plainText';
import type { SiteSettings } from './siteSettings';
import { deepFreeze, isDeeplyFrozen } from '../model/frozen';
import type { Incident, IncidentSummary, StatusState } from '../model/state';
import { toSummary } from '../model/retention';
import { HOUR_MS } from '../model/time';
import { isOpenStatus, statusLabel } from '../model/vocabulary';

// The history pages, rendered from the state alone: the index lists every month from `history.months` (a dozen
// numbers a year); a month's page is rendered only while the state still holds incidents of that month (its
// own incidents plus the summaries of those already archived). Older months' pages were published when they
// last changed and never change again, so a command costs the same however long the history.
//
// Months are UTC months, and say so, for a reader without script. With script (templates/localTime.js) a month's
// page shows the incidents that started in that month by the reader's clock: every zone is within 14 hours of UTC,
// so a page also lists, hidden, the incidents of a neighbouring month that started within 14 hours of the
// boundary, and the script shows or hides each. It moves an incident to a neighbour only when that neighbour's
// page is rendered from the same state (and so lists it too); otherwise the incident stays on its UTC month.

export interface HistoryMonthLink {
  /** `YYYY-MM` */
  month: string;
  /** "November 2026" */
  label: string;
  /** Relative to the history folder. */
  path: string;
  /** "3 incidents" */
  countText: string;
}

export interface HistoryYearView {
  year: string;
  months: HistoryMonthLink[];
}

export interface HistoryIndexView extends LayoutView {
  /** Newest first. */
  years: HistoryYearView[];
}

export interface HistoryEntryView extends IncidentLinkView {
  createdAt: TimeView;
  resolvedAt?: TimeView;
  duration?: DurationView;
  /** Started in a neighbouring UTC month, near the boundary: listed hidden, for readers whose zone puts it here. */
  neighbour?: true;
}

export interface HistoryMonthView extends LayoutView {
  month: string;
  label: string;
  /** The incidents of the UTC month. */
  countText: string;
  /**
   * The neighbouring months (`YYYY-MM`, space-separated) whose pages this state renders too: the only ones an
   * incident near a boundary may move to in the reader's zone.
   */
  sharedMonths: string;
  /** Newest first: the month's own, and its neighbours' near the boundaries (`neighbour`). */
  incidents: HistoryEntryView[];
}

/** Every zone is within 14 hours of UTC (from UTC−12 to UTC+14). */
export const ZONE_REACH_MS = 14 * HOUR_MS;

/** Months of instants, remembered (a bounded number): every render asks for each incident's, several times. */
const MONTHS_KEPT = 4096;
const monthsOfInstants = new Map<string, string>();

function monthOf(iso: string): string {
  let month = monthsOfInstants.get(iso);
  if (month === undefined) {
    month = new Date(iso).toISOString().slice(0, 7);
    if (monthsOfInstants.size >= MONTHS_KEPT) monthsOfInstants.clear();
    monthsOfInstants.set(iso, month);
  }
  return month;
}

/** The first instant of a UTC month, in ms. */
function monthStart(month: string): number {
  return Date.parse(`${month}-01T00:00:00.000Z`);
}

/** `2026-12`, 1 → `2027-01` */
function addMonths(month: string, count: number): string {
  const date = new Date(monthStart(month));
  date.setUTCMonth(date.getUTCMonth() + count);
  return date.toISOString().slice(0, 7);
}

function countText(count: number): string {
  return count === 1 ? '1 incident' : `${count} incidents`;
}

/**
 * Made once per state and per frozen incident: the history index and each month's page ask for them on every
 * render (200 incidents at the state's cap).
 */
const summariesOfState = new WeakMap<StatusState, IncidentSummary[]>();
const summaryOfIncident = new WeakMap<Incident, IncidentSummary>();

function summaryOf(incident: Incident): IncidentSummary {
  if (!isDeeplyFrozen(incident)) return toSummary(incident);
  let summary = summaryOfIncident.get(incident);
  if (!summary) summaryOfIncident.set(incident, (summary = Object.freeze(toSummary(incident))));
  return summary;
}

/** Every incident the state knows of, as summaries: its own, and the archived ones it still lists. */
function summaries(state: StatusState): IncidentSummary[] {
  const known = summariesOfState.get(state);
  if (known) return known;
  const live = new Set(state.incidents.map((incident) => incident.id));
  const made = [
    ...state.incidents.map(summaryOf),
    ...state.history.archived.filter((summary) => !live.has(summary.id)),
  ];
  summariesOfState.set(state, made);
  return made;
}

/**
 * The months whose page this state renders: those with incidents still in the state document, and the month of
 * an incident taken back while the state still knows every incident left in it (so its page is rewritten
 * without the retracted one; a month with none left is deleted instead, see retractedPaths).
 */
export function historyMonthsToRender(state: StatusState): string[] {
  const months = new Set(state.incidents.map((incident) => monthOf(incident.createdAt)));
  for (const { createdAt } of state.retracted) {
    const month = monthOf(createdAt);
    const count = state.history.months[month] ?? 0;
    const known = summaries(state).filter((summary) => monthOf(summary.createdAt) === month).length;
    if (count > 0 && known >= count) months.add(month);
  }
  return [...months].sort().reverse();
}

/**
 * The published files that must not exist for this state: the pages of incidents taken back, and the history
 * page of a month left with no incident at all. Deleting them again is harmless, so a failed publish is
 * repaired from the state alone.
 */
export function retractedPaths(state: StatusState): string[] {
  const paths = new Set<string>();
  for (const { id, createdAt } of state.retracted) {
    paths.add(incidentPath(id));
    const month = monthOf(createdAt);
    if ((state.history.months[month] ?? 0) === 0) paths.add(historyMonthPath(month));
  }
  return [...paths];
}

function frame(settings: SiteSettings, title: string, path: string): LayoutView {
  const pageTitle = toPlainText(settings.pageTitle);
  return {
    pageTitle,
    root: '../',
    documentTitle: `${title} · ${pageTitle}`,
    description: toDescription(`${title}: every incident of ${pageTitle}, with how long each lasted.`),
    ...canonicalOf(settings, path),
  };
}

export function toHistoryIndexView(state: StatusState, settings: SiteSettings): HistoryIndexView {
  // history.months counts every incident ever opened; months the state holds are counted here too, so the index
  // is right even before the month's count reaches history.months.
  const counts = new Map(Object.entries(state.history.months));
  const known = new Map<string, number>();
  for (const summary of summaries(state)) {
    const month = monthOf(summary.createdAt);
    known.set(month, (known.get(month) ?? 0) + 1);
  }
  for (const [month, count] of known) counts.set(month, Math.max(count, counts.get(month) ?? 0));
  const years = new Map<string, HistoryMonthLink[]>();
  for (const month of [...counts.keys()]
    .filter((key) => /^\d{4}-\d{2}$/.test(key))
    .sort()
    .reverse()) {
    const count = counts.get(month) ?? 0;
    if (count <= 0) continue;
    const year = month.slice(0, 4);
    const links = years.get(year) ?? [];
    links.push({ month, label: formatMonth(month), path: `${month}.html`, countText: countText(count) });
    years.set(year, links);
  }
  return {
    ...frame(settings, 'Incident history', 'history/index.html'),
    years: [...years].map(([year, months]) => ({ year, months })),
  };
}

/**
 * An entry is made once per summary: by the object for a frozen one (a resolved incident's, shared between
 * loads), else by its content (archived summaries are read afresh from state.json on every command; a bad month
 * keeps a hundred). The content-keyed ones are bounded in number, each bounded by the title's cap. Frozen, so
 * the renderer may keep the HTML made from them (its fragment partials).
 */
const entriesOfSummary = new WeakMap<
  IncidentSummary,
  Partial<Record<'own' | 'neighbour', HistoryEntryView>>
>();
const ENTRIES_KEPT = 4096;
const entriesByContent = new Map<string, HistoryEntryView>();

function toEntry(summary: IncidentSummary, neighbour: boolean): HistoryEntryView {
  if (!Object.isFrozen(summary)) {
    const { id, title, impact, status, createdAt, resolvedAt } = summary;
    const key = JSON.stringify([id, title, impact, status, createdAt, resolvedAt ?? null, neighbour]);
    let entry = entriesByContent.get(key);
    if (!entry) {
      if (entriesByContent.size >= ENTRIES_KEPT) entriesByContent.clear();
      entriesByContent.set(key, (entry = deepFreeze(makeEntry(summary, neighbour))));
    }
    return entry;
  }
  let made = entriesOfSummary.get(summary);
  if (!made) entriesOfSummary.set(summary, (made = {}));
  const kind = neighbour ? 'neighbour' : 'own';
  return (made[kind] ??= deepFreeze(makeEntry(summary, neighbour)));
}

function makeEntry(summary: IncidentSummary, neighbour: boolean): HistoryEntryView {
  const open = isOpenStatus(summary.status);
  const entry: HistoryEntryView = {
    id: summary.id,
    title: toPlainText(summary.title),
    path: incidentPath(summary.id),
    status: summary.status,
    statusLabel: statusLabel(summary.status),
    impactLabel: impactLabel(summary.impact),
    open,
    createdAt: toTimeView(summary.createdAt),
  };
  if (!open && summary.resolvedAt) {
    entry.resolvedAt = toTimeView(summary.resolvedAt);
    entry.duration = toDurationView(summary.createdAt, summary.resolvedAt);
  }
  if (neighbour) entry.neighbour = true;
  return entry;
}

export function toHistoryMonthView(
  state: StatusState,
  settings: SiteSettings,
  month: string,
): HistoryMonthView {
  const label = formatMonth(month);
  const rendered = new Set(historyMonthsToRender(state));
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);
  const shared = [previous, next].filter((neighbour) => rendered.has(neighbour));
  const from = monthStart(month) - ZONE_REACH_MS;
  const until = monthStart(next) + ZONE_REACH_MS;
  const own: IncidentSummary[] = [];
  const near: IncidentSummary[] = [];
  for (const summary of summaries(state)) {
    const at = Date.parse(summary.createdAt);
    const its = monthOf(summary.createdAt);
    if (its === month) own.push(summary);
    else if (shared.includes(its) && at >= from && at < until) near.push(summary);
  }
  const incidents = [...own, ...near]
    .map((summary) => ({ summary, at: Date.parse(summary.createdAt) }))
    .sort((a, b) => b.at - a.at)
    .map(({ summary }) => toEntry(summary, monthOf(summary.createdAt) !== month));
  return {
    ...frame(settings, `Incidents in ${label}`, historyMonthPath(month)),
    month,
    label,
    countText: countText(own.length),
    sharedMonths: shared.join(' '),
    incidents,
  };
}
