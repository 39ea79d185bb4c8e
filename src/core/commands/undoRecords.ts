// What `undo` keeps of each change: the subject as it was, and the component statuses the change may have set.
import type { Incident, IncidentPatch, Person, StatusState, UndoRecord } from '../model/state';
import type { CommandContext } from './verbSpec';

export const UNDO_WINDOW_MINUTES = 10;
const UNDO_KEEP = 20;

export function actorKey(person: Person): string {
  return person.aadObjectId ?? `name:${person.name}`;
}

/** Records what `undo` needs: the subject as it was, and the component statuses it may have changed. */
export function withUndo(
  before: StatusState,
  after: StatusState,
  subjectId: string,
  summary: string,
  ctx: CommandContext,
): StatusState {
  const touched = Object.keys(after.components).filter(
    (id) => after.components[id] !== before.components[id],
  );
  const record: UndoRecord = {
    actorKey: actorKey(ctx.actor),
    at: ctx.now,
    summary,
    subjectId,
    componentsBefore: Object.fromEntries(
      touched.map((id) => [id, before.components[id] ?? { status: 'operational', updatedAt: ctx.now }]),
    ),
  };
  const incident = before.incidents.find((candidate) => candidate.id === subjectId);
  const changedTo = after.incidents.find((candidate) => candidate.id === subjectId);
  const maintenance = before.maintenances.find((candidate) => candidate.id === subjectId);
  if (incident) record.incidentBefore = toPatch(incident, changedTo);
  if (maintenance) record.maintenanceBefore = maintenance;
  const horizon = Date.parse(ctx.now) - UNDO_WINDOW_MINUTES * 60_000;
  const recent = after.undo.filter((other) => Date.parse(other.at) >= horizon);
  return { ...after, undo: [...recent, record].slice(-UNDO_KEEP) };
}

/** A compact "before": a change appends updates and timeline entries, so counts say where to cut them back. */
function toPatch(before: Incident, after: Incident | undefined): IncidentPatch {
  const { updates, timeline, ...fields } = before;
  const patch: IncidentPatch = { fields, updateCount: updates.length, timelineCount: timeline.length };
  const latest = updates.at(-1);
  if (latest && after && after.updates[updates.length - 1] !== latest) patch.replacedUpdate = latest;
  return patch;
}

/** The incident as the patch recorded it, cut back from how it is now. */
export function fromPatch(patch: IncidentPatch, current: Incident): Incident {
  const updates = current.updates.slice(0, patch.updateCount);
  if (patch.replacedUpdate) updates[patch.updateCount - 1] = patch.replacedUpdate;
  return { ...patch.fields, updates, timeline: current.timeline.slice(0, patch.timelineCount) };
}
