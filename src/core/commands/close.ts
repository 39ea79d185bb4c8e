import type { StatusState } from '../model/state';
import { MESSAGE_MAX_LENGTH, ok, takeId, tooLong, withId } from './grammar';
import { updateIncident, type UpdateCommand } from './update';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface CloseCommand {
  verb: 'close';
  incident?: number;
  message?: string;
}

const DEFAULT_CLOSE_MESSAGE = 'This incident has been resolved.';

export const closeVerb: VerbSpec<CloseCommand> = {
  verb: 'close',
  usage: {
    form: 'close [<id>] [<message>]',
    example: 'close INC-1 Service restored',
    summary:
      'Resolve an incident; its components go back to operational. The page turns green when none is open.',
  },
  readsState: true,
  everyday: true,
  parse: parseClose,
  apply: closeIncident,
};

function parseClose(rest: string): Parsed<CloseCommand> {
  const [incident, body] = takeId(rest);
  const command = withId<CloseCommand>({ verb: 'close' }, incident);
  if (body) command.message = body;
  return tooLong(closeVerb, 'message', body, MESSAGE_MAX_LENGTH) ?? ok(command);
}

/** `close [<id>] [<message>]` is `update [<id>] resolved <message>`, with its own wording when the ID is wrong. */
function closeIncident(state: StatusState, command: CloseCommand, ctx: CommandContext): Outcome {
  const update: UpdateCommand = {
    verb: 'update',
    status: 'resolved',
    message: command.message ?? DEFAULT_CLOSE_MESSAGE,
  };
  if (command.incident !== undefined) update.incident = command.incident;
  return updateIncident(state, update, ctx, closeVerb);
}
