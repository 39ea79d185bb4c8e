import * as z from 'zod/mini';
import { Reply } from './reply';
import { SUBSCRIBER_EVENTS } from '../subscribers/events';
import { count, instant, list, map, oneOf, shape, someOf, text } from './schema';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  isOpenStatus,
  MAINTENANCE_STATUSES,
  ROLES,
  statusLabel,
  TIMELINE_KINDS,
  type ComponentStatus,
} from './vocabulary';

export type { TimelineKind } from './vocabulary';

// Each shape of the state document is defined once, as a schema: its type is `z.infer` of it, and the same schema
// checks a stored document when it is read (toStatusState). Fields older documents lack get their defaults here.

const componentStatusSchema = oneOf(COMPONENT_STATUSES);

/** Who did something: the Teams display name and, when Teams sends it, the Entra ID (AAD) object ID. */
export const Person = shape({
  name: text(),
  aadObjectId: z.optional(text()),
});
export type Person = z.infer<typeof Person>;

/** A component status an update changed, recorded on the update ("Chat: operational → partial_outage"). */
export const ComponentChange = shape({
  componentId: text(),
  from: componentStatusSchema,
  to: componentStatusSchema,
});
export type ComponentChange = z.infer<typeof ComponentChange>;

/** A public update: shown on the page, in the JSON and in the feeds. */
export const IncidentUpdate = shape({
  /** Stable and unique across the page: `<incident id>-<n>`, used in permalinks and feeds. */
  id: text(),
  status: oneOf(INCIDENT_STATUSES),
  /** Optional one-line headline (`update INC-3 identified | A major outage | The root cause …`). */
  headline: z.optional(text()),
  message: text(),
  /** ISO 8601, UTC. */
  createdAt: instant(),
  author: Person,
  // Schema 1 recorded no component changes.
  componentChanges: z._default(list(ComponentChange), () => []),
  /** Set when `edit` replaced the message; the page says "edited". */
  editedAt: z.optional(instant()),
});
export type IncidentUpdate = z.infer<typeof IncidentUpdate>;

/** The internal timeline (the scribe's log): everything that happened, never published on the public page. */
export const TimelineEntry = shape({
  at: instant(),
  kind: oneOf(TIMELINE_KINDS),
  text: text(),
  author: Person,
  /** For `update` entries: the public update, whose message is not copied here (the state stays small). */
  updateId: z.optional(text()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Postmortem = shape({
  /** A link to the write-up (http or https only), or the text itself. */
  url: z.optional(text()),
  text: z.optional(text()),
  publishedAt: instant(),
  author: Person,
});
export type Postmortem = z.infer<typeof Postmortem>;

/** An incident's own fields: what an undo record keeps of it, besides how many updates and entries it had. */
const IncidentFields = shape({
  id: text(),
  number: count(),
  title: text(),
  status: oneOf(INCIDENT_STATUSES),
  impact: oneOf(IMPACTS),
  /** IDs of the components this incident affects (none before schema 2). */
  components: z._default(list(text()), () => []),
  createdAt: instant(),
  updatedAt: instant(),
  resolvedAt: z.optional(instant()),
  roles: z._default(someOf(ROLES, Person), () => ({})),
  /** When the next public update is promised ("Next update by HH:MM UTC"). */
  nextUpdateAt: z.optional(instant()),
  /** Estimated time of resolution. */
  eta: z.optional(instant()),
  postmortem: z.optional(Postmortem),
});

export const Incident = z.pipe(
  shape({
    ...IncidentFields.shape,
    /** Oldest first, as they happened; views reverse them. */
    updates: list(IncidentUpdate),
    timeline: z.optional(list(TimelineEntry)),
  }),
  // Schema 1 had no timeline: its public updates are the whole story.
  z.transform((incident) => ({ ...incident, timeline: incident.timeline ?? timelineOf(incident.updates) })),
);
export type Incident = z.infer<typeof Incident>;

function timelineOf(updates: readonly IncidentUpdate[]): TimelineEntry[] {
  return updates.map((update) => ({
    at: update.createdAt,
    kind: 'update',
    text: statusLabel(update.status),
    author: update.author,
    updateId: update.id,
  }));
}

export const MaintenanceUpdate = shape({
  id: text(),
  status: oneOf(MAINTENANCE_STATUSES),
  message: text(),
  createdAt: instant(),
  author: Person,
});
export type MaintenanceUpdate = z.infer<typeof MaintenanceUpdate>;

export const Maintenance = shape({
  /** `MNT-<n>` */
  id: text(),
  number: count(),
  title: text(),
  status: oneOf(MAINTENANCE_STATUSES),
  components: list(text()),
  scheduledFor: instant(),
  scheduledUntil: instant(),
  createdAt: instant(),
  updatedAt: instant(),
  /** Oldest first. */
  updates: list(MaintenanceUpdate),
  /** Component statuses to restore when the window ends. */
  restore: z.optional(map(componentStatusSchema)),
});
export type Maintenance = z.infer<typeof Maintenance>;

/** A component's status over time: the current one, and each change (kept 90 days, for uptime bars). */
export const ComponentState = shape({
  status: componentStatusSchema,
  updatedAt: instant(),
});
export type ComponentState = z.infer<typeof ComponentState>;

export const ComponentEvent = shape({
  componentId: text(),
  status: componentStatusSchema,
  at: instant(),
});
export type ComponentEvent = z.infer<typeof ComponentEvent>;

/**
 * An incident as it was before a change, relative to how the change left it: its own fields, and how many
 * updates and timeline entries it had (a change only appends to them, or replaces the latest update).
 */
export const IncidentPatch = shape({
  fields: IncidentFields,
  updateCount: count(),
  timelineCount: count(),
  /** The latest update as it was, when the change edited it. */
  replacedUpdate: z.optional(IncidentUpdate),
});
export type IncidentPatch = z.infer<typeof IncidentPatch>;

/** What `undo` needs to revert a person's last change: the incident or maintenance as it was before. */
export const UndoRecord = shape({
  /** Entra object ID, or the display name when Teams sent none. */
  actorKey: text(),
  at: instant(),
  summary: text(),
  subjectId: text(),
  /** The subject before the change; absent when the change created it. */
  incidentBefore: z.optional(IncidentPatch),
  maintenanceBefore: z.optional(Maintenance),
  componentsBefore: map(ComponentState),
});
export type UndoRecord = z.infer<typeof UndoRecord>;

/** What the history pages list of an incident that has left the state document. */
export const IncidentSummary = shape({
  id: text(),
  title: text(),
  impact: oneOf(IMPACTS),
  status: oneOf(INCIDENT_STATUSES),
  createdAt: instant(),
  resolvedAt: z.optional(instant()),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

/**
 * Enough to render the history pages without reading the archive: the number of incidents per month (all time,
 * a dozen numbers a year), and summaries of archived incidents only for months that still have incidents in
 * this document (older months' pages never change again, so their summaries are dropped).
 */
export const History = shape({
  /** `YYYY-MM` (the month an incident started) → number of incidents. */
  months: map(count()),
  archived: list(IncidentSummary),
});
export type History = z.infer<typeof History>;

/**
 * A Teams activity this state already applied, with the reply it got: a replayed or retried delivery is
 * answered with the same reply and not applied again. Kept as long as a replay is accepted at all.
 */
export const ProcessedActivity = shape({
  id: text(),
  at: instant(),
  reply: Reply,
});
export type ProcessedActivity = z.infer<typeof ProcessedActivity>;

/**
 * An incident taken back (`undo` of its `open`): its page and its place in the history must be removed from the
 * site, not just left unlinked. Kept until RETRACTED_KEEP newer ones push it out, so a publish that failed
 * midway is repaired from the state alone.
 */
export const RetractedIncident = shape({
  id: text(),
  createdAt: instant(),
});
export type RetractedIncident = z.infer<typeof RetractedIncident>;

/** How many retracted incidents the state remembers (each costs two deletes per full publish). */
export const RETRACTED_KEEP = 20;
/** A public change saved but maybe not yet handed to the delivery queue (see core/subscribers/notices.ts). */
export const PendingNotice = shape({
  id: text(),
  event: oneOf(SUBSCRIBER_EVENTS),
  components: list(text()),
  version: count(),
  at: instant(),
  incidentId: z.optional(text()),
  maintenanceId: z.optional(text()),
  updateId: z.optional(text()),
  change: z.optional(ComponentChange),
  promisedAt: z.optional(instant()),
});
export type PendingNotice = z.infer<typeof PendingNotice>;

/**
 * The outbox: changes saved with the state, so a host stopped between the save and the enqueue loses nothing;
 * the timer hands on what is still pending. `handedOn` is the last version whose changes are all handed on.
 */
export const Outbox = shape({ handedOn: count(), pending: list(PendingNotice) });
export type Outbox = z.infer<typeof Outbox>;

export const STATE_SCHEMA_VERSION = 2;

/**
 * The one state document. It holds open incidents and recently resolved ones only; older resolved incidents are
 * archived to their own documents, so reading and writing this stays the same size however long the history.
 */
export const StatusState = shape({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  /** Increases by one with every change; every published file carries the version it was rendered from. */
  version: count(),
  nextIncidentNumber: count(),
  nextMaintenanceNumber: count(),
  incidents: list(Incident),
  maintenances: list(Maintenance),
  /** Current status per component ID; components missing here are operational. */
  components: map(ComponentState),
  /** Status changes of the last 90 days, oldest first. */
  componentEvents: list(ComponentEvent),
  /** The latest changes, for `undo` (bounded). */
  undo: list(UndoRecord),
  history: History,
  /** Activities applied in the last few minutes (replay and retry protection); none before they were kept. */
  processed: z._default(list(ProcessedActivity), () => []),
  /** Incidents taken back, newest last (bounded); none before they were kept. */
  retracted: z._default(list(RetractedIncident), () => []),
  /** Absent before subscribers existed, and while none is configured: nothing pending. */
  outbox: z.optional(Outbox),
  /** Incidents whose pushes `notify off` silenced. */
  silenced: z.optional(list(text())),
  /**
   * The instant the state describes: the last change, or the last time the clock moved something (a maintenance
   * window, an overdue promise, a new day). Pages are rendered as of this instant, so rendering needs no clock.
   */
  updatedAt: instant(),
});
export type StatusState = z.infer<typeof StatusState>;

export function emptyState(now: string): StatusState {
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    version: 0,
    nextIncidentNumber: 1,
    nextMaintenanceNumber: 1,
    incidents: [],
    maintenances: [],
    components: {},
    componentEvents: [],
    undo: [],
    history: { months: {}, archived: [] },
    processed: [],
    retracted: [],
    updatedAt: now,
  };
}

export function openIncidents(state: StatusState): Incident[] {
  return state.incidents.filter((incident) => isOpenStatus(incident.status));
}

/** A component's current status; one the state has never recorded is operational. */
export function componentStatus(
  components: Readonly<Record<string, ComponentState>>,
  id: string,
): ComponentStatus {
  return components[id]?.status ?? 'operational';
}

/**
 * Sets one component's status on maps the caller owns (copies), recording the change as an event for the
 * uptime history. Returns the change, or undefined when the status was already that.
 */
export function recordComponentStatus(
  target: { components: Record<string, ComponentState>; events: ComponentEvent[] },
  id: string,
  status: ComponentStatus,
  at: string,
): ComponentChange | undefined {
  const from = componentStatus(target.components, id);
  if (from === status) return undefined;
  target.components[id] = { status, updatedAt: at };
  target.events.push({ componentId: id, status, at });
  return { componentId: id, from, to: status };
}
