import {
  STATE_SCHEMA_VERSION,
  type ComponentChange,
  type ComponentEvent,
  type ComponentState,
  type History,
  type Incident,
  type IncidentPatch,
  type IncidentSummary,
  type IncidentUpdate,
  type Maintenance,
  type MaintenanceUpdate,
  type Person,
  type Postmortem,
  type ProcessedActivity,
  type StatusState,
  type TimelineEntry,
  type UndoRecord,
} from './state';
import type { Reply, ReplyCard } from './reply';
import {
  COMPONENT_STATUSES,
  IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  ROLES,
  statusLabel,
} from './vocabulary';

// Narrows a stored document (unknown JSON) to a StatusState, or says exactly what is wrong with it. Older schema
// versions are migrated here, so the rest of the code only ever sees the current shape.

type Check<T> = (value: unknown, at: string) => T;

class Invalid extends Error {}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Invalid(`${at} is not an object`);
  return value as Record<string, unknown>;
}

const str: Check<string> = (value, at) => {
  if (typeof value !== 'string') throw new Invalid(`${at} is not a string`);
  return value;
};

const instant: Check<string> = (value, at) => {
  const text = str(value, at);
  if (Number.isNaN(Date.parse(text))) throw new Invalid(`${at} is not a date`);
  return text;
};

const count: Check<number> = (value, at) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Invalid(`${at} is not a whole number`);
  }
  return value;
};

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, at) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new Invalid(`${at} is not one of ${values.join(', ')}`);
    }
    return value as T;
  };
}

function list<T>(item: Check<T>): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) throw new Invalid(`${at} is not a list`);
    return value.map((entry, index) => item(entry, `${at}[${index}]`));
  };
}

function map<T>(item: Check<T>): Check<Record<string, T>> {
  return (value, at) =>
    Object.fromEntries(
      Object.entries(record(value, at)).map(([key, entry]) => [key, item(entry, `${at}.${key}`)]),
    );
}

/** Copies the optional fields that are present, checked. */
function optional<T extends object>(
  target: T,
  raw: Record<string, unknown>,
  checks: { [K in keyof T]?: Check<T[K]> },
  at: string,
): T {
  for (const key of Object.keys(checks) as (keyof T & string)[]) {
    const check = checks[key];
    if (raw[key] !== undefined && check) target[key] = check(raw[key], `${at}.${key}`);
  }
  return target;
}

const componentStatus = oneOf(COMPONENT_STATUSES);

const person: Check<Person> = (value, at) => {
  const raw = record(value, at);
  return optional<Person>({ name: str(raw.name, `${at}.name`) }, raw, { aadObjectId: str }, at);
};

const componentChange: Check<ComponentChange> = (value, at) => {
  const raw = record(value, at);
  return {
    componentId: str(raw.componentId, `${at}.componentId`),
    from: componentStatus(raw.from, `${at}.from`),
    to: componentStatus(raw.to, `${at}.to`),
  };
};

const update: Check<IncidentUpdate> = (value, at) => {
  const raw = record(value, at);
  const result: IncidentUpdate = {
    id: str(raw.id, `${at}.id`),
    status: oneOf(INCIDENT_STATUSES)(raw.status, `${at}.status`),
    message: str(raw.message, `${at}.message`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    author: person(raw.author, `${at}.author`),
    componentChanges: list(componentChange)(raw.componentChanges ?? [], `${at}.componentChanges`),
  };
  return optional(result, raw, { headline: str, editedAt: instant }, at);
};

const timelineEntry: Check<TimelineEntry> = (value, at) => {
  const raw = record(value, at);
  const result: TimelineEntry = {
    at: instant(raw.at, `${at}.at`),
    kind: oneOf<TimelineEntry['kind']>([
      'update',
      'note',
      'role',
      'impact',
      'components',
      'next',
      'eta',
      'edit',
      'reopen',
      'postmortem',
      'undo',
    ])(raw.kind, `${at}.kind`),
    text: str(raw.text, `${at}.text`),
    author: person(raw.author, `${at}.author`),
  };
  return optional(result, raw, { updateId: str }, at);
};

const postmortem: Check<Postmortem> = (value, at) => {
  const raw = record(value, at);
  const result: Postmortem = {
    publishedAt: instant(raw.publishedAt, `${at}.publishedAt`),
    author: person(raw.author, `${at}.author`),
  };
  return optional(result, raw, { url: str, text: str }, at);
};

const roles: Check<Incident['roles']> = (value, at) => {
  const raw = record(value, at);
  const result: Incident['roles'] = {};
  for (const role of ROLES) if (raw[role] !== undefined) result[role] = person(raw[role], `${at}.${role}`);
  return result;
};

type IncidentFields = Omit<Incident, 'updates' | 'timeline'>;

const incidentFields: Check<IncidentFields> = (value, at) => {
  const raw = record(value, at);
  const result: IncidentFields = {
    id: str(raw.id, `${at}.id`),
    number: count(raw.number, `${at}.number`),
    title: str(raw.title, `${at}.title`),
    status: oneOf(INCIDENT_STATUSES)(raw.status, `${at}.status`),
    impact: oneOf(IMPACTS)(raw.impact, `${at}.impact`),
    components: list(str)(raw.components ?? [], `${at}.components`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    updatedAt: instant(raw.updatedAt, `${at}.updatedAt`),
    roles: roles(raw.roles ?? {}, `${at}.roles`),
  };
  return optional(result, raw, { resolvedAt: instant, nextUpdateAt: instant, eta: instant, postmortem }, at);
};

export const toIncident: Check<Incident> = (value, at) => {
  const raw = record(value, at);
  const updates = list(update)(raw.updates, `${at}.updates`);
  return {
    ...incidentFields(raw, at),
    updates,
    // Schema 1 had no timeline: its public updates are the whole story.
    timeline:
      raw.timeline === undefined
        ? updates.map((u) => ({
            at: u.createdAt,
            kind: 'update' as const,
            text: statusLabel(u.status),
            author: u.author,
            updateId: u.id,
          }))
        : list(timelineEntry)(raw.timeline, `${at}.timeline`),
  };
};

const incidentPatch: Check<IncidentPatch> = (value, at) => {
  const raw = record(value, at);
  const result: IncidentPatch = {
    fields: incidentFields(raw.fields, `${at}.fields`),
    updateCount: count(raw.updateCount, `${at}.updateCount`),
    timelineCount: count(raw.timelineCount, `${at}.timelineCount`),
  };
  return optional(result, raw, { replacedUpdate: update }, at);
};

const maintenanceUpdate: Check<MaintenanceUpdate> = (value, at) => {
  const raw = record(value, at);
  return {
    id: str(raw.id, `${at}.id`),
    status: oneOf(MAINTENANCE_STATUSES)(raw.status, `${at}.status`),
    message: str(raw.message, `${at}.message`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    author: person(raw.author, `${at}.author`),
  };
};

const maintenance: Check<Maintenance> = (value, at) => {
  const raw = record(value, at);
  const result: Maintenance = {
    id: str(raw.id, `${at}.id`),
    number: count(raw.number, `${at}.number`),
    title: str(raw.title, `${at}.title`),
    status: oneOf(MAINTENANCE_STATUSES)(raw.status, `${at}.status`),
    components: list(str)(raw.components, `${at}.components`),
    scheduledFor: instant(raw.scheduledFor, `${at}.scheduledFor`),
    scheduledUntil: instant(raw.scheduledUntil, `${at}.scheduledUntil`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    updatedAt: instant(raw.updatedAt, `${at}.updatedAt`),
    updates: list(maintenanceUpdate)(raw.updates, `${at}.updates`),
  };
  return optional(result, raw, { restore: map(componentStatus) }, at);
};

const componentState: Check<ComponentState> = (value, at) => {
  const raw = record(value, at);
  return {
    status: componentStatus(raw.status, `${at}.status`),
    updatedAt: instant(raw.updatedAt, `${at}.updatedAt`),
  };
};

const componentEvent: Check<ComponentEvent> = (value, at) => {
  const raw = record(value, at);
  return {
    componentId: str(raw.componentId, `${at}.componentId`),
    status: componentStatus(raw.status, `${at}.status`),
    at: instant(raw.at, `${at}.at`),
  };
};

const summary: Check<IncidentSummary> = (value, at) => {
  const raw = record(value, at);
  const result: IncidentSummary = {
    id: str(raw.id, `${at}.id`),
    title: str(raw.title, `${at}.title`),
    impact: oneOf(IMPACTS)(raw.impact, `${at}.impact`),
    status: oneOf(INCIDENT_STATUSES)(raw.status, `${at}.status`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
  };
  return optional(result, raw, { resolvedAt: instant }, at);
};

const history: Check<History> = (value, at) => {
  const raw = record(value, at);
  return {
    months: map(count)(raw.months, `${at}.months`),
    archived: list(summary)(raw.archived, `${at}.archived`),
  };
};

const undoRecord: Check<UndoRecord> = (value, at) => {
  const raw = record(value, at);
  const result: UndoRecord = {
    actorKey: str(raw.actorKey, `${at}.actorKey`),
    at: instant(raw.at, `${at}.at`),
    summary: str(raw.summary, `${at}.summary`),
    subjectId: str(raw.subjectId, `${at}.subjectId`),
    componentsBefore: map(componentState)(raw.componentsBefore, `${at}.componentsBefore`),
  };
  return optional(result, raw, { incidentBefore: incidentPatch, maintenanceBefore: maintenance }, at);
};

const fact: Check<{ title: string; value: string }> = (value, at) => {
  const raw = record(value, at);
  return { title: str(raw.title, `${at}.title`), value: str(raw.value, `${at}.value`) };
};

const card: Check<ReplyCard> = (value, at) => {
  const raw = record(value, at);
  const result: ReplyCard = {
    title: str(raw.title, `${at}.title`),
    tone: oneOf<ReplyCard['tone']>(['attention', 'warning', 'good', 'default'])(raw.tone, `${at}.tone`),
    summary: str(raw.summary, `${at}.summary`),
    facts: list(fact)(raw.facts, `${at}.facts`),
  };
  return optional(result, raw, { url: str }, at);
};

const reply: Check<Reply> = (value, at) => {
  const raw = record(value, at);
  return optional<Reply>({ text: str(raw.text, `${at}.text`) }, raw, { card }, at);
};

const processed: Check<ProcessedActivity> = (value, at) => {
  const raw = record(value, at);
  return {
    id: str(raw.id, `${at}.id`),
    at: instant(raw.at, `${at}.at`),
    reply: reply(raw.reply, `${at}.reply`),
  };
};

/** Schema 1 (the first release) lacked components, maintenance, undo and history; it migrates losslessly. */
function fromSchema1(raw: Record<string, unknown>): Record<string, unknown> {
  const incidents = Array.isArray(raw.incidents) ? (raw.incidents as unknown[]) : [];
  const months: Record<string, number> = {};
  for (const incident of incidents) {
    const createdAt = (incident as { createdAt?: unknown }).createdAt;
    if (typeof createdAt === 'string')
      months[createdAt.slice(0, 7)] = (months[createdAt.slice(0, 7)] ?? 0) + 1;
  }
  return {
    ...raw,
    schemaVersion: STATE_SCHEMA_VERSION,
    nextMaintenanceNumber: 1,
    maintenances: [],
    components: {},
    componentEvents: [],
    undo: [],
    history: { months, archived: [] },
  };
}

/** Reads a stored state document, migrating older schema versions. */
export function toStatusState(
  value: unknown,
): { ok: true; state: StatusState } | { ok: false; reason: string } {
  try {
    let raw = record(value, 'state');
    if (raw.schemaVersion === 1) raw = fromSchema1(raw);
    if (raw.schemaVersion !== STATE_SCHEMA_VERSION) {
      return { ok: false, reason: `unknown schema version ${JSON.stringify(raw.schemaVersion)}` };
    }
    return {
      ok: true,
      state: {
        schemaVersion: STATE_SCHEMA_VERSION,
        version: count(raw.version, 'state.version'),
        nextIncidentNumber: count(raw.nextIncidentNumber, 'state.nextIncidentNumber'),
        nextMaintenanceNumber: count(raw.nextMaintenanceNumber, 'state.nextMaintenanceNumber'),
        incidents: list(toIncident)(raw.incidents, 'state.incidents'),
        maintenances: list(maintenance)(raw.maintenances, 'state.maintenances'),
        components: map(componentState)(raw.components, 'state.components'),
        componentEvents: list(componentEvent)(raw.componentEvents, 'state.componentEvents'),
        undo: list(undoRecord)(raw.undo, 'state.undo'),
        history: history(raw.history, 'state.history'),
        processed: list(processed)(raw.processed ?? [], 'state.processed'),
        updatedAt: instant(raw.updatedAt, 'state.updatedAt'),
      },
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}
