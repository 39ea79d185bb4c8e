// The caps a command meets as a clear reply, never as a slow or failed command (issue 13, part 3). Every number
// fits a very bad week with room to spare; README.md ("Limits") lists them. Checked once, on the state a
// command would save, so every verb — today's and later ones — is held to them without its own code.
import type { Incident, StatusState } from '../model/state';
import { isOpenStatus } from '../model/vocabulary';
import { contentJson } from '../model/contentJson';
import { rejected } from './outcomes';
import type { Outcome } from './verbSpec';

/** Public updates per incident: a long outage posting every 30 minutes for two days uses a hundred. */
export const UPDATES_PER_INCIDENT = 100;
/** Timeline entries per incident (updates, notes, role and status changes): five per update. */
export const TIMELINE_PER_INCIDENT = 500;
/** Incidents open at once: a bad day has a handful. */
export const OPEN_INCIDENTS = 30;
/** Maintenance windows not yet completed: a year of weekly windows, planned ahead. */
export const PENDING_MAINTENANCES = 60;
/**
 * The state document's size (UTF-16 code units of its JSON, about bytes): moved by one storage call well inside
 * the 2 s call limit, parsed and written in tens of milliseconds. A command that would grow the state past it is
 * refused; one that closes an incident may still add its message, so a close always goes through.
 */
export const STATE_BUDGET = 4 * 1024 * 1024;
/** What a close may add past the budget: its message and the timeline entry. */
const CLOSE_HEADROOM = 256 * 1024;

const openCount = (state: StatusState) =>
  state.incidents.filter((incident) => isOpenStatus(incident.status)).length;
const pendingCount = (state: StatusState) =>
  state.maintenances.filter((maintenance) => maintenance.status !== 'completed').length;

function grewPast(
  before: Incident | undefined,
  after: Incident,
  count: (incident: Incident) => number,
  cap: number,
): boolean {
  return count(after) > cap && count(after) > (before ? count(before) : 0);
}

/** Why the change from `before` to `after` passes a cap, in words that say what to do; undefined when it fits. */
export function limitProblem(before: StatusState, after: StatusState): string | undefined {
  const earlier = new Map(before.incidents.map((incident) => [incident.id, incident]));
  for (const incident of after.incidents) {
    const previous = earlier.get(incident.id);
    if (previous === incident) continue;
    // Closing adds its one update and entry whatever the count: a full incident can always be closed.
    if (previous && isOpenStatus(previous.status) && !isOpenStatus(incident.status)) continue;
    if (grewPast(previous, incident, (i) => i.updates.length, UPDATES_PER_INCIDENT))
      return `${incident.id} already has ${UPDATES_PER_INCIDENT} public updates, the most one incident keeps. Nothing was changed. Correct the latest one with "edit ${incident.id} <text>", or close ${incident.id} and open a follow-up incident that refers to it.`;
    if (grewPast(previous, incident, (i) => i.timeline.length, TIMELINE_PER_INCIDENT))
      return `${incident.id}'s timeline already has ${TIMELINE_PER_INCIDENT} entries, the most one incident keeps. Nothing was changed. Keep longer working notes in a document and post its link once.`;
  }
  if (openCount(after) > OPEN_INCIDENTS && openCount(after) > openCount(before))
    return `${OPEN_INCIDENTS} incidents are already open, the most the page shows at once. Nothing was changed. Add to an open incident with "update <id> …", or close those that are over ("list" shows them).`;
  if (pendingCount(after) > PENDING_MAINTENANCES && pendingCount(after) > pendingCount(before))
    return `${PENDING_MAINTENANCES} maintenance windows are already scheduled or in progress, the most the page keeps. Nothing was changed. End or cancel windows that are no longer planned first.`;
  const size = jsonLength(after);
  if (size <= STATE_BUDGET) return undefined;
  const previousSize = jsonLength(before);
  if (size <= previousSize) return undefined;
  if (openCount(after) < openCount(before) && size <= STATE_BUDGET + CLOSE_HEADROOM) return undefined;
  return `The status page's stored state would pass its size budget (${STATE_BUDGET / 2 ** 20} MiB), so nothing was changed. Post a shorter message, with a link to a document for the details; close incidents that are over, so they can be archived.`;
}

/**
 * `JSON.stringify(state).length`, exactly, without making the whole string on every command: a resolved incident
 * the store froze has its JSON remembered (200 of them, 350 KB, at the state's cap).
 */
export function jsonLength(state: StatusState): number {
  const rest = JSON.stringify({ ...state, incidents: [] }).length;
  return (
    state.incidents.reduce((sum, incident) => sum + contentJson(incident).length, rest) +
    Math.max(0, state.incidents.length - 1)
  );
}

/** The outcome, or a refusal when saving it would pass a cap. */
export function withinLimits(before: StatusState, outcome: Outcome): Outcome {
  if (outcome.kind !== 'changed') return outcome;
  const problem = limitProblem(before, outcome.state);
  return problem === undefined ? outcome : rejected(problem);
}
