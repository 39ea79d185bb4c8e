import { componentName } from '../model/catalog';
import { listComponents, type ListedComponent } from './componentList';
import { siteUrl, toSiteBase } from './links';
import { incidentPath } from './pageView';
import { derivePageStatus } from './pageStatus';
import { newestStartedFirst } from './incidentOrder';
import { isDeeplyFrozen } from '../model/frozen';
import type { SiteSettings } from './siteSettings';
import type { Incident, IncidentUpdate, Maintenance, MaintenanceUpdate, StatusState } from '../model/state';
import type {
  StatuspageAffectedComponent,
  StatuspageComponent,
  StatuspageDocumentName,
  StatuspageDocuments,
  StatuspageIncident,
  StatuspageIncidentUpdate,
  StatuspageMaintenanceUpdate,
  StatuspagePage,
  StatuspageScheduledMaintenance,
  StatuspageStatus,
} from './statuspageSchemas';
import { isOpenStatus } from '../model/vocabulary';

// The Statuspage API v2 documents (https://<page>/api/v2/…): the same field names and value sets as Atlassian
// Statuspage's public API, so tools that read a Statuspage page read ours unchanged. Plain objects typed by the
// schemas in statuspageSchemas.ts; the renderer writes them with JSON.stringify. User text is carried exactly as
// typed.

export type { StatuspageDocumentName, StatuspageDocuments };

/** Where each document is published, relative to the site root (the paths Statuspage serves them at). */
export const STATUSPAGE_PATHS: Readonly<Record<StatuspageDocumentName, string>> = {
  summary: 'api/v2/summary.json',
  status: 'api/v2/status.json',
  components: 'api/v2/components.json',
  incidents: 'api/v2/incidents.json',
  unresolvedIncidents: 'api/v2/incidents/unresolved.json',
  scheduledMaintenances: 'api/v2/scheduled-maintenances.json',
  upcomingMaintenances: 'api/v2/scheduled-maintenances/upcoming.json',
  activeMaintenances: 'api/v2/scheduled-maintenances/active.json',
};

/** incidents.json and scheduled-maintenances.json list the latest 50, as Statuspage does. */
export const LATEST_COUNT = 50;

/** Statuspage IDs are 12 lower-case letters and digits; ours is a stable hash of the page's address or name. */
export function toPageId(key: string): string {
  // FNV-1a, 64 bit: stable across runs and machines, no crypto needed for a name.
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).padStart(13, '0').slice(-12);
}

/** The instant that comes first (`sign` -1) or last (1) of `instants`, each parsed once; the first of equals. */
function extreme(instants: readonly string[], sign: 1 | -1): string | undefined {
  let found: string | undefined;
  let foundAt = Number.NaN;
  for (const iso of instants) {
    const at = Date.parse(iso) * sign;
    if (found === undefined || at > foundAt) [found, foundAt] = [iso, at];
  }
  return found;
}

const earliest = (instants: readonly string[]) => extreme(instants, -1);

const latest = (instants: readonly string[]) => extreme(instants, 1);

interface Context {
  state: StatusState;
  settings: SiteSettings;
  base: string | undefined;
  pageId: string;
  /** Stands in for a component's creation time when the state knows nothing older of it. */
  pageSince: string;
  components: Map<string, StatuspageComponent>;
}

function toComponent(ctx: Context, listed: ListedComponent, position: number): StatuspageComponent {
  const { id } = listed.definition;
  const createdAt =
    earliest([
      ...ctx.state.componentEvents.filter((event) => event.componentId === id).map((event) => event.at),
      ...(listed.updatedAt ? [listed.updatedAt] : []),
    ]) ?? ctx.pageSince;
  return {
    id,
    name: listed.definition.name,
    status: listed.status,
    created_at: createdAt,
    updated_at: listed.updatedAt ?? createdAt,
    position,
    description: listed.definition.description ?? null,
    showcase: true,
    start_date: null,
    group_id: listed.groupId ?? null,
    page_id: ctx.pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

function toComponents(ctx: Context): StatuspageComponent[] {
  const all: StatuspageComponent[] = [];
  listComponents(ctx.settings.catalog, ctx.state).forEach((entry, index) => {
    if (entry.kind === 'component') {
      all.push(toComponent(ctx, entry.component, index + 1));
      return;
    }
    const children = entry.group.components.map((listed, childIndex) =>
      toComponent(ctx, listed, childIndex + 1),
    );
    const createdAt = earliest(children.map((child) => child.created_at)) ?? ctx.pageSince;
    const updatedAt = latest(children.map((child) => child.updated_at)) ?? createdAt;
    all.push({
      id: entry.group.id,
      name: entry.group.name,
      status: entry.group.status,
      created_at: createdAt,
      updated_at: updatedAt,
      position: index + 1,
      description: null,
      showcase: false,
      start_date: null,
      group_id: null,
      page_id: ctx.pageId,
      group: true,
      only_show_if_degraded: false,
      components: children.map((child) => child.id),
    });
    all.push(...children);
  });
  return all;
}

function affectedComponents(ctx: Context, update: IncidentUpdate): StatuspageAffectedComponent[] | null {
  if (update.componentChanges.length === 0) return null;
  return update.componentChanges.map((change) => ({
    code: change.componentId,
    name: componentName(ctx.settings.catalog, change.componentId),
    old_status: change.from,
    new_status: change.to,
  }));
}

/** The headline, when there is one, leads the body as its first paragraph: Statuspage has no headline field. */
function body(update: IncidentUpdate): string {
  return update.headline ? `${update.headline}\n\n${update.message}` : update.message;
}

function toIncidentUpdate(
  ctx: Context,
  incidentId: string,
  update: IncidentUpdate,
): StatuspageIncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: body(update),
    incident_id: incidentId,
    created_at: update.createdAt,
    updated_at: update.editedAt ?? update.createdAt,
    display_at: update.createdAt,
    affected_components: affectedComponents(ctx, update),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function affected(ctx: Context, ids: readonly string[]): StatuspageComponent[] {
  return ids.flatMap((id) => {
    const component = ctx.components.get(id);
    return component && !component.group ? [component] : [];
  });
}

/**
 * A frozen incident's Statuspage shape but its components (they carry the components' current status), made once
 * per settings: incidents.json lists 50 on every render.
 */
const madeIncidents = new WeakMap<SiteSettings, WeakMap<Incident, Omit<StatuspageIncident, 'components'>>>();

function toIncident(ctx: Context, incident: Incident): StatuspageIncident {
  if (!isDeeplyFrozen(incident))
    return { ...incidentWithoutComponents(ctx, incident), components: affected(ctx, incident.components) };
  let made = madeIncidents.get(ctx.settings);
  if (!made) madeIncidents.set(ctx.settings, (made = new WeakMap()));
  let shape = made.get(incident);
  if (!shape) made.set(incident, (shape = incidentWithoutComponents(ctx, incident)));
  return { ...shape, components: affected(ctx, incident.components) };
}

function incidentWithoutComponents(ctx: Context, incident: Incident): Omit<StatuspageIncident, 'components'> {
  const monitoring = incident.updates.find((update) => update.status === 'monitoring');
  return {
    id: incident.id,
    name: incident.title,
    status: incident.status,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    monitoring_at: monitoring?.createdAt ?? null,
    resolved_at: isOpenStatus(incident.status) ? null : (incident.resolvedAt ?? null),
    impact: incident.impact,
    shortlink: siteUrl(ctx.base, incidentPath(incident.id)),
    started_at: incident.createdAt,
    page_id: ctx.pageId,
    incident_updates: [...incident.updates]
      .reverse()
      .map((update) => toIncidentUpdate(ctx, incident.id, update)),
  };
}

function toMaintenanceUpdate(maintenanceId: string, update: MaintenanceUpdate): StatuspageMaintenanceUpdate {
  return {
    id: update.id,
    status: update.status,
    body: update.message,
    incident_id: maintenanceId,
    created_at: update.createdAt,
    updated_at: update.createdAt,
    display_at: update.createdAt,
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

function toMaintenance(ctx: Context, maintenance: Maintenance): StatuspageScheduledMaintenance {
  const completed = maintenance.updates.find((update) => update.status === 'completed');
  return {
    id: maintenance.id,
    name: maintenance.title,
    status: maintenance.status,
    created_at: maintenance.createdAt,
    updated_at: maintenance.updatedAt,
    monitoring_at: null,
    resolved_at: maintenance.status === 'completed' ? (completed?.createdAt ?? maintenance.updatedAt) : null,
    impact: 'maintenance',
    // Maintenances have no page of their own; the front page lists them while they are due.
    shortlink: siteUrl(ctx.base, `index.html#${maintenance.id}`),
    started_at: maintenance.scheduledFor,
    page_id: ctx.pageId,
    incident_updates: [...maintenance.updates]
      .reverse()
      .map((update) => toMaintenanceUpdate(maintenance.id, update)),
    components: affected(ctx, maintenance.components),
    scheduled_for: maintenance.scheduledFor,
    scheduled_until: maintenance.scheduledUntil,
  };
}

function pageSince(state: StatusState): string {
  const months = Object.keys(state.history.months)
    .filter((month) => /^\d{4}-\d{2}$/.test(month))
    .map((month) => `${month}-01T00:00:00.000Z`);
  return (
    earliest([
      ...months,
      // The incident that started first, not all of them.
      ...newestStartedFirst(state)
        .slice(-1)
        .map((incident) => incident.createdAt),
      ...state.maintenances.map((maintenance) => maintenance.createdAt),
      ...state.componentEvents.map((event) => event.at),
      state.updatedAt,
    ]) ?? state.updatedAt
  );
}

const newestCreatedFirst = <T extends { created_at: string }>(a: T, b: T) =>
  Date.parse(b.created_at) - Date.parse(a.created_at);

const updatedAt = (maintenance: StatuspageScheduledMaintenance) => maintenance.updated_at;

/** Every Statuspage document for the state, as of `state.updatedAt`. */
export function toStatuspageDocuments(state: StatusState, settings: SiteSettings): StatuspageDocuments {
  const base = toSiteBase(settings.pageUrl);
  const ctx: Context = {
    state,
    settings,
    base,
    pageId: toPageId(base ?? settings.pageTitle),
    pageSince: pageSince(state),
    components: new Map(),
  };
  // Each document's page.updated_at is the latest change to what that document shows, so a document is
  // rewritten only when its own content changes (an update to an incident does not touch components.json).
  const pageAt = (instants: readonly string[]): StatuspagePage => ({
    id: ctx.pageId,
    name: settings.pageTitle,
    url: siteUrl(base, ''),
    time_zone: 'Etc/UTC',
    updated_at: latest(instants) ?? ctx.pageSince,
  });
  const page = pageAt([state.updatedAt]);
  const components = toComponents(ctx);
  for (const component of components) ctx.components.set(component.id, component);

  const status: StatuspageStatus = derivePageStatus(state, settings.catalog);
  // Only the incidents a document lists are made into Statuspage's shape (the state holds 200 at its cap,
  // incidents.json lists 50).
  const newestFirst = newestStartedFirst(state);
  const openCount = newestFirst.filter((incident) => isOpenStatus(incident.status)).length;
  // The latest 50, and never without an unresolved one (a tool polling incidents.json must see every outage).
  const latestIncidents = newestFirst
    .filter((incident, index) => index < LATEST_COUNT - openCount || isOpenStatus(incident.status))
    .map((incident) => toIncident(ctx, incident));
  const unresolved = latestIncidents.filter((incident) => isOpenStatus(incident.status));
  const maintenances = state.maintenances.map((maintenance) => toMaintenance(ctx, maintenance));
  const bySchedule = (a: StatuspageScheduledMaintenance, b: StatuspageScheduledMaintenance) =>
    Date.parse(a.scheduled_for) - Date.parse(b.scheduled_for);
  const upcoming = maintenances.filter((maintenance) => maintenance.status === 'scheduled').sort(bySchedule);
  const active = maintenances
    .filter((maintenance) => maintenance.status === 'in_progress' || maintenance.status === 'verifying')
    .sort(bySchedule);
  const scheduled = [...maintenances].sort(newestCreatedFirst).slice(0, LATEST_COUNT);

  return {
    summary: {
      page,
      components,
      incidents: unresolved,
      scheduled_maintenances: [...active, ...upcoming],
      status,
    },
    // The status turns when an incident opens or resolves, a component changes or maintenance starts or ends
    // (an impact change rewrites it anyway).
    status: {
      page: pageAt([
        ...state.incidents.flatMap((incident) => [
          incident.createdAt,
          incident.resolvedAt ?? incident.createdAt,
        ]),
        ...components.map((component) => component.updated_at),
        ...maintenances.map(updatedAt),
      ]),
      status,
    },
    components: { page: pageAt(components.map((component) => component.updated_at)), components },
    incidents: {
      page: pageAt(latestIncidents.map((incident) => incident.updated_at)),
      incidents: latestIncidents,
    },
    unresolvedIncidents: {
      page: pageAt(unresolved.map((incident) => incident.updated_at)),
      incidents: unresolved,
    },
    scheduledMaintenances: { page: pageAt(scheduled.map(updatedAt)), scheduled_maintenances: scheduled },
    upcomingMaintenances: { page: pageAt(upcoming.map(updatedAt)), scheduled_maintenances: upcoming },
    activeMaintenances: { page: pageAt(active.map(updatedAt)), scheduled_maintenances: active },
  };
}
