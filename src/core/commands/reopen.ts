import type { Incident, StatusState } from '../model/state';
import { isOpenStatus } from '../model/vocabulary';
import { IMPACT_COMPONENT_STATUS, setComponents } from './componentEffects';
import { fail, MESSAGE_MAX_LENGTH, ok, takeId, tooLong } from './grammar';
import { addUpdate, findIncident, replaceIncident, timelineEntry } from './incidentEffects';
import { changed, rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface ReopenCommand {
  verb: 'reopen';
  incident: number;
  message?: string;
}

const DEFAULT_REOPEN_MESSAGE = 'This incident has been reopened; we are investigating again.';

export const reopenVerb: VerbSpec<ReopenCommand> = {
  verb: 'reopen',
  usage: {
    form: 'reopen <id> [<message>]',
    example: 'reopen INC-1 The errors are back',
    summary: 'Bring a resolved incident back (status investigating).',
  },
  readsState: true,
  parse: parseReopen,
  apply: reopenIncident,
};

function parseReopen(rest: string): Parsed<ReopenCommand> {
  const [incident, body] = takeId(rest, 'first');
  if (incident === undefined) return fail(reopenVerb, 'Say which incident to reopen.');
  const command: ReopenCommand = { verb: 'reopen', incident };
  if (body) command.message = body;
  return tooLong(reopenVerb, 'message', body, MESSAGE_MAX_LENGTH) ?? ok(command);
}

function reopenIncident(state: StatusState, command: ReopenCommand, ctx: CommandContext): Outcome {
  const found = findIncident(state, command.incident, reopenVerb, { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  if (isOpenStatus(incident.status))
    return rejected(`${incident.id} is still open (${incident.status}); nothing changed.`);
  const set = setComponents(
    state,
    incident.components.map((id) => ({ id, status: IMPACT_COMPONENT_STATUS[incident.impact] })),
    ctx.now,
  );
  const base: Incident = {
    ...incident,
    timeline: [...incident.timeline, timelineEntry('reopen', 'Reopened', ctx)],
  };
  delete base.resolvedAt;
  delete base.postmortem;
  const reopened = addUpdate(
    base,
    {
      status: 'investigating',
      message: command.message ?? DEFAULT_REOPEN_MESSAGE,
      componentChanges: set.changes,
    },
    ctx,
  );
  const next = {
    ...state,
    incidents: replaceIncident(state, reopened),
    components: set.components,
    componentEvents: set.events,
  };
  return changed(
    state,
    {
      state: next,
      headline: `Reopened ${incident.id}: ${incident.title} (investigating).`,
      subjectId: incident.id,
      incident: reopened,
      stated: { status: true },
    },
    ctx,
  );
}
