import type { Incident, IncidentUpdate, StatusState } from '../model/state';
import { ok, takeIdAndText, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface EditCommand {
  verb: 'edit';
  incident?: number;
  message: string;
}

export const editVerb: VerbSpec<EditCommand> = {
  verb: 'edit',
  usage: {
    form: 'edit [<id>] <message>',
    example: 'edit INC-1 Load balancer misconfigured in West Europe',
    summary: 'Replace the text of the latest update (the page says "edited").',
  },
  readsState: true,
  parse: parseEdit,
  apply: editUpdate,
};

function parseEdit(rest: string): Parsed<EditCommand> {
  const parsed = takeIdAndText(editVerb, rest, 'Give the new text of the latest update.');
  return parsed.ok
    ? ok(withId<EditCommand>({ verb: 'edit', message: parsed.text }, parsed.incident))
    : parsed;
}

function editUpdate(state: StatusState, command: EditCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, editVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const latest = incident.updates.at(-1);
  if (!latest) return rejected(`${incident.id} has no update to edit.`);
  const edited: IncidentUpdate = { ...latest, message: command.message, editedAt: ctx.now };
  const amended: Incident = { ...incident, updates: [...incident.updates.slice(0, -1), edited] };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'edit', text: `Edited ${latest.id}; it said: ${latest.message}` },
    `Edited the latest update of ${incident.id}.`,
    ctx,
  );
}
