import { fail, ok, splitFirstWord } from './grammar';
import { openVerb } from './open';
import { answered } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec, VerbUsage } from './verbSpec';

export interface HelpCommand {
  verb: 'help';
  /** A verb of the registry that parsed the command. */
  topic?: string;
}

export const helpVerb: VerbSpec<HelpCommand> = {
  verb: 'help',
  usage: {
    form: 'help [<command>]',
    example: 'help update',
    summary: 'Show the commands, or one in detail.',
  },
  // Help is the grammar's own text: it answers even while storage is down.
  readsState: false,
  parse: parseHelp,
  apply: (_state, command, ctx, verbs) => help(command, ctx, verbs),
};

function parseHelp(rest: string, verbs: readonly VerbUsage[]): Parsed<HelpCommand> {
  const topic = splitFirstWord(rest)[0].toLowerCase();
  if (!topic) return ok({ verb: 'help' });
  return verbs.some((candidate) => candidate.verb === topic)
    ? ok({ verb: 'help', topic })
    : fail(helpVerb, `There is no command "${topic.slice(0, 40)}".`);
}

function help(command: HelpCommand, ctx: CommandContext, verbs: readonly VerbUsage[]): Outcome {
  const topic = verbs.find((candidate) => candidate.verb === command.topic);
  if (topic) {
    const { usage } = topic;
    return answered(`${usage.form}\n${usage.summary}\nExample: ${usage.example}`);
  }
  return answered(
    [
      `Commands for ${ctx.pageTitle} (type them after the mention; "help <command>" explains one):`,
      ...verbs.map((verb) => `- ${verb.usage.form}`),
      `IDs may be written INC-3, inc-3, #3 or 3. Example: ${openVerb.usage.example}`,
    ].join('\n'),
  );
}
