import type { PendingNotice, StatusState } from '../model/state';
import { findNotices, type Notice } from './notices';

// The outbox pattern: a save records its public changes in the state it saves, in the same write, so handing
// them to the queue afterwards can fail or be cut off without losing one. Handing on is then idempotent: the
// deliveries a change makes have IDs derived from it.

/** Far more than a bad hour makes; past it the oldest pending changes are dropped rather than the state grow. */
export const MAX_PENDING = 200;

/** Drops fields a notice does not have, so the stored form is exactly what the schema keeps. */
function toPending(notice: Notice): PendingNotice {
  return JSON.parse(JSON.stringify(notice)) as PendingNotice;
}

/** Reads a stored pending notice back; undefined if it lacks what its event needs (a hand-edited state). */
export function fromPending(pending: PendingNotice): Notice | undefined {
  const base = {
    id: pending.id,
    components: pending.components,
    version: pending.version,
    at: pending.at,
  };
  switch (pending.event) {
    case 'incident':
      return pending.incidentId && pending.updateId
        ? { ...base, event: 'incident', incidentId: pending.incidentId, updateId: pending.updateId }
        : undefined;
    case 'maintenance':
      return pending.maintenanceId && pending.updateId
        ? { ...base, event: 'maintenance', maintenanceId: pending.maintenanceId, updateId: pending.updateId }
        : undefined;
    case 'component':
      return pending.change ? { ...base, event: 'component', change: pending.change } : undefined;
    case 'reminder':
      return pending.incidentId && pending.promisedAt
        ? { ...base, event: 'reminder', incidentId: pending.incidentId, promisedAt: pending.promisedAt }
        : undefined;
  }
}

/** The state to save with the public changes it makes over `before` recorded in its outbox. */
export function recordNotices(before: StatusState | undefined, after: StatusState): StatusState {
  const notices = findNotices(before, after);
  if (notices.length === 0) return after;
  const outbox = after.outbox ?? { handedOn: before?.version ?? 0, pending: [] };
  return {
    ...after,
    outbox: { ...outbox, pending: [...outbox.pending, ...notices.map(toPending)].slice(-MAX_PENDING) },
  };
}

/** The changes one save recorded. */
export function noticesOf(state: StatusState, version: number): Notice[] {
  return (state.outbox?.pending ?? [])
    .filter((pending) => pending.version === version)
    .flatMap((pending) => fromPending(pending) ?? []);
}

/** The versions with changes not yet known to be handed on, oldest first. */
export function pendingVersions(state: StatusState): number[] {
  return [...new Set((state.outbox?.pending ?? []).map((pending) => pending.version))].sort((a, b) => a - b);
}

/** The state with the given versions' changes handed on: no longer pending. Same version: the page is unchanged. */
export function markHandedOn(state: StatusState, versions: readonly number[]): StatusState {
  if (!state.outbox || versions.length === 0) return state;
  const done = new Set(versions);
  const pending = state.outbox.pending.filter((notice) => !done.has(notice.version));
  const handedOn = Math.max(state.outbox.handedOn, ...versions);
  return { ...state, outbox: { handedOn, pending } };
}
