import {
  STATE_SCHEMA_VERSION,
  type Incident,
  type IncidentUpdate,
  type Person,
  type StatusState,
} from './state';
import { IMPACTS, INCIDENT_STATUSES } from './vocabulary';

// Narrows a stored document (unknown JSON) to a StatusState, or says exactly what is wrong with it.

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

const person: Check<Person> = (value, at) => {
  const raw = record(value, at);
  const result: Person = { name: str(raw.name, `${at}.name`) };
  if (raw.aadObjectId !== undefined) result.aadObjectId = str(raw.aadObjectId, `${at}.aadObjectId`);
  return result;
};

const update: Check<IncidentUpdate> = (value, at) => {
  const raw = record(value, at);
  return {
    id: str(raw.id, `${at}.id`),
    status: oneOf(INCIDENT_STATUSES)(raw.status, `${at}.status`),
    message: str(raw.message, `${at}.message`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    author: person(raw.author, `${at}.author`),
  };
};

export const toIncident: Check<Incident> = (value, at) => {
  const raw = record(value, at);
  const result: Incident = {
    id: str(raw.id, `${at}.id`),
    number: count(raw.number, `${at}.number`),
    title: str(raw.title, `${at}.title`),
    status: oneOf(INCIDENT_STATUSES)(raw.status, `${at}.status`),
    impact: oneOf(IMPACTS)(raw.impact, `${at}.impact`),
    createdAt: instant(raw.createdAt, `${at}.createdAt`),
    updatedAt: instant(raw.updatedAt, `${at}.updatedAt`),
    updates: list(update)(raw.updates, `${at}.updates`),
  };
  if (raw.resolvedAt !== undefined) result.resolvedAt = instant(raw.resolvedAt, `${at}.resolvedAt`);
  return result;
};

/** Reads a stored state document; older schema versions would be migrated here. */
export function toStatusState(
  value: unknown,
): { ok: true; state: StatusState } | { ok: false; reason: string } {
  try {
    const raw = record(value, 'state');
    if (raw.schemaVersion !== STATE_SCHEMA_VERSION) {
      return { ok: false, reason: `unknown schema version ${JSON.stringify(raw.schemaVersion)}` };
    }
    return {
      ok: true,
      state: {
        schemaVersion: STATE_SCHEMA_VERSION,
        version: count(raw.version, 'state.version'),
        nextIncidentNumber: count(raw.nextIncidentNumber, 'state.nextIncidentNumber'),
        incidents: list(toIncident)(raw.incidents, 'state.incidents'),
        updatedAt: instant(raw.updatedAt, 'state.updatedAt'),
      },
    };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}
