import type { StatusState } from '../model/state';
import { ok, takeIdAndText, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface NoteCommand {
  verb: 'note';
  incident?: number;
  text: string;
}

export const noteVerb: VerbSpec<NoteCommand> = {
  verb: 'note',
  usage: {
    form: 'note [<id>] <text>',
    example: 'note INC-1 Rolled back deploy 4512',
    summary: 'Add an internal note to the timeline (the scribe’s log); never published.',
  },
  readsState: true,
  parse: parseNote,
  apply: addNote,
};

function parseNote(rest: string): Parsed<NoteCommand> {
  const parsed = takeIdAndText(noteVerb, rest, 'A note needs text.');
  return parsed.ok ? ok(withId<NoteCommand>({ verb: 'note', text: parsed.text }, parsed.incident)) : parsed;
}

function addNote(state: StatusState, command: NoteCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, noteVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  return amendIncident(
    state,
    found.value,
    found.value,
    { kind: 'note', text: command.text },
    `Noted on the ${found.value.id} timeline (internal).`,
    ctx,
  );
}
