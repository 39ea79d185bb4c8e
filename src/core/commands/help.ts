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

/** How IDs are written; the README says the same (a test compares them). */
export const ID_RULE =
  'IDs: INC-3, inc-3, inc 3 or #3; a bare 3 only where it cannot be read as prose ("close 3", "impact 3 minor", "eta 3 2h"). A status or impact word is read as one only lower-case or with a colon ("identified …", "Identified: …"); two readings get both named and nothing changes. A near miss where only a status, impact or component can stand ("impact 3 majr", "component Webiste down", "update identifed | …") gets "did you mean …?", and nothing changes.';

/** The words people type for the verbs (registry.ts VERB_ALIASES); the README says the same. */
export const ALIASES_LINE =
  'Also understood: ack / acknowledge [<id>] [<text>] (an internal note "Acknowledged"), resolve / resolved (close), status (list), sev1…sev4 [open] <title> (open with that impact), open new / open! (open despite a matching open incident).';

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
      ID_RULE,
      ALIASES_LINE,
      `Example: ${openVerb.usage.example}`,
    ].join('\n'),
  );
}
