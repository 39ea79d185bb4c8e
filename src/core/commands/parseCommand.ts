import { registry, type Command } from './registry';
import type { Parsed } from './verbSpec';

export type { Command, Verb } from './registry';

export type ParseResult = Parsed<Command>;

/** Parses what a person typed after the bot's mention. Mistakes are values, never throws. */
export function parseCommand(text: string): ParseResult {
  return registry.parse(text);
}
