import type { Incident, IncidentUpdate, StatusState } from '../model/state';
import { fail, MESSAGE_MAX_LENGTH, ok, splitFirstWord, takeIdAndText, tooLong, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface EditCommand {
  verb: 'edit';
  incident?: number;
  /** The update named, as `INC-1-2`; without one, the sender's own latest update. */
  update?: string;
  message: string;
}

export const editVerb: VerbSpec<EditCommand> = {
  verb: 'edit',
  usage: {
    form: 'edit [<id> | <update-id>] <message>',
    example: 'edit INC-1 Load balancer misconfigured in West Europe',
    summary:
      'Replace the text of your own latest update on the incident, or of your update named by its ID (INC-1-2, shown in the timeline); the page says "edited". Never another person\'s.',
  },
  readsState: true,
  parse: parseEdit,
  apply: editUpdate,
};

const UPDATE_ID = /^inc-([1-9]\d{0,8})-([1-9]\d{0,5})[:,.]?$/i;

function parseEdit(rest: string): Parsed<EditCommand> {
  const [first, afterFirst] = splitFirstWord(rest);
  const named = UPDATE_ID.exec(first);
  if (named) {
    if (!afterFirst.trim()) return fail(editVerb, 'Give the new text of the update.');
    const number = Number(named[1]);
    return (
      tooLong(editVerb, 'text', afterFirst, MESSAGE_MAX_LENGTH) ??
      ok({ verb: 'edit', incident: number, update: `INC-${number}-${Number(named[2])}`, message: afterFirst })
    );
  }
  const parsed = takeIdAndText(editVerb, rest, 'Give the new text of your latest update.');
  return parsed.ok
    ? ok(withId<EditCommand>({ verb: 'edit', message: parsed.text }, parsed.incident))
    : parsed;
}

/** Ownership needs an identity no one else can take: a display name can be shared or chosen. */
export function needsObjectId(what: string): string {
  return `${what} needs your Entra object ID to know which changes are yours, and Teams sent none with this message (a display name can be shared, so it is not enough); nothing was changed.`;
}

function editUpdate(state: StatusState, command: EditCommand, ctx: CommandContext): Outcome {
  const me = ctx.actor.aadObjectId;
  if (!me) return rejected(needsObjectId('Editing'));
  const found = findIncident(state, command.incident, editVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  let target: IncidentUpdate | undefined;
  if (command.update) {
    target = incident.updates.find((update) => update.id.toLowerCase() === command.update?.toLowerCase());
    if (!target) return rejected(`${incident.id} has no update ${command.update}.`);
    if (target.author.aadObjectId !== me) {
      return rejected(
        `${target.id} was posted by ${target.author.name}; only its author can edit it. Post a correction with "update ${incident.id} …" instead.`,
      );
    }
  } else {
    target = incident.updates.findLast((update) => update.author.aadObjectId === me);
    if (!target) {
      return rejected(
        `You have posted no update to ${incident.id}, so there is none of yours to edit; post a correction with "update ${incident.id} …".`,
      );
    }
  }
  const previous = target;
  const edited: IncidentUpdate = { ...previous, message: command.message, editedAt: ctx.now };
  const amended: Incident = {
    ...incident,
    updates: incident.updates.map((update) => (update.id === previous.id ? edited : update)),
  };
  const latest = incident.updates.at(-1)?.id === previous.id;
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'edit', text: `Edited ${previous.id}; it said: ${previous.message}` },
    latest
      ? `Edited the latest update of ${incident.id}.`
      : `Edited your update ${previous.id} of ${incident.id}.`,
    ctx,
  );
}
