import type { Incident, StatusState } from './state';
import { isOpenStatus } from './vocabulary';

/** Resolved incidents stay in the state document (and on the front page) this long… */
export const RECENT_DAYS = 15;
/** …but no more of them than this, so a bad fortnight cannot make every command slower. */
export const RECENT_MAX = 50;

const DAY_MS = 86_400_000;

/**
 * Splits off the resolved incidents that have aged out of the state document. The caller archives them to
 * their own documents before it saves the state without them, so an incident is never in neither place.
 */
export function pruneResolved(state: StatusState, now: string): { state: StatusState; archived: Incident[] } {
  const cutoff = Date.parse(now) - RECENT_DAYS * DAY_MS;
  const resolved = state.incidents
    .filter((incident) => !isOpenStatus(incident.status))
    .sort((a, b) => Date.parse(b.resolvedAt ?? b.updatedAt) - Date.parse(a.resolvedAt ?? a.updatedAt));
  const keep = new Set(
    resolved
      .filter((incident) => Date.parse(incident.resolvedAt ?? incident.updatedAt) >= cutoff)
      .slice(0, RECENT_MAX)
      .map((incident) => incident.id),
  );
  const archived = resolved.filter((incident) => !keep.has(incident.id));
  if (archived.length === 0) return { state, archived };
  const gone = new Set(archived.map((incident) => incident.id));
  return { state: { ...state, incidents: state.incidents.filter((i) => !gone.has(i.id)) }, archived };
}
