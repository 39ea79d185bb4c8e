import { componentName } from '../model/catalog';
import { RETRACTED_KEEP, type StatusState } from '../model/state';
import { setComponents } from './componentEffects';
import { ok } from './grammar';
import { timelineEntry } from './incidentEffects';
import { changed, rejected } from './outcomes';
import { needsObjectId } from './edit';
import { actorKey, fromPatch, UNDO_WINDOW_MINUTES } from './undoRecords';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';

export interface UndoCommand {
  verb: 'undo';
}

export const undoVerb: VerbSpec<UndoCommand> = {
  verb: 'undo',
  usage: {
    form: 'undo',
    example: 'undo',
    summary:
      'Revert your own last change, within 10 minutes (needs your Entra object ID, which Teams sends for people in your organisation).',
  },
  readsState: true,
  parse: () => ok({ verb: 'undo' }),
  apply: (state, _command, ctx) => undoLast(state, ctx),
};

function undoLast(state: StatusState, ctx: CommandContext): Outcome {
  if (!ctx.actor.aadObjectId) return rejected(needsObjectId('Undo'));
  const key = actorKey(ctx.actor);
  const cutoff = Date.parse(ctx.now) - UNDO_WINDOW_MINUTES * 60_000;
  const index = state.undo.findLastIndex((record) => record.actorKey === key);
  const record = state.undo[index];
  if (!record || Date.parse(record.at) < cutoff) {
    return rejected(`You have no change of the last ${UNDO_WINDOW_MINUTES} minutes to undo.`);
  }
  // Anything that touched the same subject or components since (a person or the clock) makes undo unsafe.
  const subject =
    state.incidents.find((incident) => incident.id === record.subjectId) ??
    state.maintenances.find((window) => window.id === record.subjectId);
  const movedComponents = Object.keys(record.componentsBefore).filter(
    (id) => (state.components[id]?.updatedAt ?? record.at) !== record.at,
  );
  if ((subject && subject.updatedAt !== record.at) || movedComponents.length > 0) {
    const what = movedComponents.length
      ? movedComponents.map((id) => componentName(ctx.catalog, id)).join(', ')
      : record.subjectId;
    return rejected(
      `${what} changed again since your change; undo refused. Set it right with a new command instead.`,
    );
  }
  const restore = Object.entries(record.componentsBefore).map(([id, component]) => ({
    id,
    status: component.status,
  }));
  const set = setComponents(state, restore, ctx.now);
  let components = set.components;
  let componentEvents = set.events;
  let retracted = state.retracted;
  let incidents = state.incidents;
  let maintenances = state.maintenances;
  let months = state.history.months;
  if (record.subjectId.startsWith('INC-')) {
    const patch = record.incidentBefore;
    if (patch) {
      incidents = incidents.map((incident) => {
        if (incident.id !== record.subjectId) return incident;
        const before = fromPatch(patch, incident);
        return {
          ...before,
          timeline: [...before.timeline, timelineEntry('undo', `Undid: ${record.summary}`, ctx)],
        };
      });
    } else {
      // Undoing an open: the incident goes; its number is not reused, so links and logs stay unambiguous.
      const removed = incidents.find((incident) => incident.id === record.subjectId);
      incidents = incidents.filter((incident) => incident.id !== record.subjectId);
      if (removed) {
        const month = removed.createdAt.slice(0, 7);
        months = { ...months, [month]: Math.max((months[month] ?? 1) - 1, 0) };
        // Taken back means it never happened: its page is deleted (see the site's retraction) and the
        // component changes it made leave the uptime history, instead of showing as a blip that was undone.
        retracted = [...retracted, { id: removed.id, createdAt: removed.createdAt }].slice(-RETRACTED_KEEP);
        components = { ...state.components };
        for (const [id, before] of Object.entries(record.componentsBefore)) {
          const neverSet = before.status === 'operational' && before.updatedAt === record.at;
          if (neverSet) delete components[id];
          else components[id] = before;
        }
        componentEvents = state.componentEvents.filter(
          (event) => !(event.at === record.at && Object.hasOwn(record.componentsBefore, event.componentId)),
        );
      }
    }
  } else if (record.subjectId.startsWith('MNT-')) {
    maintenances = record.maintenanceBefore
      ? maintenances.map((window) =>
          window.id === record.subjectId && record.maintenanceBefore ? record.maintenanceBefore : window,
        )
      : maintenances.filter((window) => window.id !== record.subjectId);
  }
  const next: StatusState = {
    ...state,
    incidents,
    maintenances,
    components,
    componentEvents,
    history: { ...state.history, months },
    retracted,
    undo: state.undo.filter((_, position) => position !== index),
  };
  return changed(
    state,
    { state: next, headline: `Undone: ${record.summary}`, subjectId: record.subjectId, undoable: false },
    ctx,
  );
}
