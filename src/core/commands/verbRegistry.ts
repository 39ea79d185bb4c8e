import type { StatusState } from '../model/state';
import { formatUsage, splitFirstWord } from './grammar';
import { nearestWord } from './nearMiss';
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

/** A word people type for a verb (`resolve` for `close`), and how what follows it reads in the verb's grammar. */
export interface VerbAlias {
  readonly word: string;
  readonly verb: string;
  /** What follows the alias, as the verb's own argument; the same text by default. */
  readonly rewrite?: (rest: string) => string;
}

const SENTENCE_PUNCTUATION = new Set([':', '?', '!', '.', ',', ';']);

/**
 * The word without the sentence's punctuation after it (`list?`, `Open:`), in one backward pass. A regex
 * (`/[:?!.,;]+$/`) tries the run from every position where it starts, so a first word of 64 KiB of full stops
 * followed by a letter took quadratic time.
 */
export function withoutTrailingPunctuation(word: string): string {
  let end = word.length;
  while (end > 0 && SENTENCE_PUNCTUATION.has(word.charAt(end - 1))) end -= 1;
  return word.slice(0, end);
}

/** A registry of the given verbs, in the given order; a verb given twice is a programming error. */
export function verbRegistry<C extends { verb: string }>(
  specs: readonly VerbSpec<C>[],
  aliases: readonly VerbAlias[] = [],
): VerbRegistry<C> {
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
  const aliasByWord = new Map(aliases.map((alias) => [alias.word, alias]));
  const words = [...verbs, ...aliases.map((alias) => alias.word)];
  /** The verb a near miss was meant to be, when exactly one verb or alias is closest and close enough. */
  const nearest = (typed: string) => nearestWord(typed, words, (word) => aliasByWord.get(word)?.verb ?? word);
  const noCommand = (error: string): ParseFailure => ({ ok: false, error, usage: everyCommand });

  return {
    specs,
    verbs,
    usage,
    parse(text) {
      const [first, rest] = splitFirstWord(text.trim());
      // `list?`, `Open:`, `close.`: punctuation after the verb is the sentence's, not the verb's.
      const verb = withoutTrailingPunctuation(first.toLowerCase());
      if (!verb) return noCommand('The message had no command.');
      const spec = aliasByWord.has(first.toLowerCase()) ? undefined : byVerb.get(verb);
      if (spec) return spec.parse(rest, specs);
      const alias = aliasByWord.get(first.toLowerCase()) ?? aliasByWord.get(verb);
      const aliased = alias && byVerb.get(alias.verb);
      if (alias && aliased) return aliased.parse(alias.rewrite ? alias.rewrite(rest) : rest, specs);
      const near = nearest(verb.slice(0, 40));
      if (near) {
        const suggestion = `${near} ${rest}`.trim().slice(0, 80);
        const usage = byVerb.get(near)?.usage ?? aliased?.usage;
        return {
          ok: false,
          error: `"${first.slice(0, 40)}" is not a command. Did you mean "${suggestion}"?`,
          usage: usage ? formatUsage(usage) : everyCommand,
        };
      }
      return noCommand(`"${first.slice(0, 40)}" is not a command.`);
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
