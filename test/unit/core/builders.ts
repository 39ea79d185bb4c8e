import type { CommandContext } from '../../../src/core/commands/applyCommand';
import { toCatalog, type Catalog } from '../../../src/core/model/catalog';
import {
  STATE_SCHEMA_VERSION,
  type Incident,
  type IncidentUpdate,
  type Maintenance,
  type StatusState,
} from '../../../src/core/model/state';
import { MINUTE_MS } from '../../../src/core/model/time';
import type { IncidentStatus } from '../../../src/core/model/vocabulary';

// Builders for the pure-core specs. Every instant is derived from a fixed clock, never from Date.now().

export const T0 = '2026-11-21T12:00:00.000Z';

/** The instant `minutes` after `iso` (negative for before), as an ISO string. */
export function minutesAfter(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE_MS).toISOString();
}

export function daysAfter(iso: string, days: number): string {
  return minutesAfter(iso, days * 24 * 60);
}

export const ALICE = { name: 'Alice Admin', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001' };
export const BOB = { name: 'Bob Builder', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-b0b000000002' };
export const ADA = { name: 'Ada Lovelace', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-ada000000003' };

/** The organisation's services and templates, as status.config.json would list them. */
export const CATALOG: Catalog = (() => {
  const result = toCatalog({
    components: [
      { name: 'Chat', group: 'Collaboration' },
      { name: 'Files', group: 'Collaboration' },
      { name: 'Email', group: 'Communication' },
      { name: 'VPN', group: 'Network' },
      { name: 'Website' },
    ],
    templates: {
      'email-delay': {
        title: 'Email delivery delayed',
        impact: 'minor',
        components: ['Email'],
        message: 'Some messages are arriving late.',
      },
      'vpn-down': {
        title: 'VPN connections failing',
        impact: 'critical',
        components: ['VPN'],
        message: 'Remote staff cannot connect.',
      },
    },
  });
  if (!result.ok) throw new Error(result.error);
  return result.catalog;
})();

/** The context a command is applied in: Alice at `now`, with the catalog above and nobody mentioned. */
export function aContext(now = T0, fields: Partial<CommandContext> = {}): CommandContext {
  return { now, actor: ALICE, mentions: [], catalog: CATALOG, pageTitle: 'Contoso status', ...fields };
}

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
    componentChanges: [],
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
    components: [],
    createdAt,
    updatedAt: createdAt,
    updates: [anUpdate(id, 1, { createdAt })],
    roles: {},
    timeline: [],
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
    components: [],
    createdAt,
    updatedAt: resolvedAt,
    resolvedAt,
    updates: [
      anUpdate(id, 1, { createdAt }),
      anUpdate(id, 2, { status: 'resolved', message: 'Resolved.', createdAt: resolvedAt }),
    ],
    roles: {},
    timeline: [],
  };
}

/** A maintenance window as `maintenance` schedules it: status scheduled, one update, created at T0. */
export function aMaintenance(
  number: number,
  scheduledFor: string,
  scheduledUntil: string,
  fields: Partial<Maintenance> = {},
): Maintenance {
  const id = `MNT-${number}`;
  return {
    id,
    number,
    title: `Maintenance ${number}`,
    status: 'scheduled',
    components: [],
    scheduledFor,
    scheduledUntil,
    createdAt: T0,
    updatedAt: T0,
    updates: [{ id: `${id}-1`, status: 'scheduled', message: 'Planned work', createdAt: T0, author: ALICE }],
    ...fields,
  };
}

export function aState(incidents: Incident[], fields: Partial<StatusState> = {}): StatusState {
  const highest = incidents.reduce((max, incident) => Math.max(max, incident.number), 0);
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    version: 7,
    nextIncidentNumber: highest + 1,
    nextMaintenanceNumber: 1,
    incidents,
    maintenances: [],
    components: {},
    componentEvents: [],
    undo: [],
    history: { months: {}, archived: [] },
    processed: [],
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
