import { componentName, findTemplate } from '../model/catalog';
import { openIncidents, type Incident, type StatusState } from '../model/state';
import { toImpact, type Impact } from '../model/vocabulary';
import { IMPACT_COMPONENT_STATUS, resolveComponents, setComponents } from './componentEffects';
import {
  ambiguous,
  fail,
  MESSAGE_MAX_LENGTH,
  ok,
  splitFirstWord,
  takeComponents,
  TITLE_MAX_LENGTH,
  tooLong,
  type ComponentRef,
} from './grammar';
import { addUpdate } from './incidentEffects';
import { formatIncidentId } from './incidentId';
import { changed, rejected } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

/** `force`: opened with `open new …` (or `open! …`) although a matching incident is open. */
export type OpenCommand =
  | {
      verb: 'open';
      title: string;
      message: string;
      impact?: Impact;
      components?: ComponentRef[];
      force?: true;
    }
  | { verb: 'open'; template: string; extra?: string; force?: true };

export const openVerb: VerbSpec<OpenCommand> = {
  verb: 'open',
  usage: {
    form: 'open [<impact>] [[<components>]] <title> [| <message>]  ·  open from <template> [<more text>]',
    example: 'open major [Chat, Files] Collaboration platform unavailable | We are investigating',
    summary:
      'Start a new incident (status investigating, impact major unless given: none, minor, major, critical or sev1–sev4). Without "|" the title is also the first message.',
  },
  readsState: true,
  everyday: true,
  parse: parseOpen,
  apply: applyOpen,
};

type ImpactReading =
  | { kind: 'none' }
  | { kind: 'impact'; impact: Impact; rest: string }
  | { kind: 'ambiguous'; word: string; impact: Impact; rest: string };

/**
 * The impact a title starts with, read as syntax only in these forms: `sev1`…`sev4` (any case), a lower-case
 * impact word with a colon or before `[` or `|`, or `minor`/`major`/`critical` in lower case before a title
 * that starts with a capital or a digit (`open major Chat is down`). `none` is never bare syntax ("none of the
 * printers work"); a capitalised word is the title's; a lower-case one before a lower-case word is asked about.
 */
function readImpact(text: string): ImpactReading {
  const [raw, rest] = splitFirstWord(text);
  const colon = raw.endsWith(':');
  const word = raw.replace(/:$/, '');
  const impact = toImpact(word);
  if (!impact) return { kind: 'none' };
  if (/^sev\d$/i.test(word)) return { kind: 'impact', impact, rest };
  if (word !== word.toLowerCase()) return { kind: 'none' };
  const next = rest.trimStart();
  if (colon || next.startsWith('[') || next.startsWith('|')) return { kind: 'impact', impact, rest };
  if (impact === 'none' || next === '') return { kind: 'none' };
  if (/^[\p{Lu}\d"“]/u.test(next)) return { kind: 'impact', impact, rest };
  return { kind: 'ambiguous', word, impact, rest };
}

function parseOpen(text: string): Parsed<OpenCommand> {
  const [word, afterWord] = splitFirstWord(text);
  if (word.toLowerCase() === 'new') {
    const parsed = parseOpenBody(afterWord);
    return parsed.ok ? ok({ ...parsed.command, force: true }) : parsed;
  }
  return parseOpenBody(text);
}

function parseOpenBody(rest: string): Parsed<OpenCommand> {
  const [first, afterFirst] = splitFirstWord(rest);
  if (first.toLowerCase() === 'from') {
    const [template, extra] = splitFirstWord(afterFirst);
    if (!template)
      return fail(
        openVerb,
        'Say which template, e.g. "open from email-delay". Type "templates" to list them.',
      );
    const command: OpenCommand = { verb: 'open', template };
    if (extra.trim()) command.extra = extra.trim();
    return tooLong(openVerb, 'message', command.extra, MESSAGE_MAX_LENGTH) ?? ok(command);
  }
  const reading = readImpact(rest);
  if (reading.kind === 'ambiguous') {
    return ambiguous(
      `"${reading.word}" may be the impact (type "open ${reading.impact}: ${reading.rest.slice(0, 50)}") or part of the title (type "open "${rest.trim().slice(0, 50)}"").`,
    );
  }
  const impact = reading.kind === 'impact' ? reading.impact : undefined;
  const parsed = takeComponents(reading.kind === 'impact' ? reading.rest : rest);
  if (!parsed.ok) return fail(openVerb, parsed.error);
  const body = parsed.rest.trim();
  const quoted = /^["“]([^"“”\n]+)["”]\s*(?:\|([\s\S]*))?$/.exec(body);
  const pipe = body.indexOf('|');
  let title: string;
  let message: string;
  if (quoted) {
    // A quoted title is the title, word for word: `open "major outage in EU"`.
    title = (quoted[1] ?? '').trim();
    message = quoted[2]?.trim() || title;
  } else if (pipe >= 0) {
    title = body.slice(0, pipe).trim();
    message = body.slice(pipe + 1).trim();
  } else {
    // A title is one line; when more lines follow, they are the first message.
    const [firstLine = '', ...more] = body.split('\n');
    title = firstLine.trim();
    message = more.join('\n').trim() || title;
  }
  if (!title) return fail(openVerb, 'An incident needs a title.');
  if (title.includes('\n')) {
    const [firstLine = '', ...more] = title.split('\n');
    title = firstLine.trim();
    message = `${more.join('\n').trim()}\n${message}`.trim();
  }
  if (!message) return fail(openVerb, 'The message after "|" is empty.');
  const command: OpenCommand = { verb: 'open', title, message };
  if (impact) command.impact = impact;
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong(openVerb, 'title', title, TITLE_MAX_LENGTH) ??
    tooLong(openVerb, 'message', message, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

function applyOpen(state: StatusState, command: OpenCommand, ctx: CommandContext): Outcome {
  if ('template' in command) {
    const template = findTemplate(ctx.catalog, command.template);
    if (!template) {
      const names =
        ctx.catalog.templates.map((candidate) => candidate.name).join(', ') || 'none are configured';
      return rejected(
        `There is no template "${command.template.slice(0, 40)}". The templates are: ${names}.`,
        openVerb,
      );
    }
    const message = command.extra ? `${template.message}\n${command.extra}` : template.message;
    return openIncident(
      state,
      {
        force: command.force === true,
        title: template.title,
        message,
        impact: template.impact,
        components: template.components.map((id) => ({ name: id })),
      },
      ctx,
    );
  }
  return openIncident(
    state,
    {
      force: command.force === true,
      title: command.title,
      message: command.message,
      impact: command.impact ?? 'major',
      components: command.components ?? [],
    },
    ctx,
  );
}

/**
 * An incident that names no component leaves every component operational while the page status follows its
 * impact: say so, and how to name them, with the names the catalog knows.
 */
function noComponentsHint(id: string, impact: Impact, ctx: CommandContext): string {
  const names = ctx.catalog.components.map((component) => component.name);
  if (names.length === 0) return 'No components were named (status.config.json lists none).';
  const example = names[0] ?? 'Chat';
  const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, and ${names.length - 20} more` : '');
  return [
    `No components were named, so every component still shows as operational${impact === 'none' ? '' : ` (the page status follows the ${impact} impact)`}.`,
    `To show what is affected: update ${id} [${example}: down] <message>  (or next time: open [${example}] <title>)`,
    `Components: ${shown}`,
  ].join('\n');
}

function openIncident(
  state: StatusState,
  spec: {
    title: string;
    message: string;
    impact: Impact;
    components: readonly ComponentRef[];
    force: boolean;
  },
  ctx: CommandContext,
): Outcome {
  const resolved = resolveComponents(
    spec.components,
    ctx.catalog,
    IMPACT_COMPONENT_STATUS[spec.impact],
    openVerb,
  );
  if (!resolved.ok) return resolved.outcome;
  const twin = spec.force
    ? undefined
    : findTwin(
        state,
        spec.title,
        resolved.value.map((component) => component.id),
      );
  if (twin) {
    const why = twin.sameTitle
      ? 'has the same title'
      : `is about ${twin.shared.map((id) => componentName(ctx.catalog, id)).join(', ')} too`;
    return rejected(
      `${twin.incident.id} "${twin.incident.title}" is open and ${why}, so nothing was opened. To post to it: "update ${twin.incident.id} <message>". To open a separate incident anyway: "open new ${spec.title}".`,
    );
  }
  const id = formatIncidentId(state.nextIncidentNumber);
  const set = setComponents(state, resolved.value, ctx.now);
  const created: Incident = {
    id,
    number: state.nextIncidentNumber,
    title: spec.title,
    status: 'investigating',
    impact: spec.impact,
    components: resolved.value.map((component) => component.id),
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updates: [],
    roles: {},
    timeline: [],
  };
  const incident = addUpdate(
    created,
    { status: 'investigating', message: spec.message, componentChanges: set.changes },
    ctx,
  );
  const month = ctx.now.slice(0, 7);
  const next: StatusState = {
    ...state,
    nextIncidentNumber: state.nextIncidentNumber + 1,
    incidents: [...state.incidents, incident],
    components: set.components,
    componentEvents: set.events,
    history: {
      ...state.history,
      months: { ...state.history.months, [month]: (state.history.months[month] ?? 0) + 1 },
    },
  };
  return changed(
    state,
    {
      state: next,
      headline: `Opened ${id}: ${spec.title} (investigating, ${spec.impact} impact).`,
      subjectId: id,
      incident,
      stated: { status: true, impact: true },
      ...(resolved.value.length === 0 ? { hint: noComponentsHint(id, spec.impact, ctx) } : {}),
    },
    ctx,
  );
}

/** A title as compared for duplicates: case, punctuation and spacing do not make it another incident. */
function titleKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An open incident the new one would duplicate: the same title, or a component in common. */
function findTwin(
  state: StatusState,
  title: string,
  components: readonly string[],
): { incident: Incident; sameTitle: boolean; shared: string[] } | undefined {
  const key = titleKey(title);
  for (const incident of openIncidents(state)) {
    const sameTitle = key !== '' && titleKey(incident.title) === key;
    const shared = components.filter((id) => incident.components.includes(id));
    if (sameTitle || shared.length > 0) return { incident, sameTitle, shared };
  }
  return undefined;
}
