import { componentName, findComponent, findTemplate, type Catalog } from '../model/catalog';
import { USAGE, usageText, VERBS, type Command, type ComponentRef } from './parseCommand';
import { formatIncidentId, formatMaintenanceId } from './incidentId';
import type { Reply, ReplyCard } from '../model/reply';
import {
  componentStatus,
  openIncidents,
  recordComponentStatus,
  type ComponentChange,
  type ComponentEvent,
  type ComponentState,
  type Incident,
  type IncidentPatch,
  type IncidentUpdate,
  type Maintenance,
  type Person,
  type StatusState,
  type TimelineEntry,
  type TimelineKind,
  type UndoRecord,
} from '../model/state';
import { formatAgo, formatUtc } from '../model/time';
import {
  componentStatusLabel,
  DEFAULT_UPDATE_INTERVAL_MINUTES,
  IMPACTS,
  isOpenStatus,
  statusLabel,
  type ComponentStatus,
  type Impact,
  type IncidentStatus,
} from '../model/vocabulary';
import { addMinutes, parseDuration, parseInstant } from './when';

export interface CommandContext {
  /** ISO 8601 instant the command is applied at (a fixed clock in tests). */
  now: string;
  actor: Person;
  /** People mentioned in the message besides the bot (Teams mention entities). */
  mentions: readonly Person[];
  catalog: Catalog;
  pageUrl?: string;
  pageTitle: string;
}

/** The outcome of a command: a new state to save, an answer that changes nothing, or a refusal. */
export type Outcome =
  | { kind: 'changed'; state: StatusState; reply: Reply; subjectId?: string }
  | { kind: 'answered'; reply: Reply }
  | { kind: 'rejected'; reply: Reply };

const DEFAULT_CLOSE_MESSAGE = 'This incident has been resolved.';
const DEFAULT_REOPEN_MESSAGE = 'This incident has been reopened; we are investigating again.';
export const UNDO_WINDOW_MINUTES = 10;
const UNDO_KEEP = 20;

/** What an incident of each impact does to the components it names, unless a status is given. */
const IMPACT_COMPONENT_STATUS: Readonly<Record<Impact, ComponentStatus>> = {
  critical: 'major_outage',
  major: 'partial_outage',
  minor: 'degraded_performance',
  none: 'operational',
};

function rejected(error: string, verb?: Command['verb']): Outcome {
  return { kind: 'rejected', reply: { text: verb ? `${error}\n\n${usageText(verb)}` : error } };
}

const answered = (text: string): Outcome => ({ kind: 'answered', reply: { text } });

export function actorKey(person: Person): string {
  return person.aadObjectId ?? `name:${person.name}`;
}

type Found<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };

/** Finds the incident a command is about; with no ID, the only open one. */
function findIncident(
  state: StatusState,
  number: number | undefined,
  verb: Command['verb'],
  { openOnly = true } = {},
): Found<Incident> {
  if (number === undefined) {
    const open = openIncidents(state);
    const [only] = open;
    if (only && open.length === 1) return { ok: true, value: only };
    if (open.length === 0) {
      return {
        ok: false,
        outcome: rejected(`There is no open incident, so say which one. To start one: "open <title>".`, verb),
      };
    }
    const list = open.map((incident) => `${incident.id} (${incident.title})`).join(', ');
    return {
      ok: false,
      outcome: rejected(
        `${open.length} incidents are open: ${list}. Say which one, e.g. "${verb} ${open[0]?.id ?? ''} …".`,
      ),
    };
  }
  const id = formatIncidentId(number);
  const incident = state.incidents.find((candidate) => candidate.number === number);
  if (incident) {
    if (openOnly && !isOpenStatus(incident.status)) {
      const hint = verb === 'close' ? 'nothing changed.' : `type "reopen ${id}" first to change it.`;
      const when = incident.resolvedAt ? ` at ${formatUtc(incident.resolvedAt)}` : '';
      return { ok: false, outcome: rejected(`${id} was already resolved${when}; ${hint}`) };
    }
    return { ok: true, value: incident };
  }
  if (number < state.nextIncidentNumber) {
    return {
      ok: false,
      outcome: rejected(
        `${id} is no longer current (resolved and archived, or undone); open a new incident instead.`,
      ),
    };
  }
  return {
    ok: false,
    outcome: rejected(`There is no incident ${id}. Type "list" to see the open ones.`, verb),
  };
}

type ResolvedComponents = Found<{ id: string; status: ComponentStatus }[]>;

/** Checks typed component names against the catalog; unknown ones get a reply listing the valid names. */
function resolveComponents(
  refs: readonly ComponentRef[],
  catalog: Catalog,
  defaultStatus: ComponentStatus,
  verb: Command['verb'],
): ResolvedComponents {
  const unknown = refs.filter((ref) => !findComponent(catalog, ref.name)).map((ref) => `"${ref.name}"`);
  if (unknown.length > 0) {
    const valid = catalog.components.map((component) => component.name).join(', ') || 'none are configured';
    return {
      ok: false,
      outcome: rejected(`Unknown component ${unknown.join(', ')}. The components are: ${valid}.`, verb),
    };
  }
  return {
    ok: true,
    value: refs.map((ref) => ({
      id: findComponent(catalog, ref.name)?.id ?? ref.name,
      status: ref.status ?? defaultStatus,
    })),
  };
}

function currentStatus(state: StatusState, componentId: string): ComponentStatus {
  return componentStatus(state.components, componentId);
}

/** Sets component statuses; returns the new maps and the changes actually made (unchanged ones are left out). */
function setComponents(
  state: StatusState,
  wanted: readonly { id: string; status: ComponentStatus }[],
  now: string,
): { components: Record<string, ComponentState>; events: ComponentEvent[]; changes: ComponentChange[] } {
  const next = { components: { ...state.components }, events: [...state.componentEvents] };
  const changes = wanted.flatMap(({ id, status }) => recordComponentStatus(next, id, status, now) ?? []);
  return { ...next, changes };
}

function timelineEntry(kind: TimelineKind, text: string, ctx: CommandContext): TimelineEntry {
  return { at: ctx.now, kind, text, author: ctx.actor };
}

function describeChanges(changes: readonly ComponentChange[], catalog: Catalog): string {
  return changes
    .map(
      (change) =>
        `${componentName(catalog, change.componentId)}: ${componentStatusLabel(change.to).toLowerCase()}`,
    )
    .join(', ');
}

function defaultNextUpdate(impact: Impact, now: string): string | undefined {
  const minutes = DEFAULT_UPDATE_INTERVAL_MINUTES[impact];
  return minutes === undefined ? undefined : addMinutes(now, minutes);
}

interface UpdateSpec {
  status: IncidentStatus;
  message: string;
  headline?: string;
  componentChanges: ComponentChange[];
}

/** Appends a public update (and its timeline entry); sets status, resolution time and the next promise. */
function addUpdate(incident: Incident, spec: UpdateSpec, ctx: CommandContext): Incident {
  const update: IncidentUpdate = {
    id: `${incident.id}-${incident.updates.length + 1}`,
    status: spec.status,
    message: spec.message,
    createdAt: ctx.now,
    author: ctx.actor,
    componentChanges: spec.componentChanges,
  };
  if (spec.headline) update.headline = spec.headline;
  const changes = spec.componentChanges.length
    ? ` (${describeChanges(spec.componentChanges, ctx.catalog)})`
    : '';
  const entry = timelineEntry('update', `${statusLabel(spec.status)}${changes}`, ctx);
  entry.updateId = update.id;
  const next: Incident = {
    ...incident,
    status: spec.status,
    updatedAt: ctx.now,
    updates: [...incident.updates, update],
    timeline: [...incident.timeline, entry],
  };
  if (isOpenStatus(spec.status)) {
    const promise = defaultNextUpdate(next.impact, ctx.now);
    if (promise) next.nextUpdateAt = promise;
    else delete next.nextUpdateAt;
  } else {
    next.resolvedAt = ctx.now;
    delete next.nextUpdateAt;
    delete next.eta;
  }
  return next;
}

/** Records what `undo` needs: the subject as it was, and the component statuses it may have changed. */
function withUndo(
  before: StatusState,
  after: StatusState,
  subjectId: string,
  summary: string,
  ctx: CommandContext,
): StatusState {
  const touched = Object.keys(after.components).filter(
    (id) => after.components[id] !== before.components[id],
  );
  const record: UndoRecord = {
    actorKey: actorKey(ctx.actor),
    at: ctx.now,
    summary,
    subjectId,
    componentsBefore: Object.fromEntries(
      touched.map((id) => [id, before.components[id] ?? { status: 'operational', updatedAt: ctx.now }]),
    ),
  };
  const incident = before.incidents.find((candidate) => candidate.id === subjectId);
  const changedTo = after.incidents.find((candidate) => candidate.id === subjectId);
  const maintenance = before.maintenances.find((candidate) => candidate.id === subjectId);
  if (incident) record.incidentBefore = toPatch(incident, changedTo);
  if (maintenance) record.maintenanceBefore = maintenance;
  const horizon = Date.parse(ctx.now) - UNDO_WINDOW_MINUTES * 60_000;
  const recent = after.undo.filter((other) => Date.parse(other.at) >= horizon);
  return { ...after, undo: [...recent, record].slice(-UNDO_KEEP) };
}

/** A compact "before": a change appends updates and timeline entries, so counts say where to cut them back. */
function toPatch(before: Incident, after: Incident | undefined): IncidentPatch {
  const { updates, timeline, ...fields } = before;
  const patch: IncidentPatch = { fields, updateCount: updates.length, timelineCount: timeline.length };
  const latest = updates.at(-1);
  if (latest && after && after.updates[updates.length - 1] !== latest) patch.replacedUpdate = latest;
  return patch;
}

function fromPatch(patch: IncidentPatch, current: Incident): Incident {
  const updates = current.updates.slice(0, patch.updateCount);
  if (patch.replacedUpdate) updates[patch.updateCount - 1] = patch.replacedUpdate;
  return { ...patch.fields, updates, timeline: current.timeline.slice(0, patch.timelineCount) };
}

function replaceIncident(state: StatusState, incident: Incident): Incident[] {
  const exists = state.incidents.some((candidate) => candidate.id === incident.id);
  return exists
    ? state.incidents.map((candidate) => (candidate.id === incident.id ? incident : candidate))
    : [...state.incidents, incident];
}

function toneOf(incident: Incident): ReplyCard['tone'] {
  if (!isOpenStatus(incident.status)) return 'good';
  return incident.status === 'monitoring' || incident.impact === 'minor' || incident.impact === 'none'
    ? 'warning'
    : 'attention';
}

function rolesText(incident: Incident): string {
  return Object.entries(incident.roles)
    .map(([role, person]) => `${role}: ${person.name}`)
    .join(', ');
}

function incidentCard(
  state: StatusState,
  incident: Incident,
  headline: string,
  ctx: CommandContext,
): ReplyCard {
  const latest = incident.updates.at(-1);
  const facts: ReplyCard['facts'] = [
    { title: 'Status', value: statusLabel(incident.status) },
    { title: 'Impact', value: incident.impact },
  ];
  if (incident.components.length) {
    const names = incident.components.map(
      (id) =>
        `${componentName(ctx.catalog, id)}: ${componentStatusLabel(currentStatus(state, id)).toLowerCase()}`,
    );
    facts.push({ title: 'Components', value: names.join(', ') });
  }
  if (incident.nextUpdateAt) facts.push({ title: 'Next update by', value: formatUtc(incident.nextUpdateAt) });
  if (incident.eta) facts.push({ title: 'ETA', value: formatUtc(incident.eta) });
  const roles = rolesText(incident);
  if (roles) facts.push({ title: 'Roles', value: roles });
  if (latest) facts.push({ title: 'Latest update', value: latest.message });
  const card: ReplyCard = {
    title: `${incident.id}: ${incident.title}`,
    tone: toneOf(incident),
    summary: headline,
    facts,
  };
  if (ctx.pageUrl) card.url = ctx.pageUrl;
  return card;
}

interface Change {
  state: StatusState;
  headline: string;
  subjectId: string;
  /** The incident to summarise in the card, if the change is about one. */
  incident?: Incident;
  /** False for changes `undo` must not revert (undo itself). */
  undoable?: boolean;
}

function changed(before: StatusState, change: Change, ctx: CommandContext): Outcome {
  let state: StatusState = { ...change.state, version: before.version + 1, updatedAt: ctx.now };
  if (change.undoable !== false) state = withUndo(before, state, change.subjectId, change.headline, ctx);
  const link = ctx.pageUrl ? `\nStatus page: ${ctx.pageUrl}` : '';
  const reply: Reply = { text: `${change.headline}${link}` };
  if (change.incident) {
    const incident =
      state.incidents.find((candidate) => candidate.id === change.incident?.id) ?? change.incident;
    reply.card = incidentCard(state, incident, change.headline, ctx);
  }
  return { kind: 'changed', state, reply, subjectId: change.subjectId };
}

function helpReply(topic: Command['verb'] | undefined, ctx: CommandContext): Reply {
  if (topic) {
    const usage = USAGE[topic];
    return { text: `${usage.form}\n${usage.summary}\nExample: ${usage.example}` };
  }
  const lines = VERBS.map((verb) => `- ${USAGE[verb].form}`);
  return {
    text: [
      `Commands for ${ctx.pageTitle} (type them after the mention; "help <command>" explains one):`,
      ...lines,
      `IDs may be written INC-3, inc-3, #3 or 3. Example: ${USAGE.open.example}`,
    ].join('\n'),
  };
}

function isOverdue(incident: Incident, now: string): boolean {
  return incident.nextUpdateAt !== undefined && Date.parse(incident.nextUpdateAt) < Date.parse(now);
}

function listReply(state: StatusState, ctx: CommandContext): Reply {
  const open = openIncidents(state);
  const lines = open.map((incident) => {
    const latest = incident.updates.at(-1);
    const when = latest ? formatAgo(latest.createdAt, ctx.now) : '';
    const overdue = isOverdue(incident, ctx.now)
      ? ` ⚠ UPDATE OVERDUE (promised by ${formatUtc(incident.nextUpdateAt ?? '')})`
      : '';
    const roles = rolesText(incident);
    return `- ${incident.id} [${incident.impact}] ${statusLabel(incident.status)}: ${incident.title}. Latest update ${when}: ${latest?.message ?? ''}${roles ? ` (${roles})` : ''}${overdue}`;
  });
  const maintenance = state.maintenances
    .filter((window) => window.status !== 'completed')
    .map(
      (window) =>
        `- ${window.id} ${window.status.replace('_', ' ')}: ${window.title} (${formatUtc(window.scheduledFor)} – ${formatUtc(window.scheduledUntil)})`,
    );
  const head =
    open.length === 0
      ? 'No incident is open: all systems operational.'
      : `${open.length} open incident${open.length === 1 ? '' : 's'}:`;
  return {
    text: [head, ...lines, ...(maintenance.length ? ['Maintenance:', ...maintenance] : [])].join('\n'),
  };
}

function timelineReply(incident: Incident): Reply {
  const messages = new Map(incident.updates.map((update) => [update.id, update.message]));
  const lines = incident.timeline.map((entry) => {
    const message = entry.updateId ? messages.get(entry.updateId) : undefined;
    const text = message === undefined ? entry.text : `${entry.text}: ${message}`;
    return `- ${formatUtc(entry.at)} · ${entry.kind} · ${entry.author.name}: ${text}`;
  });
  const roles = rolesText(incident);
  return {
    text: [`Timeline of ${incident.id}: ${incident.title}${roles ? ` (${roles})` : ''}`, ...lines].join('\n'),
  };
}

function componentsReply(state: StatusState, catalog: Catalog): Reply {
  if (catalog.components.length === 0) return { text: 'No components are configured (status.config.json).' };
  return {
    text: [
      'Components:',
      ...catalog.components.map(
        (component) =>
          `- ${component.name}${component.group ? ` (${component.group})` : ''}: ${currentStatus(state, component.id)}`,
      ),
    ].join('\n'),
  };
}

function templatesReply(catalog: Catalog): Reply {
  if (catalog.templates.length === 0)
    return { text: 'No incident templates are configured (status.config.json).' };
  return {
    text: [
      'Templates ("open from <name> [more text]"):',
      ...catalog.templates.map((template) => `- ${template.name}: ${template.title} [${template.impact}]`),
    ].join('\n'),
  };
}

/** Components an open incident still holds down, so closing another incident does not mark them operational. */
function heldByOthers(state: StatusState, except: string): Set<string> {
  return new Set(
    openIncidents(state)
      .filter((incident) => incident.id !== except)
      .flatMap((incident) => incident.components),
  );
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
    'open',
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
    },
    ctx,
  );
}

function updateIncident(
  state: StatusState,
  command: Extract<Command, { verb: 'update' }>,
  ctx: CommandContext,
  verb: 'update' | 'close' = 'update',
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
    'update',
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

/** On resolve, the incident's components go back to operational unless given or still held by another incident. */
function restoreOnResolve(
  state: StatusState,
  incident: Incident,
  requested: readonly { id: string; status: ComponentStatus }[],
): { wanted: { id: string; status: ComponentStatus }[]; maintenances: Maintenance[] } {
  const held = heldByOthers(state, incident.id);
  const explicit = new Set(requested.map((component) => component.id));
  const released = incident.components.filter((id) => !explicit.has(id) && !held.has(id));
  const underMaintenance = new Set(released.filter((id) => currentStatus(state, id) === 'under_maintenance'));
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

/** `close [<id>] [<message>]` is `update [<id>] resolved <message>`, with its own wording when the ID is wrong. */
function closeIncident(
  state: StatusState,
  command: Extract<Command, { verb: 'close' }>,
  ctx: CommandContext,
): Outcome {
  const update: Extract<Command, { verb: 'update' }> = {
    verb: 'update',
    status: 'resolved',
    message: command.message ?? DEFAULT_CLOSE_MESSAGE,
  };
  if (command.incident !== undefined) update.incident = command.incident;
  return updateIncident(state, update, ctx, 'close');
}

function reopenIncident(
  state: StatusState,
  command: Extract<Command, { verb: 'reopen' }>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, 'reopen', { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  if (isOpenStatus(incident.status))
    return rejected(`${incident.id} is still open (${incident.status}); nothing changed.`);
  const set = setComponents(
    state,
    incident.components.map((id) => ({ id, status: IMPACT_COMPONENT_STATUS[incident.impact] })),
    ctx.now,
  );
  const base: Incident = {
    ...incident,
    timeline: [...incident.timeline, timelineEntry('reopen', 'Reopened', ctx)],
  };
  delete base.resolvedAt;
  delete base.postmortem;
  const reopened = addUpdate(
    base,
    {
      status: 'investigating',
      message: command.message ?? DEFAULT_REOPEN_MESSAGE,
      componentChanges: set.changes,
    },
    ctx,
  );
  const next = {
    ...state,
    incidents: replaceIncident(state, reopened),
    components: set.components,
    componentEvents: set.events,
  };
  return changed(
    state,
    {
      state: next,
      headline: `Reopened ${incident.id}: ${incident.title} (investigating).`,
      subjectId: incident.id,
      incident: reopened,
    },
    ctx,
  );
}

/** A change to an incident that is not a public update: impact, roles, notes, promises, edits, postmortems. */
function amendIncident(
  state: StatusState,
  incident: Incident,
  amended: Incident,
  entry: { kind: TimelineKind; text: string },
  headline: string,
  ctx: CommandContext,
): Outcome {
  const withEntry: Incident = {
    ...amended,
    updatedAt: ctx.now,
    timeline: [...amended.timeline, timelineEntry(entry.kind, entry.text, ctx)],
  };
  return changed(
    state,
    {
      state: { ...state, incidents: replaceIncident(state, withEntry) },
      headline,
      subjectId: incident.id,
      incident: withEntry,
    },
    ctx,
  );
}

function assignRole(
  state: StatusState,
  command: Extract<Command, { verb: 'role' }>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, 'role');
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const typed = command.person.toLowerCase();
  const person =
    typed === 'me'
      ? ctx.actor
      : (ctx.mentions.find((mention) => mention.name.toLowerCase() === typed) ??
        ctx.mentions.find((mention) => typed.startsWith(mention.name.toLowerCase())));
  if (!person) {
    return rejected(
      `Mention the person with @ so Teams tells me who they are (or say "me"); "${command.person.slice(0, 60)}" is not a mention.`,
      'role',
    );
  }
  const amended: Incident = { ...incident, roles: { ...incident.roles, [command.role]: person } };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'role', text: `${person.name} is ${command.role}` },
    `${person.name} is now ${command.role} of ${incident.id}.`,
    ctx,
  );
}

function setPromise(
  state: StatusState,
  command: Extract<Command, { verb: 'next' | 'eta' }>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, command.verb);
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const at = parseInstant(command.when, ctx.now);
  if (!at || Date.parse(at) <= Date.parse(ctx.now))
    return rejected(`"${command.when}" is not a time in the future.`, command.verb);
  const amended: Incident =
    command.verb === 'next' ? { ...incident, nextUpdateAt: at } : { ...incident, eta: at };
  const what = command.verb === 'next' ? 'Next update by' : 'Estimated resolution';
  return amendIncident(
    state,
    incident,
    amended,
    { kind: command.verb, text: `${what} ${formatUtc(at)}` },
    `${incident.id}: ${what.toLowerCase()} ${formatUtc(at)}.`,
    ctx,
  );
}

function editUpdate(
  state: StatusState,
  command: Extract<Command, { verb: 'edit' }>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, 'edit', { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  const latest = incident.updates.at(-1);
  if (!latest) return rejected(`${incident.id} has no update to edit.`);
  const edited: IncidentUpdate = { ...latest, message: command.message, editedAt: ctx.now };
  const amended: Incident = { ...incident, updates: [...incident.updates.slice(0, -1), edited] };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'edit', text: `Edited ${latest.id}; it said: ${latest.message}` },
    `Edited the latest update of ${incident.id}.`,
    ctx,
  );
}

function addPostmortem(
  state: StatusState,
  command: Extract<Command, { verb: 'postmortem' }>,
  ctx: CommandContext,
): Outcome {
  const found = findIncident(state, command.incident, 'postmortem', { openOnly: false });
  if (!found.ok) return found.outcome;
  const incident = found.value;
  if (isOpenStatus(incident.status))
    return rejected(`${incident.id} is still open; close it before its postmortem.`, 'close');
  const isUrl = /^https?:\/\/\S+$/i.test(command.text);
  const amended: Incident = {
    ...incident,
    status: 'postmortem',
    postmortem: {
      ...(isUrl ? { url: command.text } : { text: command.text }),
      publishedAt: ctx.now,
      author: ctx.actor,
    },
  };
  return amendIncident(
    state,
    incident,
    amended,
    { kind: 'postmortem', text: `Postmortem published: ${command.text}` },
    `Published the postmortem of ${incident.id}.`,
    ctx,
  );
}

function setComponentStatuses(
  state: StatusState,
  command: Extract<Command, { verb: 'component' }>,
  ctx: CommandContext,
): Outcome {
  const resolved = resolveComponents(command.components, ctx.catalog, 'operational', 'component');
  if (!resolved.ok) return resolved.outcome;
  const set = setComponents(state, resolved.value, ctx.now);
  if (set.changes.length === 0)
    return answered('Those components already have that status; nothing changed.');
  const next = { ...state, components: set.components, componentEvents: set.events };
  return changed(
    state,
    { state: next, headline: `Set ${describeChanges(set.changes, ctx.catalog)}.`, subjectId: 'components' },
    ctx,
  );
}

function scheduleMaintenance(
  state: StatusState,
  command: Extract<Command, { verb: 'maintenance' }>,
  ctx: CommandContext,
): Outcome {
  if ('action' in command) return endMaintenance(state, command, ctx);
  const start = parseInstant(command.start, ctx.now);
  // The end is read after the start: at 22:30, "22:00 23:00" means tomorrow 22:00 to tomorrow 23:00.
  const end = command.end.startsWith('for ')
    ? start && addMinutes(start, parseDuration(command.end.slice(4)) ?? 0)
    : start && parseInstant(command.end, start);
  if (!start || !end || Date.parse(end) <= Date.parse(start))
    return rejected('Maintenance must end after it starts.', 'maintenance');
  if (Date.parse(end) <= Date.parse(ctx.now))
    return rejected('That maintenance window is already over.', 'maintenance');
  const resolved = resolveComponents(
    command.components ?? [],
    ctx.catalog,
    'under_maintenance',
    'maintenance',
  );
  if (!resolved.ok) return resolved.outcome;
  const id = formatMaintenanceId(state.nextMaintenanceNumber);
  const maintenance: Maintenance = {
    id,
    number: state.nextMaintenanceNumber,
    title: command.title,
    status: 'scheduled',
    components: resolved.value.map((component) => component.id),
    scheduledFor: start,
    scheduledUntil: end,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    updates: [
      { id: `${id}-1`, status: 'scheduled', message: command.message, createdAt: ctx.now, author: ctx.actor },
    ],
  };
  const next: StatusState = {
    ...state,
    nextMaintenanceNumber: state.nextMaintenanceNumber + 1,
    maintenances: [...state.maintenances, maintenance],
  };
  return changed(
    state,
    {
      state: next,
      headline: `Scheduled ${id}: ${command.title}, ${formatUtc(start)} – ${formatUtc(end)}.`,
      subjectId: id,
    },
    ctx,
  );
}

function endMaintenance(
  state: StatusState,
  command: Extract<Command, { verb: 'maintenance'; action: 'cancel' | 'complete' }>,
  ctx: CommandContext,
): Outcome {
  const id = formatMaintenanceId(command.maintenance);
  const maintenance = state.maintenances.find((candidate) => candidate.id === id);
  if (!maintenance) return rejected(`There is no maintenance ${id}. Type "list" to see them.`, 'maintenance');
  if (maintenance.status === 'completed') return rejected(`${id} is already over; nothing changed.`);
  // Only put back what maintenance itself set; a status someone set meanwhile (an incident) stands.
  const restore = Object.entries(maintenance.restore ?? {})
    .filter(([componentId]) => currentStatus(state, componentId) === 'under_maintenance')
    .map(([componentId, status]) => ({ id: componentId, status }));
  const set = setComponents(state, restore, ctx.now);
  const message =
    command.message ??
    (command.action === 'cancel'
      ? 'This maintenance has been cancelled.'
      : 'The maintenance has been completed.');
  const ended: Maintenance = {
    ...maintenance,
    status: 'completed',
    updatedAt: ctx.now,
    updates: [
      ...maintenance.updates,
      {
        id: `${id}-${maintenance.updates.length + 1}`,
        status: 'completed',
        message,
        createdAt: ctx.now,
        author: ctx.actor,
      },
    ],
  };
  if (command.action === 'cancel')
    ended.scheduledUntil = ctx.now < maintenance.scheduledFor ? maintenance.scheduledFor : ctx.now;
  delete ended.restore;
  const next: StatusState = {
    ...state,
    maintenances: state.maintenances.map((candidate) => (candidate.id === id ? ended : candidate)),
    components: set.components,
    componentEvents: set.events,
  };
  return changed(
    state,
    {
      state: next,
      headline: `${command.action === 'cancel' ? 'Cancelled' : 'Completed'} ${id}: ${maintenance.title}.`,
      subjectId: id,
    },
    ctx,
  );
}

function undoLast(state: StatusState, ctx: CommandContext): Outcome {
  const key = actorKey(ctx.actor);
  const cutoff = Date.parse(ctx.now) - UNDO_WINDOW_MINUTES * 60_000;
  const index = state.undo.findLastIndex((record) => record.actorKey === key);
  const record = state.undo[index];
  if (!record || Date.parse(record.at) < cutoff) {
    return rejected(`You have no change of the last ${UNDO_WINDOW_MINUTES} minutes to undo.`);
  }
  // Anything that touched the same subject or components since (a person or the clock) makes undo unsafe.
  const subject =
    state.incidents.find((incident) => incident.id === record.subjectId) ??
    state.maintenances.find((window) => window.id === record.subjectId);
  const movedComponents = Object.keys(record.componentsBefore).filter(
    (id) => (state.components[id]?.updatedAt ?? record.at) !== record.at,
  );
  if ((subject && subject.updatedAt !== record.at) || movedComponents.length > 0) {
    const what = movedComponents.length
      ? movedComponents.map((id) => componentName(ctx.catalog, id)).join(', ')
      : record.subjectId;
    return rejected(
      `${what} changed again since your change; undo refused. Set it right with a new command instead.`,
    );
  }
  const restore = Object.entries(record.componentsBefore).map(([id, component]) => ({
    id,
    status: component.status,
  }));
  const set = setComponents(state, restore, ctx.now);
  let incidents = state.incidents;
  let maintenances = state.maintenances;
  let months = state.history.months;
  if (record.subjectId.startsWith('INC-')) {
    const patch = record.incidentBefore;
    if (patch) {
      incidents = incidents.map((incident) => {
        if (incident.id !== record.subjectId) return incident;
        const before = fromPatch(patch, incident);
        return {
          ...before,
          timeline: [...before.timeline, timelineEntry('undo', `Undid: ${record.summary}`, ctx)],
        };
      });
    } else {
      // Undoing an open: the incident goes; its number is not reused, so links and logs stay unambiguous.
      const removed = incidents.find((incident) => incident.id === record.subjectId);
      incidents = incidents.filter((incident) => incident.id !== record.subjectId);
      if (removed) {
        const month = removed.createdAt.slice(0, 7);
        months = { ...months, [month]: Math.max((months[month] ?? 1) - 1, 0) };
      }
    }
  } else if (record.subjectId.startsWith('MNT-')) {
    maintenances = record.maintenanceBefore
      ? maintenances.map((window) =>
          window.id === record.subjectId && record.maintenanceBefore ? record.maintenanceBefore : window,
        )
      : maintenances.filter((window) => window.id !== record.subjectId);
  }
  const next: StatusState = {
    ...state,
    incidents,
    maintenances,
    components: set.components,
    componentEvents: set.events,
    history: { ...state.history, months },
    undo: state.undo.filter((_, position) => position !== index),
  };
  return changed(
    state,
    { state: next, headline: `Undone: ${record.summary}`, subjectId: record.subjectId, undoable: false },
    ctx,
  );
}

/** Applies a parsed command to the state. Pure: the clock, the actor and the catalog come in the context. */
export function applyCommand(state: StatusState, command: Command, ctx: CommandContext): Outcome {
  switch (command.verb) {
    case 'help':
      return { kind: 'answered', reply: helpReply(command.topic, ctx) };
    case 'list':
      return { kind: 'answered', reply: listReply(state, ctx) };
    case 'components':
      return { kind: 'answered', reply: componentsReply(state, ctx.catalog) };
    case 'templates':
      return { kind: 'answered', reply: templatesReply(ctx.catalog) };
    case 'timeline': {
      const found = findIncident(state, command.incident, 'timeline', { openOnly: false });
      return found.ok ? { kind: 'answered', reply: timelineReply(found.value) } : found.outcome;
    }
    case 'open': {
      if ('template' in command) {
        const template = findTemplate(ctx.catalog, command.template);
        if (!template) {
          const names =
            ctx.catalog.templates.map((candidate) => candidate.name).join(', ') || 'none are configured';
          return rejected(
            `There is no template "${command.template.slice(0, 40)}". The templates are: ${names}.`,
            'open',
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
    case 'update':
      return updateIncident(state, command, ctx);
    case 'close':
      return closeIncident(state, command, ctx);
    case 'reopen':
      return reopenIncident(state, command, ctx);
    case 'impact': {
      const found = findIncident(state, command.incident, 'impact');
      if (!found.ok) return found.outcome;
      const incident = found.value;
      if (incident.impact === command.impact)
        return answered(`${incident.id} already has ${command.impact} impact.`);
      const amended: Incident = { ...incident, impact: command.impact };
      const promise = defaultNextUpdate(command.impact, ctx.now);
      // A sharper impact brings the next promised update forward, never back.
      if (promise && (!incident.nextUpdateAt || promise < incident.nextUpdateAt))
        amended.nextUpdateAt = promise;
      const direction =
        IMPACTS.indexOf(command.impact) > IMPACTS.indexOf(incident.impact) ? 'raised' : 'lowered';
      return amendIncident(
        state,
        incident,
        amended,
        { kind: 'impact', text: `Impact ${direction} to ${command.impact}` },
        `${incident.id}: impact ${direction} to ${command.impact}.`,
        ctx,
      );
    }
    case 'component':
      return setComponentStatuses(state, command, ctx);
    case 'role':
      return assignRole(state, command, ctx);
    case 'note': {
      const found = findIncident(state, command.incident, 'note', { openOnly: false });
      if (!found.ok) return found.outcome;
      return amendIncident(
        state,
        found.value,
        found.value,
        { kind: 'note', text: command.text },
        `Noted on the ${found.value.id} timeline (internal).`,
        ctx,
      );
    }
    case 'next':
    case 'eta':
      return setPromise(state, command, ctx);
    case 'maintenance':
      return scheduleMaintenance(state, command, ctx);
    case 'postmortem':
      return addPostmortem(state, command, ctx);
    case 'edit':
      return editUpdate(state, command, ctx);
    case 'undo':
      return undoLast(state, ctx);
  }
}
