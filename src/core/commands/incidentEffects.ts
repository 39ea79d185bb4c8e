// What commands do to incidents: find the one meant, append a public update, amend it, record the timeline.
import {
  openIncidents,
  type ComponentChange,
  type Incident,
  type IncidentUpdate,
  type StatusState,
  type TimelineEntry,
  type TimelineKind,
} from '../model/state';
import { formatUtc } from '../model/time';
import {
  DEFAULT_UPDATE_INTERVAL_MINUTES,
  isOpenStatus,
  statusLabel,
  type Impact,
  type IncidentStatus,
} from '../model/vocabulary';
import { describeChanges } from './componentEffects';
import { formatIncidentId } from './incidentId';
import { changed, rejected, type Found } from './outcomes';
import type { Stated } from './replies';
import type { CommandContext, Outcome, VerbUsage } from './verbSpec';
import { addMinutes } from './when';

/** Finds the incident a command is about; with no ID, the only open one. */
export function findIncident(
  state: StatusState,
  number: number | undefined,
  verb: VerbUsage,
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
        `${open.length} incidents are open: ${list}. Say which one, e.g. "${verb.verb} ${open[0]?.id ?? ''} …".`,
      ),
    };
  }
  const id = formatIncidentId(number);
  const incident = state.incidents.find((candidate) => candidate.number === number);
  if (incident) {
    if (openOnly && !isOpenStatus(incident.status)) {
      const hint = verb.verb === 'close' ? 'nothing changed.' : `type "reopen ${id}" first to change it.`;
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

export function timelineEntry(kind: TimelineKind, text: string, ctx: CommandContext): TimelineEntry {
  return { at: ctx.now, kind, text, author: ctx.actor };
}

export function defaultNextUpdate(impact: Impact, now: string): string | undefined {
  const minutes = DEFAULT_UPDATE_INTERVAL_MINUTES[impact];
  return minutes === undefined ? undefined : addMinutes(now, minutes);
}

export interface UpdateSpec {
  status: IncidentStatus;
  message: string;
  headline?: string;
  componentChanges: ComponentChange[];
}

/** Appends a public update (and its timeline entry); sets status, resolution time and the next promise. */
export function addUpdate(incident: Incident, spec: UpdateSpec, ctx: CommandContext): Incident {
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

export function replaceIncident(state: StatusState, incident: Incident): Incident[] {
  const exists = state.incidents.some((candidate) => candidate.id === incident.id);
  return exists
    ? state.incidents.map((candidate) => (candidate.id === incident.id ? incident : candidate))
    : [...state.incidents, incident];
}

/** Timeline entries the public never sees. */
const INTERNAL_KINDS: ReadonlySet<TimelineKind> = new Set(['note', 'role']);

/** A change to an incident that is not a public update: impact, roles, notes, promises, edits, postmortems. */
export function amendIncident(
  state: StatusState,
  incident: Incident,
  amended: Incident,
  entry: { kind: TimelineKind; text: string },
  headline: string,
  ctx: CommandContext,
  stated?: Stated,
): Outcome {
  // Roles and notes are internal: they leave every published date as it was, so no public file moves or changes,
  // and their replies name no public address.
  const internal = INTERNAL_KINDS.has(entry.kind);
  const withEntry: Incident = {
    ...amended,
    updatedAt: internal ? amended.updatedAt : ctx.now,
    timeline: [...amended.timeline, timelineEntry(entry.kind, entry.text, ctx)],
  };
  return changed(
    state,
    {
      state: { ...state, incidents: replaceIncident(state, withEntry) },
      headline,
      subjectId: incident.id,
      incident: withEntry,
      internal,
      ...(stated ? { stated } : {}),
    },
    ctx,
  );
}
