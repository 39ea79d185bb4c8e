import * as z from 'zod/mini';
import { firstProblem, isRecord } from './schema';
import { STATE_SCHEMA_VERSION, StatusState } from './state';

// Narrows a stored document (unknown JSON) to a StatusState, or says exactly what is wrong with it. Older schema
// versions are migrated here, so the rest of the code only ever sees the current shape.

/** Schema 1 (the first release) lacked components, maintenance, undo and history; it migrates losslessly. */
function fromSchema1(raw: Record<string, unknown>): Record<string, unknown> {
  const incidents = Array.isArray(raw.incidents) ? (raw.incidents as unknown[]) : [];
  const months: Record<string, number> = {};
  for (const incident of incidents) {
    const createdAt = (incident as { createdAt?: unknown }).createdAt;
    if (typeof createdAt === 'string')
      months[createdAt.slice(0, 7)] = (months[createdAt.slice(0, 7)] ?? 0) + 1;
  }
  // Its incidents' missing components, roles, timelines and component changes are the schema's defaults.
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

/**
 * IDs become blob and file names (`incidents/<id>.html`, `archive/incidents/<id>.json`) and links: a stored ID
 * must be exactly the one its number makes, so a forged `../404` can never reach a storage path.
 */
function idProblem(state: StatusState): string | undefined {
  for (const [index, incident] of state.incidents.entries()) {
    if (incident.id !== `INC-${incident.number}`)
      return `state.incidents[${index}].id ${JSON.stringify(incident.id.slice(0, 40))} is not INC-${incident.number}`;
  }
  for (const [index, maintenance] of state.maintenances.entries()) {
    if (maintenance.id !== `MNT-${maintenance.number}`)
      return `state.maintenances[${index}].id ${JSON.stringify(maintenance.id.slice(0, 40))} is not MNT-${maintenance.number}`;
  }
  for (const [index, summary] of state.history.archived.entries()) {
    if (!/^INC-(?:0|[1-9][0-9]*)$/.test(summary.id))
      return `state.history.archived[${index}].id ${JSON.stringify(summary.id.slice(0, 40))} is not INC-<n>`;
  }
  for (const [index, record] of state.undo.entries()) {
    const incident = record.incidentBefore?.fields;
    const maintenance = record.maintenanceBefore;
    if (
      (incident && incident.id !== `INC-${incident.number}`) ||
      (maintenance && maintenance.id !== `MNT-${maintenance.number}`)
    )
      return `state.undo[${index}] holds an ID that does not match its number`;
  }
  return undefined;
}

/** Reads a stored state document, migrating older schema versions. */
export function toStatusState(
  value: unknown,
): { ok: true; state: StatusState } | { ok: false; reason: string } {
  if (!isRecord(value)) return { ok: false, reason: 'state is not an object' };
  const raw = value.schemaVersion === 1 ? fromSchema1(value) : value;
  if (raw.schemaVersion !== STATE_SCHEMA_VERSION) {
    return { ok: false, reason: `unknown schema version ${JSON.stringify(raw.schemaVersion)}` };
  }
  const parsed = z.safeParse(StatusState, raw);
  if (!parsed.success) return { ok: false, reason: firstProblem(parsed.error, 'state') };
  const problem = idProblem(parsed.data);
  return problem === undefined ? { ok: true, state: parsed.data } : { ok: false, reason: problem };
}
