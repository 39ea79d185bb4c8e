// The pieces of the command grammar that several verbs share: words, IDs, component lists, limits, mistakes.
import { parseBareNumber, parseMarkedId } from './incidentId';
import { componentIdFor } from '../model/catalog';
import { COMPONENT_STATUS_WORDS, toComponentStatus, type ComponentStatus } from '../model/vocabulary';
import { nearestWord } from './nearMiss';
import type { ParseFailure, Parsed, Usage, VerbUsage } from './verbSpec';

export const TITLE_MAX_LENGTH = 200;
export const MESSAGE_MAX_LENGTH = 20_000;
/** Components one command may name: more than any one incident touches; the catalog can hold more. */
export const COMPONENTS_PER_COMMAND = 20;

/** A component as typed in `[Chat, Files: partial_outage]`; names are checked against the catalog later. */
export interface ComponentRef {
  name: string;
  status?: ComponentStatus;
}

/** Splits off the first whitespace-delimited word; the rest keeps its inner newlines. */
export function splitFirstWord(text: string): [string, string] {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}

export function formatUsage(usage: Usage): string {
  return `Usage: ${usage.form}\nExample: ${usage.example}`;
}

/** A mistake in what followed the verb, with the verb's right form. */
export function fail(verb: VerbUsage, error: string): ParseFailure {
  return { ok: false, error, usage: formatUsage(verb.usage) };
}

/**
 * A message that can be read two ways: one line naming both, and nothing changes. No usage follows it, so
 * the two readings stay the whole answer.
 */
export function ambiguous(readings: string): ParseFailure {
  return { ok: false, error: `Two readings, so nothing was changed: ${readings}`, usage: '' };
}

export function ok<C>(command: C): Parsed<C> {
  return { ok: true, command };
}

export function tooLong(
  verb: VerbUsage,
  what: string,
  text: string | undefined,
  max: number,
): ParseFailure | undefined {
  return text !== undefined && text.length > max
    ? fail(verb, `The ${what} is ${text.length} characters long; the limit is ${max}.`)
    : undefined;
}

/**
 * Where a bare number may be an ID: `alone` (the whole argument, as in `close 2`) for verbs whose argument is
 * prose; `first` (before any argument) for verbs whose argument is a word or a time, never a message
 * (`impact 2 critical`, `role 2 comms @Grace`, `reopen 2 …` which needs an ID).
 */
export type BareId = 'alone' | 'first';

/** An optional leading incident ID: `[number | undefined, rest]`. `INC-2`, `#2`, `inc-2`, `inc 2` always count. */
export function takeId(text: string, bare: BareId = 'alone'): [number | undefined, string] {
  const [first, rest] = splitFirstWord(text);
  const id = parseMarkedId(first);
  if (id !== undefined) return [id, rest];
  if (first.toLowerCase() === 'inc') {
    const [second, afterSecond] = splitFirstWord(rest);
    const number = parseBareNumber(second);
    if (number !== undefined) return [number, afterSecond];
  }
  const number = parseBareNumber(first);
  if (number !== undefined && (bare === 'first' || rest.trim() === '')) return [number, rest];
  return [undefined, text.trim()];
}

/** The command with the incident it names, when it names one. */
export function withId<T extends object>(command: T, incident: number | undefined): T {
  return incident === undefined ? command : { ...command, incident };
}

/** `[<id>] <text>`, where the text is required and bounded. */
export function takeIdAndText(
  verb: VerbUsage,
  rest: string,
  missing: string,
): { ok: true; incident: number | undefined; text: string } | ParseFailure {
  const [incident, text] = takeId(rest);
  if (!text) return fail(verb, missing);
  return tooLong(verb, 'text', text, MESSAGE_MAX_LENGTH) ?? { ok: true, incident, text };
}

type Components = { ok: true; components?: ComponentRef[]; rest: string } | { ok: false; error: string };

/** An optional leading `[Chat, Files: partial_outage]`. */
export function takeComponents(text: string): Components {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[')) return { ok: true, rest: text };
  const end = trimmed.indexOf(']');
  if (end < 0) return { ok: false, error: 'The component list has no closing "]".' };
  // `[Chat, chat, CHAT, Chat: down]` named one component four times: the same name in any case is one entry,
  // and two different statuses for it are a contradiction to ask about, not to guess.
  const byName = new Map<string, ComponentRef>();
  for (const item of trimmed.slice(1, end).split(',')) {
    const [name = '', statusWord] = item.split(/[:=]/).map((part) => part.trim());
    if (!name) continue;
    let status: ComponentStatus | undefined;
    if (statusWord !== undefined) {
      status = toComponentStatus(statusWord);
      if (!status) {
        const meant = nearestWord(statusWord, COMPONENT_STATUS_WORDS);
        return {
          ok: false,
          error: `"${statusWord.slice(0, 40)}" is not a component status.${meant ? ` Did you mean "${name.slice(0, 40)}: ${meant}"?` : ''}`,
        };
      }
    }
    const key = componentIdFor(name);
    const seen = byName.get(key);
    if (seen && status && seen.status && seen.status !== status)
      return {
        ok: false,
        error: `"${name.slice(0, 40)}" is given two statuses, ${seen.status} and ${status}; name it once.`,
      };
    if (!seen && byName.size >= COMPONENTS_PER_COMMAND)
      return {
        ok: false,
        error: `A command can name at most ${COMPONENTS_PER_COMMAND} components; name fewer.`,
      };
    byName.set(key, seen ? { ...seen, ...(status ? { status } : {}) } : status ? { name, status } : { name });
  }
  const components = [...byName.values()];
  if (components.length === 0) return { ok: false, error: 'The component list "[]" is empty.' };
  return { ok: true, components, rest: trimmed.slice(end + 1) };
}
