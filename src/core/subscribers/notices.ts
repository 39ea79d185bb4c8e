import { componentStatus, type ComponentChange, type StatusState } from '../model/state';
import { isOpenStatus } from '../model/vocabulary';
import type { SubscriberEvent } from './events';

// A notice is one public change, found by comparing the state before and after a save: a new incident update, a
// new maintenance update, a component status that moved, or a promised update that fell due. Its ID is derived
// from what changed, never from when it was found, so handing it on twice names the same deliveries.

interface NoticeBase {
  /**
   * Stable: `INC-3-2@17` (the update and the version that made it: `undo` lets an update ID be used again),
   * `MNT-1-2@18`, `component-chat-17`, `reminder-INC-3-2026-11-21T14:30:00.000Z`.
   */
  id: string;
  event: SubscriberEvent;
  /** Component IDs the change touches; filters match on them. */
  components: string[];
  /** The state version that made the change. */
  version: number;
  at: string;
}

export type Notice =
  | (NoticeBase & { event: 'incident'; incidentId: string; updateId: string })
  | (NoticeBase & { event: 'maintenance'; maintenanceId: string; updateId: string })
  | (NoticeBase & { event: 'component'; change: ComponentChange })
  | (NoticeBase & { event: 'reminder'; incidentId: string; promisedAt: string });

const crossed = (at: string | undefined, from: string, to: string) =>
  at !== undefined && Date.parse(at) > Date.parse(from) && Date.parse(at) <= Date.parse(to);

/** The updates in `after` that no item of `before` had, each with the incident or window it belongs to. */
function newUpdates<T extends { updates: readonly { id: string }[] }>(
  before: readonly T[] | undefined,
  after: readonly T[],
): [T, T['updates'][number]][] {
  const seen = new Set((before ?? []).flatMap((item) => item.updates.map((update) => update.id)));
  return after.flatMap((item) =>
    item.updates
      .filter((update) => !seen.has(update.id))
      .map((update): [T, T['updates'][number]] => [item, update]),
  );
}

/** The public changes between two saves of the state (`before` undefined: the first save). */
export function findNotices(before: StatusState | undefined, after: StatusState): Notice[] {
  const notices: Notice[] = [];
  const base = { version: after.version, at: after.updatedAt };
  for (const [incident, update] of newUpdates(before?.incidents, after.incidents)) {
    notices.push({
      ...base,
      id: `${update.id}@${after.version}`,
      event: 'incident',
      incidentId: incident.id,
      updateId: update.id,
      components: [...incident.components],
      at: update.createdAt,
    });
  }
  for (const [window, update] of newUpdates(before?.maintenances, after.maintenances)) {
    notices.push({
      ...base,
      id: `${update.id}@${after.version}`,
      event: 'maintenance',
      maintenanceId: window.id,
      updateId: update.id,
      components: [...window.components],
      at: update.createdAt,
    });
  }
  for (const [componentId, current] of Object.entries(after.components)) {
    const from = componentStatus(before?.components ?? {}, componentId);
    if (from === current.status) continue;
    notices.push({
      ...base,
      id: `component-${componentId}-${after.version}`,
      event: 'component',
      change: { componentId, from, to: current.status },
      components: [componentId],
      at: current.updatedAt,
    });
  }
  const previously = new Map(before?.incidents.map((incident) => [incident.id, incident]));
  for (const incident of after.incidents) {
    const was = previously.get(incident.id);
    if (!before || !was || !isOpenStatus(was.status) || !isOpenStatus(incident.status)) continue;
    // The promise in force before this save; crossed by exactly one save's [before, after] window, so it is
    // reminded of once. An update in the same save keeps the promise: nothing to remind.
    const promisedAt = was.nextUpdateAt;
    if (!promisedAt || !crossed(promisedAt, before.updatedAt, after.updatedAt)) continue;
    if (incident.updates.length > was.updates.length) continue;
    notices.push({
      ...base,
      id: `reminder-${incident.id}-${promisedAt}`,
      event: 'reminder',
      incidentId: incident.id,
      promisedAt,
      components: [...incident.components],
    });
  }
  return notices;
}
