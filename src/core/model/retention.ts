import type { History, Incident, IncidentSummary, StatusState } from './state';
import { DAY_MS } from './time';
import { isOpenStatus } from './vocabulary';

/** The most recently resolved incidents stay in the state document: the JSON and feeds show the latest 50… */
export const RECENT_MIN = 50;
/** …and the front page shows the last 15 days… */
export const RECENT_DAYS = 15;
/** …but never more than this, so a bad fortnight cannot make every command slower. */
export const RECENT_MAX = 200;

export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

export function toSummary(incident: Incident): IncidentSummary {
  const summary: IncidentSummary = {
    id: incident.id,
    title: incident.title,
    impact: incident.impact,
    status: incident.status,
    createdAt: incident.createdAt,
  };
  if (incident.resolvedAt) summary.resolvedAt = incident.resolvedAt;
  return summary;
}

const resolvedAt = (incident: Incident) => Date.parse(incident.resolvedAt ?? incident.updatedAt);

/** Keeps archived summaries only for months whose page can still change (months with incidents in the state). */
function nextHistory(history: History, kept: readonly Incident[], archived: readonly Incident[]): History {
  const liveMonths = new Set(kept.map((incident) => monthOf(incident.createdAt)));
  return {
    months: history.months,
    archived: [...history.archived, ...archived.map(toSummary)].filter((summary) =>
      liveMonths.has(monthOf(summary.createdAt)),
    ),
  };
}

/**
 * Splits off the resolved incidents that have aged out of the state document. The caller archives them to
 * their own documents before it saves the state without them, so an incident is never in neither place.
 */
export function pruneResolved(state: StatusState, now: string): { state: StatusState; archived: Incident[] } {
  const cutoff = Date.parse(now) - RECENT_DAYS * DAY_MS;
  // Each instant parsed once, not in every comparison: this runs on every command, 200 incidents at the cap.
  const resolved = state.incidents
    .filter((incident) => !isOpenStatus(incident.status))
    .map((incident) => ({ incident, at: resolvedAt(incident) }))
    .sort((a, b) => b.at - a.at);
  const keep = new Set(
    resolved
      .filter(({ at }, index) => index < RECENT_MIN || at >= cutoff)
      .slice(0, RECENT_MAX)
      .map(({ incident }) => incident.id),
  );
  const archived = resolved.map(({ incident }) => incident).filter((incident) => !keep.has(incident.id));
  if (archived.length === 0) return { state, archived };
  const incidents = state.incidents.filter((incident) => !archived.includes(incident));
  return {
    state: { ...state, incidents, history: nextHistory(state.history, incidents, archived) },
    archived,
  };
}
