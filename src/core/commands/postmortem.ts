import type { Incident, StatusState } from '../model/state';
import { isOpenStatus } from '../model/vocabulary';
import { closeVerb } from './close';
import { fail, MESSAGE_MAX_LENGTH, ok, takeId, tooLong } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface PostmortemCommand {
  verb: 'postmortem';
  incident: number;
  text: string;
}

export const postmortemVerb: VerbSpec<PostmortemCommand> = {
  verb: 'postmortem',
  usage: {
    form: 'postmortem <id> <url or text>',
    example: 'postmortem INC-1 https://wiki.example.com/pm/inc-1',
    summary: 'Publish the postmortem of a resolved incident on its page.',
  },
  readsState: true,
  parse: parsePostmortem,
  apply: addPostmortem,
};

function parsePostmortem(rest: string): Parsed<PostmortemCommand> {
  const [incident, body] = takeId(rest, 'first');
  if (incident === undefined) return fail(postmortemVerb, 'Say which incident the postmortem is for.');
  if (!body) return fail(postmortemVerb, 'Add the postmortem link or text.');
  return (
    tooLong(postmortemVerb, 'text', body, MESSAGE_MAX_LENGTH) ??
    ok({ verb: 'postmortem', incident, text: body })
  );
}

function addPostmortem(state: StatusState, command: PostmortemCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, postmortemVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  if (isOpenStatus(incident.status))
    return rejected(`${incident.id} is still open; close it before its postmortem.`, closeVerb);
  const isUrl = /^https?:\/\/\S+$/i.test(command.text);
  const amended: Incident = {
    ...incident,
    status: 'postmortem',
    postmortem: {
      ...(isUrl ? { url: command.text } : { text: command.text }),
      publishedAt: ctx.now,
      author: ctx.actor,
    },
  };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'postmortem', text: `Postmortem published: ${command.text}` },
    `Published the postmortem of ${incident.id}.`,
    ctx,
  );
}
