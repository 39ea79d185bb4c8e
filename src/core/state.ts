import type { Impact, IncidentStatus } from './vocabulary';

/** Who did something: the Teams display name and, when Teams sends it, the Entra ID (AAD) object ID. */
export interface Person {
  name: string;
  aadObjectId?: string;
}

export interface IncidentUpdate {
  /** Stable and unique across the page: `<incident id>-<n>`, used in permalinks and feeds. */
  id: string;
  status: IncidentStatus;
  message: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  author: Person;
}

export interface Incident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  impact: Impact;
  createdAt: string;
  updatedAt: string;
  resolvedAt?: string;
  /** Oldest first, as they happened; views reverse them. */
  updates: IncidentUpdate[];
}

export const STATE_SCHEMA_VERSION = 1;

/**
 * The one state document. It holds open incidents and recently resolved ones only; older resolved incidents are
 * archived to their own documents, so reading and writing this stays the same size however long the history.
 */
export interface StatusState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  /** Increases by one with every change; every published file carries the version it was rendered from. */
  version: number;
  nextIncidentNumber: number;
  incidents: Incident[];
  updatedAt: string;
}

export function emptyState(now: string): StatusState {
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    version: 0,
    nextIncidentNumber: 1,
    incidents: [],
    updatedAt: now,
  };
}
