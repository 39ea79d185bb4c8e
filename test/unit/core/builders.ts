import {
  STATE_SCHEMA_VERSION,
  type Incident,
  type IncidentUpdate,
  type StatusState,
} from '../../../src/core/state';
import type { IncidentStatus } from '../../../src/core/vocabulary';

// Builders for the pure-core specs. Every instant is derived from a fixed clock, never from Date.now().

export const T0 = '2026-11-21T12:00:00.000Z';

const MINUTE_MS = 60_000;

/** The instant `minutes` after `iso` (negative for before), as an ISO string. */
export function minutesAfter(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE_MS).toISOString();
}

export function daysAfter(iso: string, days: number): string {
  return minutesAfter(iso, days * 24 * 60);
}

export const ALICE = { name: 'Alice Admin', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001' };

export function anUpdate(
  incidentId: string,
  n: number,
  fields: Partial<IncidentUpdate> = {},
): IncidentUpdate {
  return {
    id: `${incidentId}-${n}`,
    status: 'investigating',
    message: `Update ${n} of ${incidentId}`,
    createdAt: T0,
    author: { name: 'Alice Admin' },
    ...fields,
  };
}

/** An open incident (investigating) with one update, created and updated at `createdAt`. */
export function anOpenIncident(number: number, createdAt = T0, fields: Partial<Incident> = {}): Incident {
  const id = `INC-${number}`;
  return {
    id,
    number,
    title: `Incident ${number}`,
    status: 'investigating',
    impact: 'major',
    createdAt,
    updatedAt: createdAt,
    updates: [anUpdate(id, 1, { createdAt })],
    ...fields,
  };
}

/** A resolved incident: opened an hour before `resolvedAt`, resolved at `resolvedAt`. */
export function aResolvedIncident(
  number: number,
  resolvedAt: string,
  status: Extract<IncidentStatus, 'resolved' | 'postmortem'> = 'resolved',
): Incident {
  const id = `INC-${number}`;
  const createdAt = minutesAfter(resolvedAt, -60);
  return {
    id,
    number,
    title: `Incident ${number}`,
    status,
    impact: 'minor',
    createdAt,
    updatedAt: resolvedAt,
    resolvedAt,
    updates: [
      anUpdate(id, 1, { createdAt }),
      anUpdate(id, 2, { status: 'resolved', message: 'Resolved.', createdAt: resolvedAt }),
    ],
  };
}

export function aState(incidents: Incident[], fields: Partial<StatusState> = {}): StatusState {
  const highest = incidents.reduce((max, incident) => Math.max(max, incident.number), 0);
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    version: 7,
    nextIncidentNumber: highest + 1,
    incidents,
    updatedAt: T0,
    ...fields,
  };
}

/** Freezes a value and everything inside it, so a spec fails if the code under test mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
