import { parseIncidentId, parseMaintenanceId } from './incidentId';
import {
  isResolvedWord,
  toComponentStatus,
  toImpact,
  toRole,
  toUpdateStatus,
  UPDATE_STATUSES,
  type ComponentStatus,
  type Impact,
  type Role,
  type UpdateStatus,
} from '../model/vocabulary';
import { parseDuration, parseInstant } from './when';

/** A component as typed in `[Chat, Files: partial_outage]`; names are checked against the catalog later. */
export interface ComponentRef {
  name: string;
  status?: ComponentStatus;
}

export type Command =
  | { verb: 'help'; topic?: Verb }
  | { verb: 'open'; title: string; message: string; impact?: Impact; components?: ComponentRef[] }
  | { verb: 'open'; template: string; extra?: string }
  | {
      verb: 'update';
      incident?: number;
      status?: UpdateStatus | 'resolved';
      headline?: string;
      components?: ComponentRef[];
      message: string;
    }
  | { verb: 'close'; incident?: number; message?: string }
  | { verb: 'reopen'; incident: number; message?: string }
  | { verb: 'impact'; incident?: number; impact: Impact }
  | { verb: 'component'; components: Required<ComponentRef>[] }
  | { verb: 'components' }
  | { verb: 'role'; incident?: number; role: Role; person: string }
  | { verb: 'note'; incident?: number; text: string }
  | { verb: 'timeline'; incident?: number }
  | { verb: 'next'; incident?: number; when: string }
  | { verb: 'eta'; incident?: number; when: string }
  | { verb: 'templates' }
  | {
      verb: 'maintenance';
      start: string;
      end: string;
      title: string;
      message: string;
      components?: ComponentRef[];
    }
  | { verb: 'maintenance'; action: 'cancel' | 'complete'; maintenance: number; message?: string }
  | { verb: 'postmortem'; incident: number; text: string }
  | { verb: 'edit'; incident?: number; message: string }
  | { verb: 'undo' }
  | { verb: 'list' };

export type Verb = Command['verb'];

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string };

export const TITLE_MAX_LENGTH = 200;
export const MESSAGE_MAX_LENGTH = 20_000;

interface Usage {
  form: string;
  example: string;
  summary: string;
}

/** The right form of each command, with an example; shown in `help` and after every mistake. */
export const USAGE: Readonly<Record<Verb, Usage>> = {
  open: {
    form: 'open [<impact>] [[<components>]] <title> [| <message>]  ·  open from <template> [<more text>]',
    example: 'open major [Chat, Files] Collaboration platform unavailable | We are investigating',
    summary:
      'Start a new incident (status investigating, impact major unless given: none, minor, major, critical or sev1–sev4). Without "|" the title is also the first message.',
  },
  update: {
    form: `update [<id>] [${UPDATE_STATUSES.join('|')}] [[<components>]] <message>  ·  update <id> <status> | <headline> | <message>`,
    example: 'update INC-1 identified Load balancer misconfigured',
    summary:
      'Post an update, optionally changing the status (acknowledged = investigating, observing = monitoring, fixed = resolved) and component statuses. The ID may be left out when one incident is open.',
  },
  close: {
    form: 'close [<id>] [<message>]',
    example: 'close INC-1 Service restored',
    summary:
      'Resolve an incident; its components go back to operational. The page turns green when none is open.',
  },
  reopen: {
    form: 'reopen <id> [<message>]',
    example: 'reopen INC-1 The errors are back',
    summary: 'Bring a resolved incident back (status investigating).',
  },
  impact: {
    form: 'impact [<id>] none|minor|major|critical',
    example: 'impact INC-2 minor',
    summary: 'Change how bad an incident is; the page header says the worst open impact.',
  },
  component: {
    form: 'component <name>[, <name>…] <status>',
    example: 'component Chat partial_outage',
    summary:
      'Set component statuses: operational, degraded_performance, partial_outage, major_outage, under_maintenance (also ok, degraded, partial, down).',
  },
  components: {
    form: 'components',
    example: 'components',
    summary: 'List the components and their statuses.',
  },
  role: {
    form: 'role [<id>] commander|comms|scribe @person',
    example: 'role INC-1 commander @Ada Lovelace',
    summary:
      'Assign an incident role (internal: shown in replies and the timeline, never on the public page).',
  },
  note: {
    form: 'note [<id>] <text>',
    example: 'note INC-1 Rolled back deploy 4512',
    summary: 'Add an internal note to the timeline (the scribe’s log); never published.',
  },
  timeline: {
    form: 'timeline [<id>]',
    example: 'timeline INC-1',
    summary: 'Show the internal timeline of an incident.',
  },
  next: {
    form: 'next [<id>] <30m | 2h | 14:30>',
    example: 'next INC-1 30m',
    summary:
      'Promise the next update by then (default after each update: critical 30 min, major 60, minor 120).',
  },
  eta: {
    form: 'eta [<id>] <2h | 14:30 | 2026-11-21T18:00Z>',
    example: 'eta INC-1 2h',
    summary: 'Record an estimated time to resolution, shown on the page.',
  },
  templates: {
    form: 'templates',
    example: 'templates',
    summary: 'List the incident templates for "open from".',
  },
  maintenance: {
    form: 'maintenance <start> <end> [[<components>]] <title> | <message>  ·  maintenance cancel|complete <MNT-id>',
    example: 'maintenance in 2h for 30m [Email] Mail server upgrade | Email may be briefly unavailable',
    summary:
      'Schedule maintenance (ISO times with a zone like 2026-11-22T22:00Z, 22:00 UTC, or "in 2h for 30m"). It starts and ends on time; its components are under maintenance while it runs.',
  },
  postmortem: {
    form: 'postmortem <id> <url or text>',
    example: 'postmortem INC-1 https://wiki.example.com/pm/inc-1',
    summary: 'Publish the postmortem of a resolved incident on its page.',
  },
  edit: {
    form: 'edit [<id>] <message>',
    example: 'edit INC-1 Load balancer misconfigured in West Europe',
    summary: 'Replace the text of the latest update (the page says "edited").',
  },
  undo: { form: 'undo', example: 'undo', summary: 'Revert your own last change, within 10 minutes.' },
  list: {
    form: 'list',
    example: 'list',
    summary: 'Show open incidents and maintenance with their latest update.',
  },
  help: { form: 'help [<command>]', example: 'help update', summary: 'Show the commands, or one in detail.' },
};

export const VERBS = Object.keys(USAGE) as Verb[];

function isVerb(word: string): word is Verb {
  return Object.hasOwn(USAGE, word);
}

/** Splits off the first whitespace-delimited word; the rest keeps its inner newlines. */
function splitFirstWord(text: string): [string, string] {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1] ?? '', match[2] ?? ''] : ['', ''];
}

export function usageText(verb: Verb): string {
  return `Usage: ${USAGE[verb].form}\nExample: ${USAGE[verb].example}`;
}

function fail(verb: Verb | undefined, error: string): { ok: false; error: string; usage: string } {
  const usage = verb
    ? usageText(verb)
    : [
        `Commands: ${VERBS.join(', ')}.`,
        'The everyday ones:',
        ...(['open', 'update', 'close'] as const).map((v) => `- ${USAGE[v].form}`),
        'Type "help <command>" for any one in detail, e.g. "help maintenance".',
      ].join('\n');
  return { ok: false, error, usage };
}

const ok = (command: Command): ParseResult => ({ ok: true, command });

function tooLong(verb: Verb, what: string, text: string | undefined, max: number): ParseResult | undefined {
  return text !== undefined && text.length > max
    ? fail(verb, `The ${what} is ${text.length} characters long; the limit is ${max}.`)
    : undefined;
}

/** An optional leading incident ID: `[number | undefined, rest]`. */
function takeId(text: string): [number | undefined, string] {
  const [first, rest] = splitFirstWord(text);
  const id = parseIncidentId(first);
  return id === undefined ? [undefined, text.trim()] : [id, rest];
}

type Components = { ok: true; components?: ComponentRef[]; rest: string } | { ok: false; error: string };

/** An optional leading `[Chat, Files: partial_outage]`. */
function takeComponents(text: string): Components {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[')) return { ok: true, rest: text };
  const end = trimmed.indexOf(']');
  if (end < 0) return { ok: false, error: 'The component list has no closing "]".' };
  const components: ComponentRef[] = [];
  for (const item of trimmed.slice(1, end).split(',')) {
    const [name = '', statusWord] = item.split(/[:=]/).map((part) => part.trim());
    if (!name) continue;
    if (statusWord === undefined) {
      components.push({ name });
      continue;
    }
    const status = toComponentStatus(statusWord);
    if (!status) return { ok: false, error: `"${statusWord.slice(0, 40)}" is not a component status.` };
    components.push({ name, status });
  }
  if (components.length === 0) return { ok: false, error: 'The component list "[]" is empty.' };
  return { ok: true, components, rest: trimmed.slice(end + 1) };
}

function parseOpen(rest: string): ParseResult {
  const [first, afterFirst] = splitFirstWord(rest);
  if (first.toLowerCase() === 'from') {
    const [template, extra] = splitFirstWord(afterFirst);
    if (!template)
      return fail('open', 'Say which template, e.g. "open from email-delay". Type "templates" to list them.');
    const command: Command = { verb: 'open', template };
    if (extra.trim()) command.extra = extra.trim();
    return tooLong('open', 'message', command.extra, MESSAGE_MAX_LENGTH) ?? ok(command);
  }
  // Only a lower-case impact word (or sev1–sev4) counts: "open None of the printers work" keeps its title.
  const impact = first === first.toLowerCase() || /^sev\d$/i.test(first) ? toImpact(first) : undefined;
  const parsed = takeComponents(impact ? afterFirst : rest);
  if (!parsed.ok) return fail('open', parsed.error);
  const body = parsed.rest.trim();
  const pipe = body.indexOf('|');
  let title: string;
  let message: string;
  if (pipe >= 0) {
    title = body.slice(0, pipe).trim();
    message = body.slice(pipe + 1).trim();
  } else {
    // A title is one line; when more lines follow, they are the first message.
    const [firstLine = '', ...more] = body.split('\n');
    title = firstLine.trim();
    message = more.join('\n').trim() || title;
  }
  if (!title) return fail('open', 'An incident needs a title.');
  if (title.includes('\n')) {
    const [firstLine = '', ...more] = title.split('\n');
    title = firstLine.trim();
    message = `${more.join('\n').trim()}\n${message}`.trim();
  }
  if (!message) return fail('open', 'The message after "|" is empty.');
  const command: Command = { verb: 'open', title, message };
  if (impact) command.impact = impact;
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong('open', 'title', title, TITLE_MAX_LENGTH) ??
    tooLong('open', 'message', message, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

type StatusWord = UpdateStatus | 'resolved';

function toStatusWord(word: string): StatusWord | undefined {
  const cleaned = word.replace(/[:,.]$/, '');
  return toUpdateStatus(cleaned) ?? (isResolvedWord(cleaned) ? 'resolved' : undefined);
}

/** `[<status>] [[components]] <rest>` */
function takeStatusAndComponents(
  text: string,
):
  | { ok: true; status?: StatusWord; components?: ComponentRef[]; rest: string }
  | { ok: false; error: string } {
  const [word, afterWord] = splitFirstWord(text);
  const status = toStatusWord(word);
  const parsed = takeComponents(status ? afterWord : text);
  if (!parsed.ok) return parsed;
  const result: { ok: true; status?: StatusWord; components?: ComponentRef[]; rest: string } = {
    ok: true,
    rest: parsed.rest.trim(),
  };
  if (status) result.status = status;
  if (parsed.components) result.components = parsed.components;
  return result;
}

function parseUpdate(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  const parts = body.split('|');
  let lead = body;
  let headline: string | undefined;
  let message: string | undefined;
  if (parts.length >= 3) {
    // The headline form: `status | headline | message`.
    lead = parts[0] ?? '';
    headline = (parts[1] ?? '').trim();
    message = parts.slice(2).join('|').trim();
  } else if (parts.length === 2) {
    lead = parts[0] ?? '';
    message = (parts[1] ?? '').trim();
  }
  const parsed = takeStatusAndComponents(lead);
  if (!parsed.ok) return fail('update', parsed.error);
  if (message === undefined) {
    message = parsed.rest;
  } else if (parsed.rest) {
    // `update INC-3 Database degraded | we are on it`: what stands before the message is a headline.
    if (headline !== undefined) {
      return fail('update', `Before the first "|" put only a status (${UPDATE_STATUSES.join(', ')}).`);
    }
    headline = parsed.rest;
  }
  if (!message) {
    return fail(
      'update',
      parsed.status ? `Say what changed after "${splitFirstWord(lead)[0]}".` : 'An update needs a message.',
    );
  }
  const command: Command = { verb: 'update', message };
  if (incident !== undefined) command.incident = incident;
  if (parsed.status) command.status = parsed.status;
  if (headline) command.headline = headline;
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong('update', 'headline', headline, TITLE_MAX_LENGTH) ??
    tooLong('update', 'message', message, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

function withId<T extends Command>(command: T, incident: number | undefined): T {
  if (incident !== undefined) (command as { incident?: number }).incident = incident;
  return command;
}

function parseClose(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  const command = withId<Command>({ verb: 'close' }, incident);
  if (body && command.verb === 'close') command.message = body;
  return tooLong('close', 'message', body, MESSAGE_MAX_LENGTH) ?? ok(command);
}

function parseReopen(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  if (incident === undefined) return fail('reopen', 'Say which incident to reopen.');
  const command: Command = { verb: 'reopen', incident };
  if (body) command.message = body;
  return tooLong('reopen', 'message', body, MESSAGE_MAX_LENGTH) ?? ok(command);
}

function parseImpact(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  const impact = toImpact(body);
  if (!impact) return fail('impact', body ? `"${body.slice(0, 40)}" is not an impact.` : 'Say which impact.');
  return ok(withId<Command>({ verb: 'impact', impact }, incident));
}

function parseComponent(rest: string): ParseResult {
  const words = rest.trim().split(/\s+/);
  const statusWord = words.pop() ?? '';
  const status = toComponentStatus(statusWord);
  const names = words
    .join(' ')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!status || names.length === 0) {
    return fail(
      'component',
      status
        ? 'Say which component.'
        : `End with a status (operational, degraded_performance, partial_outage, major_outage, under_maintenance).`,
    );
  }
  return ok({ verb: 'component', components: names.map((name) => ({ name, status })) });
}

function parseRole(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  const [roleWord, person] = splitFirstWord(body);
  const role = toRole(roleWord);
  if (!role) return fail('role', roleWord ? `"${roleWord.slice(0, 40)}" is not a role.` : 'Say which role.');
  const name = person.replace(/^@/, '').trim();
  if (!name)
    return fail('role', `Mention the person who takes the ${role} role, e.g. "@Ada Lovelace", or say "me".`);
  return ok(withId<Command>({ verb: 'role', role, person: name }, incident));
}

function parseText(verb: 'note' | 'edit', rest: string, missing: string): ParseResult {
  const [incident, body] = takeId(rest);
  if (!body) return fail(verb, missing);
  const command: Command = verb === 'note' ? { verb, text: body } : { verb, message: body };
  return tooLong(verb, 'text', body, MESSAGE_MAX_LENGTH) ?? ok(withId(command, incident));
}

function parseWhen(verb: 'next' | 'eta', rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  if (!body) return fail(verb, 'Say when: a duration like 30m or 2h, a UTC time like 14:30, or an ISO time.');
  if (parseInstant(body, '2000-01-01T00:00:00.000Z') === undefined) {
    return fail(verb, `"${body.slice(0, 40)}" is not a time: use 30m, 2h, 14:30 (UTC) or 2026-11-21T18:00Z.`);
  }
  return ok(withId<Command>({ verb, when: body }, incident));
}

function parseMaintenance(rest: string): ParseResult {
  const [first, afterFirst] = splitFirstWord(rest);
  const action = first.toLowerCase();
  if (action === 'cancel' || action === 'complete') {
    const [idWord, message] = splitFirstWord(afterFirst);
    const maintenance = parseMaintenanceId(idWord);
    if (maintenance === undefined)
      return fail('maintenance', `Say which maintenance to ${action}, e.g. MNT-1.`);
    const command: Command = { verb: 'maintenance', action, maintenance };
    if (message.trim()) command.message = message.trim();
    return ok(command);
  }
  // <start>: `in 2h`, `22:00`, or an ISO instant; <end>: `for 30m`, `23:00`, or an ISO instant.
  let [start, remaining] = first.toLowerCase() === 'in' ? splitFirstWord(afterFirst) : [first, afterFirst];
  if (first.toLowerCase() === 'in') start = `in ${start}`;
  let [end, afterEnd] = splitFirstWord(remaining);
  if (end.toLowerCase() === 'for') {
    const [duration, afterDuration] = splitFirstWord(afterEnd);
    if (parseDuration(duration) === undefined)
      return fail('maintenance', `"${duration.slice(0, 40)}" is not a duration.`);
    [end, afterEnd] = [`for ${duration}`, afterDuration];
  }
  const epoch = '2000-01-01T00:00:00.000Z';
  if (!start || parseInstant(start, epoch) === undefined) {
    return fail('maintenance', `"${start.slice(0, 40)}" is not a start time.`);
  }
  if (!end.startsWith('for ') && parseInstant(end, epoch) === undefined) {
    return fail('maintenance', `"${end.slice(0, 40)}" is not an end time (or "for <duration>").`);
  }
  remaining = afterEnd;
  const parsed = takeComponents(remaining);
  if (!parsed.ok) return fail('maintenance', parsed.error);
  const [title = '', ...messageParts] = parsed.rest.split('|');
  const message = messageParts.join('|').trim() || title.trim();
  if (!title.trim()) return fail('maintenance', 'Maintenance needs a title.');
  const command: Command = { verb: 'maintenance', start, end, title: title.trim(), message };
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong('maintenance', 'title', command.title, TITLE_MAX_LENGTH) ??
    tooLong('maintenance', 'message', message, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

function parsePostmortem(rest: string): ParseResult {
  const [incident, body] = takeId(rest);
  if (incident === undefined) return fail('postmortem', 'Say which incident the postmortem is for.');
  if (!body) return fail('postmortem', 'Add the postmortem link or text.');
  return (
    tooLong('postmortem', 'text', body, MESSAGE_MAX_LENGTH) ??
    ok({ verb: 'postmortem', incident, text: body })
  );
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
    case 'reopen':
      return parseReopen(rest);
    case 'impact':
      return parseImpact(rest);
    case 'component':
      return parseComponent(rest);
    case 'role':
      return parseRole(rest);
    case 'note':
      return parseText('note', rest, 'A note needs text.');
    case 'edit':
      return parseText('edit', rest, 'Give the new text of the latest update.');
    case 'timeline':
      return ok(withId<Command>({ verb: 'timeline' }, takeId(rest)[0]));
    case 'next':
    case 'eta':
      return parseWhen(verb, rest);
    case 'maintenance':
      return parseMaintenance(rest);
    case 'postmortem':
      return parsePostmortem(rest);
    case 'list':
    case 'components':
    case 'templates':
    case 'undo':
      return ok({ verb });
    case 'help': {
      const topic = splitFirstWord(rest)[0].toLowerCase();
      if (!topic) return ok({ verb: 'help' });
      return isVerb(topic)
        ? ok({ verb: 'help', topic })
        : fail('help', `There is no command "${topic.slice(0, 40)}".`);
    }
  }
}
