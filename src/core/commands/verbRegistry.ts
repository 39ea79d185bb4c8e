import type { StatusState } from '../model/state';
import { splitFirstWord } from './grammar';
import type { CommandContext, Outcome, ParseFailure, Parsed, Usage, VerbSpec } from './verbSpec';

/** The verbs a bot understands, and the parse and apply that dispatch to them. */
export interface VerbRegistry<C extends { verb: string }> {
  readonly specs: readonly VerbSpec<C>[];
  /** In the order help lists them. */
  readonly verbs: readonly C['verb'][];
  readonly usage: Readonly<Record<C['verb'], Usage>>;
  /** Parses what a person typed after the bot's mention. Mistakes are values, never throws. */
  parse(text: string): Parsed<C>;
  /** Applies a parsed command to the state. Pure: the clock, the actor and the catalog come in the context. */
  apply(state: StatusState, command: C, ctx: CommandContext): Outcome;
  /** False when the verb answers from the grammar and the catalog alone (see VerbSpec.readsState). */
  readsState(verb: C['verb']): boolean;
}

/** A registry of the given verbs, in the given order; a verb given twice is a programming error. */
export function verbRegistry<C extends { verb: string }>(specs: readonly VerbSpec<C>[]): VerbRegistry<C> {
  const byVerb = new Map<string, VerbSpec<C>>();
  for (const spec of specs) {
    if (byVerb.has(spec.verb)) throw new Error(`The verb "${spec.verb}" is registered twice.`);
    byVerb.set(spec.verb, spec);
  }
  const verbs = specs.map((spec) => spec.verb);
  // Every verb is a key: each spec contributes its own.
  const usage = Object.fromEntries(specs.map((spec) => [spec.verb, spec.usage])) as Record<C['verb'], Usage>;
  // A message that names no command is answered with all of them, and the everyday ones in full.
  const everyCommand = [
    `Commands: ${verbs.join(', ')}.`,
    'The everyday ones:',
    ...specs.filter((spec) => spec.everyday).map((spec) => `- ${spec.usage.form}`),
    'Type "help <command>" for any one in detail, e.g. "help maintenance".',
  ].join('\n');
  const noCommand = (error: string): ParseFailure => ({ ok: false, error, usage: everyCommand });

  return {
    specs,
    verbs,
    usage,
    parse(text) {
      const [first, rest] = splitFirstWord(text.trim());
      const verb = first.toLowerCase();
      if (!verb) return noCommand('The message had no command.');
      const spec = byVerb.get(verb);
      if (!spec) return noCommand(`"${first.slice(0, 40)}" is not a command.`);
      return spec.parse(rest, specs);
    },
    apply(state, command, ctx) {
      const spec = byVerb.get(command.verb);
      // Only a command built by hand, past the parser, can name a verb that is not registered.
      if (!spec) throw new Error(`There is no verb "${command.verb}".`);
      return spec.apply(state, command, ctx, specs);
    },
    readsState(verb) {
      return byVerb.get(verb)?.readsState ?? true;
    },
  };
}
