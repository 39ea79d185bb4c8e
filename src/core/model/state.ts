import type { Reply } from './reply';
import {
  isOpenStatus,
  type ComponentStatus,
  type Impact,
  type IncidentStatus,
  type MaintenanceStatus,
  type Role,
} from './vocabulary';

/** Who did something: the Teams display name and, when Teams sends it, the Entra ID (AAD) object ID. */
export interface Person {
  name: string;
  aadObjectId?: string;
}

/** A component status an update changed, recorded on the update ("Chat: operational → partial_outage"). */
export interface ComponentChange {
  componentId: string;
  from: ComponentStatus;
  to: ComponentStatus;
}

/** A public update: shown on the page, in the JSON and in the feeds. */
export interface IncidentUpdate {
  /** Stable and unique across the page: `<incident id>-<n>`, used in permalinks and feeds. */
  id: string;
  status: IncidentStatus;
  /** Optional one-line headline (`update INC-3 identified | A major outage | The root cause …`). */
  headline?: string;
  message: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  author: Person;
  componentChanges: ComponentChange[];
  /** Set when `edit` replaced the message; the page says "edited". */
  editedAt?: string;
}

export type TimelineKind =
  | 'update'
  | 'note'
  | 'role'
  | 'impact'
  | 'components'
  | 'next'
  | 'eta'
  | 'edit'
  | 'reopen'
  | 'postmortem'
  | 'undo';

/** The internal timeline (the scribe's log): everything that happened, never published on the public page. */
export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  text: string;
  author: Person;
  /** For `update` entries: the public update, whose message is not copied here (the state stays small). */
  updateId?: string;
}

export interface Postmortem {
  /** A link to the write-up (http or https only), or the text itself. */
  url?: string;
  text?: string;
  publishedAt: string;
  author: Person;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  /** IDs of the components this incident affects. */
  components: string[];
  createdAt: string;
  updatedAt: string;
  resolvedAt?: string;
  /** Oldest first, as they happened; views reverse them. */
  updates: IncidentUpdate[];
  roles: Partial<Record<Role, Person>>;
  timeline: TimelineEntry[];
  /** When the next public update is promised ("Next update by HH:MM UTC"). */
  nextUpdateAt?: string;
  /** Estimated time of resolution. */
  eta?: string;
  postmortem?: Postmortem;
}

export interface MaintenanceUpdate {
  id: string;
  status: MaintenanceStatus;
  message: string;
  createdAt: string;
  author: Person;
}

export interface Maintenance {
  /** `MNT-<n>` */
  id: string;
  number: number;
  title: string;
  status: MaintenanceStatus;
  components: string[];
  scheduledFor: string;
  scheduledUntil: string;
  createdAt: string;
  updatedAt: string;
  /** Oldest first. */
  updates: MaintenanceUpdate[];
  /** Component statuses to restore when the window ends. */
  restore?: Record<string, ComponentStatus>;
}

/** A component's status over time: the current one, and each change (kept 90 days, for uptime bars). */
export interface ComponentState {
  status: ComponentStatus;
  updatedAt: string;
}

export interface ComponentEvent {
  componentId: string;
  status: ComponentStatus;
  at: string;
}

/**
 * An incident as it was before a change, relative to how the change left it: its own fields, and how many
 * updates and timeline entries it had (a change only appends to them, or replaces the latest update).
 */
export interface IncidentPatch {
  fields: Omit<Incident, 'updates' | 'timeline'>;
  updateCount: number;
  timelineCount: number;
  /** The latest update as it was, when the change edited it. */
  replacedUpdate?: IncidentUpdate;
}

/** What `undo` needs to revert a person's last change: the incident or maintenance as it was before. */
export interface UndoRecord {
  /** Entra object ID, or the display name when Teams sent none. */
  actorKey: string;
  at: string;
  summary: string;
  subjectId: string;
  /** The subject before the change; absent when the change created it. */
  incidentBefore?: IncidentPatch;
  maintenanceBefore?: Maintenance;
  componentsBefore: Record<string, ComponentState>;
}

/** What the history pages list of an incident that has left the state document. */
export interface IncidentSummary {
  id: string;
  title: string;
  impact: Impact;
  status: IncidentStatus;
  createdAt: string;
  resolvedAt?: string;
}

/**
 * Enough to render the history pages without reading the archive: the number of incidents per month (all time,
 * a dozen numbers a year), and summaries of archived incidents only for months that still have incidents in
 * this document (older months' pages never change again, so their summaries are dropped).
 */
export interface History {
  /** `YYYY-MM` (the month an incident started) → number of incidents. */
  months: Record<string, number>;
  archived: IncidentSummary[];
}

/**
 * A Teams activity this state already applied, with the reply it got: a replayed or retried delivery is
 * answered with the same reply and not applied again. Kept as long as a replay is accepted at all.
 */
export interface ProcessedActivity {
  id: string;
  at: string;
  reply: Reply;
}

export const STATE_SCHEMA_VERSION = 2;

/**
 * The one state document. It holds open incidents and recently resolved ones only; older resolved incidents are
 * archived to their own documents, so reading and writing this stays the same size however long the history.
 */
export interface StatusState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  /** Increases by one with every change; every published file carries the version it was rendered from. */
  version: number;
  nextIncidentNumber: number;
  nextMaintenanceNumber: number;
  incidents: Incident[];
  maintenances: Maintenance[];
  /** Current status per component ID; components missing here are operational. */
  components: Record<string, ComponentState>;
  /** Status changes of the last 90 days, oldest first. */
  componentEvents: ComponentEvent[];
  /** The latest changes, for `undo` (bounded). */
  undo: UndoRecord[];
  history: History;
  /** Activities applied in the last few minutes (replay and retry protection). */
  processed: ProcessedActivity[];
  /**
   * The instant the state describes: the last change, or the last time the clock moved something (a maintenance
   * window, an overdue promise, a new day). Pages are rendered as of this instant, so rendering needs no clock.
   */
  updatedAt: string;
}

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
