import {
  componentStatus,
  openIncidents,
  type Incident,
  type Maintenance,
  type StatusState,
} from '../model/state';
import { isResolvedWord, toUpdateStatus, UPDATE_STATUSES, type UpdateStatus } from '../model/vocabulary';
import {
  IMPACT_COMPONENT_STATUS,
  resolveComponents,
  setComponents,
  type WantedStatus,
} from './componentEffects';
import {
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
      'Post an update, optionally changing the status (acknowledged = investigating, observing = monitoring, fixed = resolved) and component statuses. The ID may be left out when one incident is open.',
  },
  readsState: true,
  everyday: true,
  parse: parseUpdate,
  apply: (state, command, ctx) => updateIncident(state, command, ctx, updateVerb),
};

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

function parseUpdate(rest: string): Parsed<UpdateCommand> {
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
  if (!parsed.ok) return fail(updateVerb, parsed.error);
  if (message === undefined) {
    message = parsed.rest;
  } else if (parsed.rest) {
    // `update INC-3 Database degraded | we are on it`: what stands before the message is a headline.
    if (headline !== undefined) {
      return fail(updateVerb, `Before the first "|" put only a status (${UPDATE_STATUSES.join(', ')}).`);
    }
    headline = parsed.rest;
  }
  if (!message) {
    return fail(
      updateVerb,
      parsed.status ? `Say what changed after "${splitFirstWord(lead)[0]}".` : 'An update needs a message.',
    );
  }
  const command: UpdateCommand = { verb: 'update', message };
  if (incident !== undefined) command.incident = incident;
  if (parsed.status) command.status = parsed.status;
  if (headline) command.headline = headline;
  if (parsed.components) command.components = parsed.components;
  return (
    tooLong(updateVerb, 'headline', headline, TITLE_MAX_LENGTH) ??
    tooLong(updateVerb, 'message', message, MESSAGE_MAX_LENGTH) ??
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
  return changed(state, { state: next, headline, subjectId: incident.id, incident: updated }, ctx);
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
