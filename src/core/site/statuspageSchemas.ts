import { siteUrl, toSiteBase } from './links';
import type { StatuspageDocumentName } from './statuspageJson';
import { COMPONENT_STATUSES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '../model/vocabulary';

// A JSON Schema (draft 2020-12) for each Statuspage document, published next to them under api/v2/schemas/ so a
// consumer can check what it reads, and used by our tests to check every document we write. Each schema is
// self-contained (its own $defs), so it can be fetched and used alone. Objects allow no other properties: a
// field that drifts from Statuspage's names fails the tests.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonSchema = { [key: string]: JsonValue };

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

const string: JsonSchema = { type: 'string' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const nullableDateTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
// Absolute when PAGE_URL is set; from the host's root otherwise.
const address: JsonSchema = { type: 'string', format: 'uri-reference' };
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

function object(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

const updateFields = (statuses: readonly string[]): Record<string, JsonSchema> => ({
  id: string,
  status: { enum: [...statuses] },
  body: string,
  incident_id: string,
  created_at: dateTime,
  updated_at: dateTime,
  display_at: dateTime,
  affected_components: { anyOf: [{ type: 'null' }, list(ref('affected_component'))] },
  deliver_notifications: { type: 'boolean' },
  custom_tweet: { type: ['string', 'null'] },
  tweet_id: { type: ['string', 'null'] },
});

const eventFields: Record<string, JsonSchema> = {
  id: string,
  name: string,
  created_at: dateTime,
  updated_at: dateTime,
  monitoring_at: nullableDateTime,
  resolved_at: nullableDateTime,
  shortlink: address,
  started_at: dateTime,
  page_id: string,
  components: list(ref('component')),
};

const DEFS: Record<string, JsonSchema> = {
  page: object({
    id: string,
    name: string,
    url: address,
    time_zone: string,
    updated_at: dateTime,
  }),
  status: object({
    indicator: { enum: [...IMPACTS] },
    description: string,
  }),
  component: object(
    {
      id: string,
      name: string,
      status: { enum: [...COMPONENT_STATUSES] },
      created_at: dateTime,
      updated_at: dateTime,
      position: { type: 'integer', minimum: 1 },
      description: { type: ['string', 'null'] },
      showcase: { type: 'boolean' },
      start_date: { type: ['string', 'null'], format: 'date' },
      group_id: { type: ['string', 'null'] },
      page_id: string,
      group: { type: 'boolean' },
      only_show_if_degraded: { type: 'boolean' },
      components: list(string),
    },
    ['components'],
  ),
  affected_component: object({
    code: string,
    name: string,
    old_status: { enum: [...COMPONENT_STATUSES] },
    new_status: { enum: [...COMPONENT_STATUSES] },
  }),
  incident_update: object(updateFields(INCIDENT_STATUSES)),
  maintenance_update: object(updateFields(MAINTENANCE_STATUSES)),
  incident: object({
    ...eventFields,
    status: { enum: [...INCIDENT_STATUSES] },
    impact: { enum: [...IMPACTS] },
    incident_updates: list(ref('incident_update')),
  }),
  scheduled_maintenance: object({
    ...eventFields,
    status: { enum: [...MAINTENANCE_STATUSES] },
    impact: { const: 'maintenance' },
    incident_updates: list(ref('maintenance_update')),
    scheduled_for: dateTime,
    scheduled_until: dateTime,
  }),
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

const BODIES: Readonly<Record<StatuspageDocumentName, Record<string, JsonSchema>>> = {
  summary: {
    page: ref('page'),
    components: list(ref('component')),
    incidents: list(ref('incident')),
    scheduled_maintenances: list(ref('scheduled_maintenance')),
    status: ref('status'),
  },
  status: { page: ref('page'), status: ref('status') },
  components: { page: ref('page'), components: list(ref('component')) },
  incidents: { page: ref('page'), incidents: list(ref('incident')) },
  unresolvedIncidents: { page: ref('page'), incidents: list(ref('incident')) },
  scheduledMaintenances: { page: ref('page'), scheduled_maintenances: list(ref('scheduled_maintenance')) },
  upcomingMaintenances: { page: ref('page'), scheduled_maintenances: list(ref('scheduled_maintenance')) },
  activeMaintenances: { page: ref('page'), scheduled_maintenances: list(ref('scheduled_maintenance')) },
};

/** The schema of one document; `$id` is its published address when the page's address is known. */
export function statuspageSchema(name: StatuspageDocumentName, pageUrl?: string): JsonSchema {
  const base = toSiteBase(pageUrl);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(base === undefined ? {} : { $id: siteUrl(base, SCHEMA_PATHS[name]) }),
    title: TITLES[name],
    ...object(BODIES[name]),
    $defs: DEFS,
  };
}
