import * as z from 'zod/mini';
import { siteUrl, toSiteBase } from './links';
import { PAGE_DESCRIPTIONS, PAGE_INDICATORS } from './pageStatus';
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../model/vocabulary';

// The Statuspage API v2 documents, each shape defined once: statuspageJson.ts builds them typed by these schemas,
// and each document's JSON Schema (draft 2020-12) is generated from the same schema and published next to it
// under api/v2/schemas/, so a consumer can check what it reads; our tests check every document we write with it.
// Each published schema is self-contained (its own $defs), so it can be fetched and used alone. Objects allow no
// other properties, at run time as in the published schema: a field that drifts from Statuspage's names fails the
// tests.

export type JsonSchema = z.core.JSONSchema.BaseSchema;

/** What the published schemas carry beyond what zod derives: $defs names and formats zod does not check. */
const published = z.registry<{ id?: string; format?: string }>();

const dateTime = () => z.iso.datetime();
// Absolute when PAGE_URL is set; from the host's root otherwise.
const address = () => z.string().register(published, { format: 'uri-reference' });

export const StatuspagePage = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    url: address(),
    time_zone: z.string(),
    updated_at: dateTime(),
  })
  .register(published, { id: 'page' });
export type StatuspagePage = z.infer<typeof StatuspagePage>;

export const StatuspageStatus = z
  .strictObject({
    indicator: z.enum(PAGE_INDICATORS),
    description: z.enum(PAGE_DESCRIPTIONS),
  })
  .register(published, { id: 'status' });
export type StatuspageStatus = z.infer<typeof StatuspageStatus>;

export const StatuspageComponent = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.enum(COMPONENT_STATUSES),
    created_at: dateTime(),
    updated_at: dateTime(),
    position: z.int().check(z.gte(1)),
    description: z.nullable(z.string()),
    showcase: z.boolean(),
    start_date: z.nullable(z.iso.date()),
    group_id: z.nullable(z.string()),
    page_id: z.string(),
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    /** Groups only: the IDs of their components. */
    components: z.optional(z.array(z.string())),
  })
  .register(published, { id: 'component' });
export type StatuspageComponent = z.infer<typeof StatuspageComponent>;

export const StatuspageAffectedComponent = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    old_status: z.enum(COMPONENT_STATUSES),
    new_status: z.enum(COMPONENT_STATUSES),
  })
  .register(published, { id: 'affected_component' });
export type StatuspageAffectedComponent = z.infer<typeof StatuspageAffectedComponent>;

/** Incidents and maintenances share the update's shape; only their statuses differ. */
const updateOf = <const S extends readonly string[]>(statuses: S) =>
  z.strictObject({
    id: z.string(),
    status: z.enum(statuses),
    body: z.string(),
    incident_id: z.string(),
    created_at: dateTime(),
    updated_at: dateTime(),
    display_at: dateTime(),
    affected_components: z.nullable(z.array(StatuspageAffectedComponent)),
    deliver_notifications: z.boolean(),
    custom_tweet: z.nullable(z.string()),
    tweet_id: z.nullable(z.string()),
  });

export const StatuspageIncidentUpdate = updateOf(INCIDENT_STATUSES).register(published, {
  id: 'incident_update',
});
export type StatuspageIncidentUpdate = z.infer<typeof StatuspageIncidentUpdate>;

export const StatuspageMaintenanceUpdate = updateOf(MAINTENANCE_STATUSES).register(published, {
  id: 'maintenance_update',
});
export type StatuspageMaintenanceUpdate = z.infer<typeof StatuspageMaintenanceUpdate>;

const eventFields = {
  id: z.string(),
  name: z.string(),
  created_at: dateTime(),
  updated_at: dateTime(),
  monitoring_at: z.nullable(dateTime()),
  resolved_at: z.nullable(dateTime()),
  shortlink: address(),
  started_at: dateTime(),
  page_id: z.string(),
  components: z.array(StatuspageComponent),
};

export const StatuspageIncident = z
  .strictObject({
    ...eventFields,
    status: z.enum(INCIDENT_STATUSES),
    impact: z.enum(IMPACTS),
    incident_updates: z.array(StatuspageIncidentUpdate),
  })
  .register(published, { id: 'incident' });
export type StatuspageIncident = z.infer<typeof StatuspageIncident>;

export const StatuspageScheduledMaintenance = z
  .strictObject({
    ...eventFields,
    status: z.enum(MAINTENANCE_STATUSES),
    /** Statuspage gives maintenances the impact `maintenance`. */
    impact: z.literal('maintenance'),
    incident_updates: z.array(StatuspageMaintenanceUpdate),
    scheduled_for: dateTime(),
    scheduled_until: dateTime(),
  })
  .register(published, { id: 'scheduled_maintenance' });
export type StatuspageScheduledMaintenance = z.infer<typeof StatuspageScheduledMaintenance>;

const withIncidents = z.strictObject({ page: StatuspagePage, incidents: z.array(StatuspageIncident) });
const withMaintenances = z.strictObject({
  page: StatuspagePage,
  scheduled_maintenances: z.array(StatuspageScheduledMaintenance),
});

/** Each document, by name. */
export const STATUSPAGE_DOCUMENTS = {
  summary: z.strictObject({
    page: StatuspagePage,
    components: z.array(StatuspageComponent),
    incidents: z.array(StatuspageIncident),
    scheduled_maintenances: z.array(StatuspageScheduledMaintenance),
    status: StatuspageStatus,
  }),
  status: z.strictObject({ page: StatuspagePage, status: StatuspageStatus }),
  components: z.strictObject({ page: StatuspagePage, components: z.array(StatuspageComponent) }),
  incidents: withIncidents,
  unresolvedIncidents: withIncidents,
  scheduledMaintenances: withMaintenances,
  upcomingMaintenances: withMaintenances,
  activeMaintenances: withMaintenances,
};

export type StatuspageDocuments = {
  [N in keyof typeof STATUSPAGE_DOCUMENTS]: z.infer<(typeof STATUSPAGE_DOCUMENTS)[N]>;
};
export type StatuspageDocumentName = keyof StatuspageDocuments;

export const SCHEMA_PATHS: Readonly<Record<StatuspageDocumentName, string>> = {
  summary: 'api/v2/schemas/summary.json',
  status: 'api/v2/schemas/status.json',
  components: 'api/v2/schemas/components.json',
  incidents: 'api/v2/schemas/incidents.json',
  unresolvedIncidents: 'api/v2/schemas/incidents/unresolved.json',
  scheduledMaintenances: 'api/v2/schemas/scheduled-maintenances.json',
  upcomingMaintenances: 'api/v2/schemas/scheduled-maintenances/upcoming.json',
  activeMaintenances: 'api/v2/schemas/scheduled-maintenances/active.json',
};

const TITLES: Readonly<Record<StatuspageDocumentName, string>> = {
  summary: 'Summary: page, components, unresolved incidents, upcoming and active maintenances, status',
  status: 'Status: the page and its overall status indicator',
  components: 'Components, with groups',
  incidents: 'The 50 most recent incidents, every unresolved one included',
  unresolvedIncidents: 'Unresolved incidents (investigating, identified or monitoring)',
  scheduledMaintenances: 'The 50 most recent scheduled maintenances',
  upcomingMaintenances: 'Upcoming scheduled maintenances (scheduled)',
  activeMaintenances: 'Active scheduled maintenances (in progress or verifying)',
};

/** Generated on first use, once per document: a function app loads without doing this work. */
const generated = new Map<StatuspageDocumentName, JsonSchema>();

function generate(name: StatuspageDocumentName): JsonSchema {
  let schema = generated.get(name);
  if (!schema) {
    schema = z.toJSONSchema(STATUSPAGE_DOCUMENTS[name], { metadata: published });
    generated.set(name, schema);
  }
  return schema;
}

/** The schema of one document; `$id` is its published address when the page's address is known. */
export function statuspageSchema(name: StatuspageDocumentName, pageUrl?: string): JsonSchema {
  const base = toSiteBase(pageUrl);
  const { $schema, ...body } = generate(name);
  return {
    $schema,
    ...(base === undefined ? {} : { $id: siteUrl(base, SCHEMA_PATHS[name]) }),
    title: TITLES[name],
    ...body,
  };
}
