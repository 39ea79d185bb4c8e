import { parseIncidentId } from './incidentId';
import { toUpdateStatus, UPDATE_STATUSES, type UpdateStatus } from './vocabulary';

export type Command =
  | { verb: 'help'; topic?: Verb }
  | { verb: 'open'; title: string; message: string }
  | { verb: 'update'; incident?: number; status?: UpdateStatus; message: string }
  | { verb: 'close'; incident?: number; message?: string }
  | { verb: 'list' };

export type Verb = Command['verb'];

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

export const TITLE_MAX_LENGTH = 200;
export const MESSAGE_MAX_LENGTH = 20_000;

/** The right form of each command, with an example; shown in `help` and after every mistake. */
export const USAGE: Readonly<Record<Verb, { form: string; example: string; summary: string }>> = {
  open: {
    form: 'open <title> [| <message>]',
    example: 'open Collaboration platform unavailable | We are investigating',
    summary: 'Start a new incident (status investigating). Without "|" the title is also the first message.',
  },
  update: {
    form: `update [<id>] [${UPDATE_STATUSES.join('|')}] <message>`,
    example: 'update INC-1 identified Load balancer misconfigured',
    summary:
      'Post an update, optionally changing the status. The ID may be left out when one incident is open.',
  },
  close: {
    form: 'close [<id>] [<message>]',
    example: 'close INC-1 Service restored',
    summary: 'Resolve an incident. The page turns green when no incident is left open.',
  },
  list: { form: 'list', example: 'list', summary: 'Show open incidents with their latest update.' },
  help: { form: 'help [<command>]', example: 'help update', summary: 'Show the commands, or one in detail.' },
};

export const VERBS = Object.keys(USAGE) as Verb[];

function isVerb(word: string): word is Verb {
  return Object.hasOwn(USAGE, word);
}

/** Splits off the first whitespace-delimited word; the rest keeps its inner newlines. */
function splitFirstWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}

function fail(verb: Verb | undefined, error: string): ParseResult {
  const usage = verb
    ? `Usage: ${USAGE[verb].form}\nExample: ${USAGE[verb].example}`
    : ['Commands:', ...VERBS.map((v) => `- ${USAGE[v].form}`), 'Type "help <command>" for details.'].join(
        '\n',
      );
  return { ok: false, error, usage };
}

function tooLong(verb: Verb, what: string, text: string, max: number): ParseResult | undefined {
  return text.length > max
    ? fail(verb, `The ${what} is ${text.length} characters long; the limit is ${max}.`)
    : undefined;
}

function parseOpen(rest: string): ParseResult {
  const pipe = rest.indexOf('|');
  let title: string;
  let message: string;
  if (pipe >= 0) {
    title = rest.slice(0, pipe).trim();
    message = rest.slice(pipe + 1).trim();
  } else {
    // A title is one line; when more lines follow, they are the first message.
    const [firstLine = '', ...more] = rest.split('\n');
    title = firstLine.trim();
    message = more.join('\n').trim() || title;
  }
  if (!title) return fail('open', 'An incident needs a title.');
  if (/\n/.test(title)) return fail('open', 'The title must fit on one line; put details after "|".');
  if (!message) return fail('open', 'The message after "|" is empty.');
  return (
    tooLong('open', 'title', title, TITLE_MAX_LENGTH) ??
    tooLong('open', 'message', message, MESSAGE_MAX_LENGTH) ?? {
      ok: true,
      command: { verb: 'open', title, message },
    }
  );
}

function parseUpdate(rest: string): ParseResult {
  const [first, afterFirst] = splitFirstWord(rest);
  const incident = parseIncidentId(first);
  const body = incident === undefined ? rest : afterFirst;
  const [word, afterWord] = splitFirstWord(body);
  const status = toUpdateStatus(word.replace(/[:,.]$/, ''));
  const message = (status ? afterWord : body).trim();
  if (!message) {
    return fail('update', status ? `Say what changed after "${word}".` : 'An update needs a message.');
  }
  const command: Command = { verb: 'update', message };
  if (incident !== undefined) command.incident = incident;
  if (status) command.status = status;
  return tooLong('update', 'message', message, MESSAGE_MAX_LENGTH) ?? { ok: true, command };
}

function parseClose(rest: string): ParseResult {
  const [word, remainder] = splitFirstWord(rest);
  const incident = parseIncidentId(word);
  const message = (incident === undefined ? rest : remainder).trim();
  const command: Command = { verb: 'close' };
  if (incident !== undefined) command.incident = incident;
  if (message) command.message = message;
  return tooLong('close', 'message', message, MESSAGE_MAX_LENGTH) ?? { ok: true, command };
}

/** Parses what a person typed after the bot's mention. Mistakes are values, never throws. */
export function parseCommand(text: string): ParseResult {
  const [first, rest] = splitFirstWord(text.trim());
  const verb = first.toLowerCase();
  if (!verb) return fail(undefined, 'The message had no command.');
  if (!isVerb(verb)) return fail(undefined, `"${first.slice(0, 40)}" is not a command.`);
  switch (verb) {
    case 'open':
      return parseOpen(rest);
    case 'update':
      return parseUpdate(rest);
    case 'close':
      return parseClose(rest);
    case 'list':
      return { ok: true, command: { verb: 'list' } };
    case 'help': {
      const topic = splitFirstWord(rest)[0].toLowerCase();
      if (!topic) return { ok: true, command: { verb: 'help' } };
      return isVerb(topic)
        ? { ok: true, command: { verb: 'help', topic } }
        : fail('help', `There is no command "${topic.slice(0, 40)}".`);
    }
  }
}
