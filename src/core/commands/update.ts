import {
  componentStatus,
  openIncidents,
  type Incident,
  type Maintenance,
  type StatusState,
} from '../model/state';
import {
  isResolvedWord,
  toUpdateStatus,
  UPDATE_STATUS_WORDS,
  UPDATE_STATUSES,
  type UpdateStatus,
} from '../model/vocabulary';
import {
  IMPACT_COMPONENT_STATUS,
  resolveComponents,
  setComponents,
  type WantedStatus,
} from './componentEffects';
import {
  ambiguous,
  fail,
  MESSAGE_MAX_LENGTH,
  ok,
  splitFirstWord,
  takeComponents,
  takeId,
  TITLE_MAX_LENGTH,
  tooLong,
  type ComponentRef,
} from './grammar';
import { addUpdate, findIncident, replaceIncident, type UpdateSpec } from './incidentEffects';
import { nearestWord } from './nearMiss';
import { changed } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec, VerbUsage } from './verbSpec';

type StatusWord = UpdateStatus | 'resolved';

export interface UpdateCommand {
  verb: 'update';
  incident?: number;
  status?: StatusWord;
  headline?: string;
  components?: ComponentRef[];
  message: string;
}

export const updateVerb: VerbSpec<UpdateCommand> = {
  verb: 'update',
  usage: {
    form: `update [<id>] [${UPDATE_STATUSES.join('|')}] [[<components>]] <message>  ·  update <id> <status> | <headline> | <message>`,
    example: 'update INC-1 identified Load balancer misconfigured',
    summary:
      'Post a public update, optionally changing the status (acknowledged = investigating, observing = monitoring) and component statuses. A status is read only as a lower-case first word ("identified …") or with a colon ("Identified: …"); "Monitoring is down" is a message. An update never resolves: use close. The ID may be left out when one incident is open.',
  },
  readsState: true,
  everyday: true,
  parse: parseUpdate,
  apply: (state, command, ctx) => updateIncident(state, command, ctx, updateVerb),
};

// After a status word, these make it the subject of a sentence ("monitoring is down"), not a status.
const SENTENCE_WORDS = new Set([
  'is',
  'was',
  'are',
  'were',
  'has',
  'have',
  'had',
  'also',
  'still',
  'itself',
  'not',
  "isn't",
  "wasn't",
  "doesn't",
  'does',
  'did',
  "didn't",
  "can't",
  'cannot',
  'can',
  'will',
  "won't",
  'seems',
  'looks',
  'shows',
  'says',
  'tool',
  'tools',
  'system',
  'systems',
  'dashboard',
  'dashboards',
  'alert',
  'alerts',
  'alerting',
  'service',
  'graphs',
  'data',
]);

type StatusReading =
  | { kind: 'none' }
  | { kind: 'status'; status: UpdateStatus; rest: string }
  | { kind: 'resolve'; word: string; rest: string }
  | { kind: 'ambiguous'; word: string; status: UpdateStatus; rest: string }
  /** A near miss of a status in the status's own form (`identifed | …`, `Identifed:`): asked about. */
  | { kind: 'nearMiss'; word: string; meant: string; rest: string };

/**
 * The status a message starts with, read as syntax only in these forms: the word alone, with a colon
 * (`Identified: …`), before `|` or `[`, or in lower case (or capitals) before a word that does not make it the
 * subject of a sentence. A capitalised word starting a sentence is prose (`Monitoring is also down`).
 */
function readStatus(body: string): StatusReading {
  const [raw, rest] = splitFirstWord(body);
  const colon = raw.endsWith(':');
  const word = raw.replace(/[:,.]$/, '');
  const status = toUpdateStatus(word);
  const resolves = isResolvedWord(word) || word.toLowerCase() === 'resolve';
  const next = splitFirstWord(rest)[0];
  const explicit = colon || rest === '' || next.startsWith('|') || next.startsWith('[');
  if (!status && !resolves) {
    // Only where the word cannot be prose: with a colon, alone, or before "|" or "[".
    const meant = explicit ? nearestWord(word, UPDATE_STATUS_WORDS) : undefined;
    return meant ? { kind: 'nearMiss', word, meant: colon ? `${meant}:` : meant, rest } : { kind: 'none' };
  }
  const syntaxCase = word === word.toLowerCase() || (word === word.toUpperCase() && word.length > 2);
  if (!explicit && !syntaxCase) return { kind: 'none' };
  if (resolves) return { kind: 'resolve', word, rest };
  if (!status) return { kind: 'none' };
  if (!explicit && SENTENCE_WORDS.has(next.toLowerCase())) return { kind: 'ambiguous', word, status, rest };
  return { kind: 'status', status, rest };
}

function parseUpdate(rest: string): Parsed<UpdateCommand> {
  const [incident, body] = takeId(rest);
  const id = incident === undefined ? '' : `INC-${incident} `;
  const reading = readStatus(body);
  if (reading.kind === 'resolve') {
    const text = reading.rest.replace(/^\|/, '').trim();
    return ambiguous(
      `an update never resolves. To resolve, type "close ${id}${text.slice(0, 60)}"; to post this as an update, type "update ${id}| ${body.slice(0, 60)}".`,
    );
  }
  if (reading.kind === 'nearMiss') {
    const meant = `update ${id}${reading.meant}${reading.rest ? ` ${reading.rest}` : ''}`;
    return fail(
      updateVerb,
      `"${reading.word.slice(0, 40)}" is not a status. Did you mean "${meant.slice(0, 80)}"?`,
    );
  }
  if (reading.kind === 'ambiguous') {
    return ambiguous(
      `"${reading.word}" may be the status (type "update ${id}${reading.status}: ${reading.rest.slice(0, 50)}") or the first word of the message (type "update ${id}| ${body.slice(0, 50)}").`,
    );
  }
  const status = reading.kind === 'status' ? reading.status : undefined;
  const parsed = takeComponents(reading.kind === 'status' ? reading.rest : body);
  if (!parsed.ok) return fail(updateVerb, parsed.error);
  let text = parsed.rest.trim();
  let headline: string | undefined;
  // "|" is syntax only right after the status and components (or first): `identified | headline | message`.
  // Elsewhere it is the person's text: `errors when running grep foo | wc -l`.
  if (text.startsWith('|')) {
    const parts = text.slice(1).split('|');
    if (parts.length >= 2) {
      headline = (parts[0] ?? '').trim();
      text = parts.slice(1).join('|').trim();
    } else {
      text = (parts[0] ?? '').trim();
    }
  }
  if (!text) {
    return fail(
      updateVerb,
      status ? `Say what changed after "${splitFirstWord(body)[0]}".` : 'An update needs a message.',
    );
  }
  const command: UpdateCommand = { verb: 'update', message: text };
  if (incident !== undefined) command.incident = incident;
  if (status) command.status = status;
  if (headline) command.headline = headline;
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong(updateVerb, 'headline', headline, TITLE_MAX_LENGTH) ??
    tooLong(updateVerb, 'message', text, MESSAGE_MAX_LENGTH) ??
    ok(command)
  );
}

/** Posts a public update; `close` is one too, and names itself when the incident is not the right one. */
export function updateIncident(
  state: StatusState,
  command: UpdateCommand,
  ctx: CommandContext,
  verb: VerbUsage,
): Outcome {
  const found = findIncident(state, command.incident, verb);
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const status = command.status ?? incident.status;
  const resolving = status === 'resolved';
  const requested = resolveComponents(
    command.components ?? [],
    ctx.catalog,
    resolving ? 'operational' : IMPACT_COMPONENT_STATUS[incident.impact],
    updateVerb,
  );
  if (!requested.ok) return requested.outcome;
  const restored = resolving ? restoreOnResolve(state, incident, requested.value) : undefined;
  const set = setComponents(state, restored?.wanted ?? requested.value, ctx.now);
  const components = [
    ...new Set([...incident.components, ...requested.value.map((component) => component.id)]),
  ];
  const spec: UpdateSpec = { status, message: command.message, componentChanges: set.changes };
  if (command.headline) spec.headline = command.headline;
  const updated = addUpdate({ ...incident, components }, spec, ctx);
  const next = {
    ...state,
    incidents: replaceIncident(state, updated),
    maintenances: restored?.maintenances ?? state.maintenances,
    components: set.components,
    componentEvents: set.events,
  };
  const headline = resolving
    ? `Resolved ${incident.id}: ${incident.title}. ${stillOpenText(state, incident.id)}`
    : `Updated ${incident.id} (${status}).`;
  return changed(
    state,
    { state: next, headline, subjectId: incident.id, incident: updated, stated: { status: true } },
    ctx,
  );
}

/** Components an open incident still holds down, so closing another incident does not mark them operational. */
function heldByOthers(state: StatusState, except: string): Set<string> {
  return new Set(
    openIncidents(state)
      .filter((incident) => incident.id !== except)
      .flatMap((incident) => incident.components),
  );
}

/** On resolve, the incident's components go back to operational unless given or still held by another incident. */
function restoreOnResolve(
  state: StatusState,
  incident: Incident,
  requested: readonly WantedStatus[],
): { wanted: WantedStatus[]; maintenances: Maintenance[] } {
  const held = heldByOthers(state, incident.id);
  const explicit = new Set(requested.map((component) => component.id));
  const released = incident.components.filter((id) => !explicit.has(id) && !held.has(id));
  const underMaintenance = new Set(
    released.filter((id) => componentStatus(state.components, id) === 'under_maintenance'),
  );
  // A component under maintenance stays so; the window will hand it back operational, not as the incident left it.
  const maintenances = state.maintenances.map((window) => {
    const ids = Object.keys(window.restore ?? {}).filter((id) => underMaintenance.has(id));
    return ids.length === 0
      ? window
      : {
          ...window,
          restore: {
            ...window.restore,
            ...Object.fromEntries(ids.map((id) => [id, 'operational' as const])),
          },
        };
  });
  const wanted = released
    .filter((id) => !underMaintenance.has(id))
    .map((id) => ({ id, status: 'operational' as const }));
  return { wanted: [...requested, ...wanted], maintenances };
}

function stillOpenText(state: StatusState, closing: string): string {
  const stillOpen = openIncidents(state).filter((incident) => incident.id !== closing).length;
  return stillOpen === 0 ? 'No incident is open.' : `${stillOpen} still open.`;
}
