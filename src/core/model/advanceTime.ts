import {
  componentStatus,
  recordComponentStatus,
  type ComponentEvent,
  type ComponentState,
  type Maintenance,
  type StatusState,
} from './state';
import { componentName, type Catalog } from './catalog';
import { DAY_MS } from './time';
import type { ComponentStatus } from './vocabulary';
import { isOpenStatus } from './vocabulary';

// The clock moves the state, never the renderer: maintenance windows start and end, promises fall due, days
// turn. This function says what changed between the state's own instant and `now`, so pages rendered from the
// state alone are always right, and the timer knows when there is something to publish.

const SYSTEM = { name: 'Status page' };
const UPTIME_DAYS = 90;
/** Completed maintenance stays in the state (and on the page's history) this long. */
const COMPLETED_MAINTENANCE_DAYS = 15;

const day = (iso: string) => iso.slice(0, 10);
const crossed = (at: string | undefined, from: string, to: string) =>
  at !== undefined && Date.parse(at) > Date.parse(from) && Date.parse(at) <= Date.parse(to);

export interface Components {
  components: Record<string, ComponentState>;
  events: ComponentEvent[];
}

/** "Email and Chat" */
function namesOf(window: Maintenance, catalog: Catalog | undefined): string {
  const names = window.components.map((id) => (catalog ? componentName(catalog, id) : id));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** When a scheduled instant took effect: never before the window was created (a start typed as already past). */
const effectiveAt = (scheduled: string, window: Maintenance) =>
  Date.parse(scheduled) < Date.parse(window.createdAt) ? window.createdAt : scheduled;

/** Starts a window whose start has come: its components go under maintenance and an update says so. */
export function startWindow(
  window: Maintenance,
  acc: Components,
  now: string,
  catalog?: Catalog,
): Maintenance {
  const at = effectiveAt(window.scheduledFor, window);
  const restore: Record<string, ComponentStatus> = {};
  for (const id of window.components) {
    restore[id] = componentStatus(acc.components, id);
    recordComponentStatus(acc, id, 'under_maintenance', at);
  }
  const names = namesOf(window, catalog);
  return {
    ...window,
    status: 'in_progress',
    updatedAt: now,
    restore,
    updates: [
      ...window.updates,
      {
        id: `${window.id}-${window.updates.length + 1}`,
        status: 'in_progress',
        message: names
          ? `Scheduled maintenance is in progress: ${names} ${window.components.length === 1 ? 'is' : 'are'} under maintenance.`
          : 'Scheduled maintenance is in progress.',
        createdAt: at,
        author: SYSTEM,
      },
    ],
  };
}

function endWindow(window: Maintenance, acc: Components, now: string, catalog?: Catalog): Maintenance {
  const names = namesOf(window, catalog);
  for (const [id, status] of Object.entries(window.restore ?? {})) {
    // Only put back what maintenance itself set; a status someone set meanwhile stands.
    if (componentStatus(acc.components, id) === 'under_maintenance') {
      recordComponentStatus(acc, id, status, window.scheduledUntil);
    }
  }
  const ended: Maintenance = {
    ...window,
    status: 'completed',
    updatedAt: now,
    updates: [
      ...window.updates,
      {
        id: `${window.id}-${window.updates.length + 1}`,
        status: 'completed',
        message: names
          ? `The scheduled maintenance has been completed: ${names} ${window.components.length === 1 ? 'is' : 'are'} no longer under maintenance.`
          : 'The scheduled maintenance has been completed.',
        createdAt: effectiveAt(window.scheduledUntil, window),
        author: SYSTEM,
      },
    ],
  };
  delete ended.restore;
  return ended;
}

/**
 * Returns the state as of `now`, or undefined when nothing the page shows depends on the time that passed.
 * The returned state has a new version and `updatedAt = now`.
 */
export function advanceTime(state: StatusState, now: string, catalog?: Catalog): StatusState | undefined {
  if (Date.parse(now) <= Date.parse(state.updatedAt)) return undefined;
  const acc: Components = { components: { ...state.components }, events: [...state.componentEvents] };
  let moved = day(now) !== day(state.updatedAt);
  const maintenances = state.maintenances.map((window) => {
    let current = window;
    if (current.status === 'scheduled' && Date.parse(current.scheduledFor) <= Date.parse(now)) {
      current = startWindow(current, acc, now, catalog);
    }
    if (
      (current.status === 'in_progress' || current.status === 'verifying') &&
      Date.parse(current.scheduledUntil) <= Date.parse(now)
    ) {
      current = endWindow(current, acc, now, catalog);
    }
    if (current !== window) moved = true;
    return current;
  });
  const kept = maintenances.filter(
    (window) =>
      window.status !== 'completed' ||
      Date.parse(window.updatedAt) >= Date.parse(now) - COMPLETED_MAINTENANCE_DAYS * DAY_MS,
  );
  if (kept.length !== maintenances.length) moved = true;
  // A promise falling due turns the page's "Next update by" into "Update overdue".
  if (
    state.incidents.some(
      (incident) => isOpenStatus(incident.status) && crossed(incident.nextUpdateAt, state.updatedAt, now),
    )
  ) {
    moved = true;
  }
  if (!moved) return undefined;
  const horizon = Date.parse(now) - UPTIME_DAYS * DAY_MS;
  // Keep the last event before the horizon too: it says what the status was when the 90 days began.
  const lastBeforeHorizon = new Map<string, number>();
  acc.events.forEach((event, index) => {
    if (Date.parse(event.at) < horizon) lastBeforeHorizon.set(event.componentId, index);
  });
  const events = acc.events.filter(
    (event, index) => Date.parse(event.at) >= horizon || lastBeforeHorizon.get(event.componentId) === index,
  );
  return {
    ...state,
    version: state.version + 1,
    updatedAt: now,
    maintenances: kept,
    components: acc.components,
    componentEvents: events,
  };
}
