import { toDurationView, toTimeView, formatMonth, type DurationView, type TimeView } from './displayTime';
import {
  canonicalOf,
  impactLabel,
  incidentPath,
  toDescription,
  type IncidentLinkView,
  type LayoutView,
} from './pageView';
import { toPlainText } from './plainText';
import type { SiteSettings } from './siteSettings';
import type { IncidentSummary, StatusState } from '../model/state';
import { toSummary } from '../model/retention';
import { isOpenStatus, statusLabel } from '../model/vocabulary';

// The history pages, rendered from the state alone: the index lists every month from `history.months` (a dozen
// numbers a year); a month's page is rendered only while the state still holds incidents of that month (its
// own incidents plus the summaries of those already archived). Older months' pages were published when they
// last changed and never change again, so a command costs the same however long the history.

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
}

export interface HistoryMonthView extends LayoutView {
  month: string;
  label: string;
  countText: string;
  /** Newest first. */
  incidents: HistoryEntryView[];
}

export function historyMonthPath(month: string): string {
  return `history/${month}.html`;
}

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

function countText(count: number): string {
  return count === 1 ? '1 incident' : `${count} incidents`;
}

/** Every incident the state knows of, as summaries: its own, and the archived ones it still lists. */
function summaries(state: StatusState): IncidentSummary[] {
  const live = new Set(state.incidents.map((incident) => incident.id));
  return [
    ...state.incidents.map(toSummary),
    ...state.history.archived.filter((summary) => !live.has(summary.id)),
  ];
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

export function toHistoryMonthView(
  state: StatusState,
  settings: SiteSettings,
  month: string,
): HistoryMonthView {
  const label = formatMonth(month);
  const incidents = summaries(state)
    .filter((summary) => monthOf(summary.createdAt) === month)
    .map((summary) => ({ summary, at: Date.parse(summary.createdAt) }))
    .sort((a, b) => b.at - a.at)
    .map(({ summary }): HistoryEntryView => {
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
      return entry;
    });
  return {
    ...frame(settings, `Incidents in ${label}`, historyMonthPath(month)),
    month,
    label,
    countText: countText(incidents.length),
    incidents,
  };
}
