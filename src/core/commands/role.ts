import type { Incident, StatusState } from '../model/state';
import { toRole, type Role } from '../model/vocabulary';
import { fail, ok, splitFirstWord, takeId, withId } from './grammar';
import { amendIncident, findIncident } from './incidentEffects';
import { rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface RoleCommand {
  verb: 'role';
  incident?: number;
  role: Role;
  person: string;
}

export const roleVerb: VerbSpec<RoleCommand> = {
  verb: 'role',
  usage: {
    form: 'role [<id>] commander|comms|scribe @person',
    example: 'role INC-1 commander @Ada Lovelace',
    summary:
      'Assign an incident role (internal: shown in replies and the timeline, never on the public page).',
  },
  readsState: true,
  parse: parseRole,
  apply: assignRole,
};

function parseRole(rest: string): Parsed<RoleCommand> {
  const [incident, body] = takeId(rest, 'first');
  const [roleWord, person] = splitFirstWord(body);
  const role = toRole(roleWord);
  if (!role)
    return fail(roleVerb, roleWord ? `"${roleWord.slice(0, 40)}" is not a role.` : 'Say which role.');
  const name = person.replace(/^@/, '').trim();
  if (!name)
    return fail(
      roleVerb,
      `Mention the person who takes the ${role} role, e.g. "@Ada Lovelace", or say "me".`,
    );
  return ok(withId<RoleCommand>({ verb: 'role', role, person: name }, incident));
}

function assignRole(state: StatusState, command: RoleCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, roleVerb);
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const typed = command.person.toLowerCase();
  const person =
    typed === 'me'
      ? ctx.actor
      : (ctx.mentions.find((mention) => mention.name.toLowerCase() === typed) ??
        ctx.mentions.find((mention) => typed.startsWith(mention.name.toLowerCase())));
  if (!person) {
    return rejected(
      `Mention the person with @ so Teams tells me who they are (or say "me"); "${command.person.slice(0, 60)}" is not a mention.`,
      roleVerb,
    );
  }
  const amended: Incident = { ...incident, roles: { ...incident.roles, [command.role]: person } };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'role', text: `${person.name} is ${command.role}` },
    `${person.name} is now ${command.role} of ${incident.id}.`,
    ctx,
  );
}
