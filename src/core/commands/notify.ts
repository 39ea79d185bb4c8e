import { fail, ok, splitFirstWord, takeId, withId } from './grammar';
import { findIncident } from './incidentEffects';
import { answered, changed } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';
import type { StatusState } from '../model/state';

export interface NotifyCommand {
  verb: 'notify';
  on: boolean;
  incident?: number;
}

export const notifyVerb: VerbSpec<NotifyCommand> = {
  verb: 'notify',
  usage: {
    form: 'notify off|on [<id>]',
    example: 'notify off INC-4',
    summary: "Silence or resume one incident's pushes to subscribers (the page still shows it).",
  },
  readsState: true,
  parse: parseNotify,
  apply: setNotify,
};

function parseNotify(rest: string): Parsed<NotifyCommand> {
  const [word, afterWord] = splitFirstWord(rest.trim());
  const switchTo = word.toLowerCase();
  if (switchTo !== 'on' && switchTo !== 'off')
    return fail(notifyVerb, 'Say "notify off" or "notify on", then the incident.');
  const [incident, extra] = takeId(afterWord);
  if (extra) return fail(notifyVerb, `"${extra.slice(0, 40)}" is not an incident ID.`);
  return ok(withId<NotifyCommand>({ verb: 'notify', on: switchTo === 'on' }, incident));
}

function setNotify(state: StatusState, command: NotifyCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, notifyVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  const { id } = found.value;
  const silenced = state.silenced ?? [];
  const isSilenced = silenced.includes(id);
  if (command.on !== isSilenced) {
    return answered(`${id}'s pushes are already ${command.on ? 'on' : 'off'}.`);
  }
  const next = command.on ? silenced.filter((candidate) => candidate !== id) : [...silenced, id];
  const headline = command.on
    ? `${id}: pushes to subscribers resumed.`
    : `${id}: pushes to subscribers silenced; the page still shows every update. "notify on ${id}" resumes them.`;
  return changed(
    state,
    { state: { ...state, silenced: next }, headline, subjectId: id, undoable: false },
    ctx,
  );
}
