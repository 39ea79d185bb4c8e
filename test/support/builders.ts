import type { CommandContext } from '../../src/core/commands/applyCommand';
import { toCatalog, type Catalog } from '../../src/core/model/catalog';
import {
  emptyState,
  type Incident,
  type IncidentUpdate,
  type Maintenance,
  type StatusState,
} from '../../src/core/model/state';
import { MINUTE_MS } from '../../src/core/model/time';
import type { SiteSettings } from '../../src/core/site/siteSettings';

// Builders for every spec: people, catalogs, settings, updates, incidents, maintenance windows and states.
// Every instant derives from T0, the fixed clock; nothing here reads Date.now(). The larger canned states
// (a busy page, hostile text) are in test/fixtures/states.ts.

/** The fixed clock: the instant a spec's "now" is, unless it says otherwise. */
export const T0 = '2026-11-21T12:00:00.000Z';

export const PAGE_URL = 'https://status.contoso.example/';

/** The instant `minutes` after `iso`, as an ISO string. */
export function minutesAfter(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE_MS).toISOString();
}

/** The instant `minutes` before `iso`, as an ISO string. */
export function minutesBefore(iso: string, minutes: number): string {
  return minutesAfter(iso, -minutes);
}

export function daysAfter(iso: string, days: number): string {
  return minutesAfter(iso, days * 24 * 60);
}

export function daysBefore(iso: string, days: number): string {
  return minutesBefore(iso, days * 24 * 60);
}

export const ALICE = { name: 'Alice Admin', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001' };
export const BOB = { name: 'Bob Builder', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-b0b000000002' };
export const ADA = { name: 'Ada Lovelace', aadObjectId: '6b0f4e9c-1d2a-4c3b-9e8f-ada000000003' };

/**
 * The catalog commands run with, read from status.config.json form: five components and two templates. The
 * command specs list exactly these components ("The components are: Chat, Files, Email, VPN, Website.").
 */
export const COMMAND_CATALOG: Catalog = (() => {
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

/**
 * The catalog the page specs render: grouped components with descriptions (Meetings among them) and one on
 * its own; no templates. For a large organisation's page, see `largeCatalog` in test/fixtures/states.ts.
 */
export const PAGE_CATALOG: Catalog = {
  components: [
    { id: 'chat', name: 'Chat', group: 'Collaboration', description: 'Teams chat and channels' },
    {
      id: 'meetings',
      name: 'Meetings',
      group: 'Collaboration',
      description: 'Calls, meetings and live events',
    },
    { id: 'files', name: 'Files', group: 'Collaboration' },
    { id: 'email', name: 'Email', group: 'Communication', description: 'Exchange mail and calendars' },
    { id: 'vpn', name: 'VPN', group: 'Network', description: 'Remote access' },
    { id: 'website', name: 'Website', description: 'The public website' },
  ],
  templates: [],
};

/** The context a command is applied in: Alice at `now`, with the command catalog and nobody mentioned. */
export function aContext(now = T0, fields: Partial<CommandContext> = {}): CommandContext {
  return {
    now,
    actor: ALICE,
    mentions: [],
    catalog: COMMAND_CATALOG,
    pageTitle: 'Contoso status',
    ...fields,
  };
}

/** The settings a page is rendered with: its title, catalog and public address. */
export function settings(catalog: Catalog = PAGE_CATALOG): SiteSettings {
  return { pageTitle: 'Contoso status', catalog, pageUrl: PAGE_URL };
}

/** Settings of a page whose public address is not configured (PAGE_URL unset). */
export function settingsWithoutUrl(catalog: Catalog = PAGE_CATALOG): SiteSettings {
  return { pageTitle: 'Contoso status', catalog };
}

/** Update `n` of an incident: investigating, by Alice, at T0, changing no component. */
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
    author: ALICE,
    componentChanges: [],
    ...fields,
  };
}

/**
 * An open incident (investigating, major) with one update, created 30 minutes before T0 unless `createdAt`
 * says otherwise. Alice is its commander and its timeline holds an internal note, which no page may show.
 */
export function anOpenIncident(number: number, fields: Partial<Incident> = {}): Incident {
  const id = `INC-${number}`;
  const createdAt = fields.createdAt ?? minutesBefore(T0, 30);
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
    roles: { commander: ALICE },
    timeline: [
      { at: createdAt, kind: 'note', text: 'INTERNAL-NOTE: the database password rotated', author: ALICE },
    ],
    ...fields,
  };
}

/**
 * A minor incident resolved at `resolvedAt`: opened 65 minutes before it (unless `createdAt` says otherwise),
 * with an update for each of investigating, identified and resolved.
 */
export function aResolvedIncident(
  number: number,
  resolvedAt: string,
  fields: Partial<Incident> = {},
): Incident {
  const id = `INC-${number}`;
  const createdAt = fields.createdAt ?? minutesBefore(resolvedAt, 65);
  return anOpenIncident(number, {
    status: 'resolved',
    impact: 'minor',
    createdAt,
    updatedAt: resolvedAt,
    resolvedAt,
    updates: [
      anUpdate(id, 1, { createdAt, message: 'We are looking into reports of errors.' }),
      anUpdate(id, 2, {
        status: 'identified',
        createdAt: minutesBefore(resolvedAt, 32),
        message: 'A configuration change caused the errors; we are rolling it back.',
      }),
      anUpdate(id, 3, { status: 'resolved', createdAt: resolvedAt, message: 'The rollback is complete.' }),
    ],
    ...fields,
  });
}

/**
 * A maintenance window on Email as `maintenance` schedules it: status scheduled, from a day after T0 for two
 * hours, with one update, created three days before T0 unless `createdAt` says otherwise.
 */
export function aMaintenance(number: number, fields: Partial<Maintenance> = {}): Maintenance {
  const id = `MNT-${number}`;
  const createdAt = fields.createdAt ?? daysBefore(T0, 3);
  return {
    id,
    number,
    title: `Maintenance ${number}`,
    status: 'scheduled',
    components: ['email'],
    scheduledFor: minutesAfter(T0, 24 * 60),
    scheduledUntil: minutesAfter(T0, 26 * 60),
    createdAt,
    updatedAt: createdAt,
    updates: [
      {
        id: `${id}-1`,
        status: 'scheduled',
        message: 'We will upgrade the mail servers. Mail may be delayed by a few minutes.',
        createdAt,
        author: ALICE,
      },
    ],
    ...fields,
  };
}

/**
 * A state at T0 holding `incidents` (none unless given) and nothing else: version 7, the next incident number
 * one past the highest there, the next maintenance number 1.
 */
export function aState(fields: Partial<StatusState> = {}): StatusState {
  const highest = (fields.incidents ?? []).reduce((max, incident) => Math.max(max, incident.number), 0);
  return { ...emptyState(T0), version: 7, nextIncidentNumber: highest + 1, ...fields };
}

/** Freezes a value and everything inside it, so a spec fails if the code under test mutates its input. */
export { deepFreeze } from '../../src/core/model/frozen';
