import { findTemplate } from '../model/catalog';
import type { Incident, StatusState } from '../model/state';
import { toImpact, type Impact } from '../model/vocabulary';
import { IMPACT_COMPONENT_STATUS, resolveComponents, setComponents } from './componentEffects';
import {
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

export type OpenCommand =
  | { verb: 'open'; title: string; message: string; impact?: Impact; components?: ComponentRef[] }
  | { verb: 'open'; template: string; extra?: string };

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

function parseOpen(rest: string): Parsed<OpenCommand> {
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
  // Only a lower-case impact word (or sev1–sev4) counts: "open None of the printers work" keeps its title.
  const impact = first === first.toLowerCase() || /^sev\d$/i.test(first) ? toImpact(first) : undefined;
  const parsed = takeComponents(impact ? afterFirst : rest);
  if (!parsed.ok) return fail(openVerb, parsed.error);
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
  spec: { title: string; message: string; impact: Impact; components: readonly ComponentRef[] },
  ctx: CommandContext,
): Outcome {
  const resolved = resolveComponents(
    spec.components,
    ctx.catalog,
    IMPACT_COMPONENT_STATUS[spec.impact],
    openVerb,
  );
  if (!resolved.ok) return resolved.outcome;
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
      ...(resolved.value.length === 0 ? { hint: noComponentsHint(id, spec.impact, ctx) } : {}),
    },
    ctx,
  );
}
