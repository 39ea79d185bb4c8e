import { DAY_MS } from '../model/time';
import { dayOf, toDayView, toDurationViewOfMs } from './displayTime';
import type { StatusState } from '../model/state';
import { componentStatusLabel, type ComponentStatus } from '../model/vocabulary';

// 90-day uptime per component, computed from the component status changes kept in the state (never from the
// archive), as of `state.updatedAt`.
//
// The rule, per minute of the window:
// - major_outage counts as fully down (weight 1);
// - partial_outage counts as 0.3 down (most people can still work);
// - degraded_performance counts as up (slow is not down), and is shown on the bar;
// - under_maintenance counts as up: announced maintenance is not an outage (as on Statuspage), and is shown too.
// Uptime = 1 − (weighted down minutes ÷ minutes in the window so far). Today counts up to `state.updatedAt`.
// Before the first change we know of, a component counts as operational.

export const UPTIME_DAYS = 90;

export const DOWNTIME_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  degraded_performance: 0,
  under_maintenance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

/** Worse statuses rank higher: a day's bar shows the worst status of the day. */
const SEVERITY: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

export interface UptimeDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  worst: ComponentStatus;
  /** Milliseconds spent in each status other than operational. */
  time: Partial<Record<ComponentStatus, number>>;
  /** Today only: the status right now, when it is not operational. */
  ongoing?: ComponentStatus;
}

export interface Uptime {
  /** Oldest first, `UPTIME_DAYS` of them, the last one today. */
  days: UptimeDay[];
  /** 0–100. */
  percent: number;
}

interface Change {
  at: number;
  status: ComponentStatus;
}

/** The component's changes oldest first; the current status closes the list if no event recorded it. */
function changesOf(state: StatusState, componentId: string): Change[] {
  const changes = state.componentEvents
    .filter((event) => event.componentId === componentId)
    .map((event) => ({ at: Date.parse(event.at), status: event.status }))
    .sort((a, b) => a.at - b.at);
  const current = state.components[componentId];
  const last = changes[changes.length - 1];
  if (current && current.status !== last?.status) {
    const at = Date.parse(current.updatedAt);
    if (!last || at >= last.at) changes.push({ at, status: current.status });
  }
  return changes;
}

// The 90 day labels are the same for every component of a render (and for renders on the same day): a page
// with 50 components would otherwise format 4,500 dates each time.
let labels: { start: number; days: string[] } | undefined;

function dayLabels(start: number): string[] {
  if (labels?.start !== start) {
    labels = {
      start,
      days: Array.from({ length: UPTIME_DAYS }, (_, i) => dayOf(new Date(start + i * DAY_MS).toISOString())),
    };
  }
  return labels.days;
}

export function computeUptime(state: StatusState, componentId: string): Uptime {
  const now = Date.parse(state.updatedAt);
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const start = today - (UPTIME_DAYS - 1) * DAY_MS;
  const days: UptimeDay[] = dayLabels(start).map((day) => ({ day, worst: 'operational', time: {} }));
  const changes = changesOf(state, componentId);
  let status: ComponentStatus = 'operational';
  let from = start;
  let weightedDown = 0;
  const close = (until: number) => {
    const end = Math.min(until, now);
    if (status !== 'operational' && end > from) {
      weightedDown += DOWNTIME_WEIGHT[status] * (end - from);
      for (let dayStart = Math.floor(from / DAY_MS) * DAY_MS; dayStart < end; dayStart += DAY_MS) {
        const day = days[(dayStart - start) / DAY_MS];
        if (!day) continue;
        const spent = Math.min(end, dayStart + DAY_MS) - Math.max(from, dayStart);
        day.time[status] = (day.time[status] ?? 0) + spent;
        day.worst = worstStatus([day.worst, status]);
      }
    }
  };
  for (const change of changes) {
    if (change.at > start) close(change.at);
    status = change.status;
    from = Math.max(change.at, start);
  }
  close(now);
  // Today's bar shows the status right now from the moment it changes, before any time has been spent in it.
  const last = days[days.length - 1];
  if (last && status !== 'operational') {
    last.worst = worstStatus([last.worst, status]);
    last.ongoing = status;
  }
  const span = now - start;
  let percent = span > 0 ? 100 * (1 - weightedDown / span) : 100;
  // Down right now is never "100 %", however recent.
  if (DOWNTIME_WEIGHT[status] > 0) percent = Math.min(percent, 99.99);
  return { days, percent };
}

/** One bar that is not plain operational: where it is (in SVG units), how it looks, and what it says. */
export interface UptimeMark {
  x: number;
  /** CSS class: the status. */
  status: ComponentStatus;
  title: string;
}

export interface UptimeView {
  /** "99.95 %": rounded down, so any downtime shows below 100. */
  percentText: string;
  /** What the bars say, for people who cannot see them. */
  label: string;
  marks: UptimeMark[];
}

/** Each day is a bar `BAR_WIDTH` wide with a gap after it; the SVG is `UPTIME_DAYS * BAR_STEP` wide. */
export const BAR_STEP = 5;

export function formatPercent(percent: number): string {
  const floored = Math.floor(percent * 100) / 100;
  return floored >= 100 ? '100 %' : `${floored.toFixed(2)} %`;
}

const ORDER: readonly ComponentStatus[] = [
  'major_outage',
  'partial_outage',
  'degraded_performance',
  'under_maintenance',
];

function describeDay(day: UptimeDay): string {
  const spent = ORDER.filter((status) => day.time[status]).map((status) => {
    const duration = toDurationViewOfMs(day.time[status] ?? 0);
    return `${componentStatusLabel(status).toLowerCase()} ${duration.text}`;
  });
  if (day.ongoing) spent.push(`${componentStatusLabel(day.ongoing).toLowerCase()} now`);
  return `${toDayView(day.day).text}: ${spent.join(', ')}`;
}

export function toUptimeView(uptime: Uptime): UptimeView {
  const marks = uptime.days.flatMap((day, index): UptimeMark[] =>
    day.worst === 'operational' ? [] : [{ x: index * BAR_STEP, status: day.worst, title: describeDay(day) }],
  );
  const percentText = formatPercent(uptime.percent);
  const troubled = marks.length;
  const days = troubled === 0 ? 'no days' : troubled === 1 ? '1 day' : `${troubled} days`;
  return {
    percentText,
    label: `${percentText} uptime in the last ${UPTIME_DAYS} days; ${days} with disruption or maintenance`,
    marks,
  };
}
