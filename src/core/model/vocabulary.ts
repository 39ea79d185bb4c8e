// One name per concept, from storage to JSON: Statuspage's vocabulary. Words people type are mapped here, once.

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The statuses an `update` may set; `resolved` is reached through `close`. */
export const UPDATE_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

const UPDATE_STATUS_ALIASES: Readonly<Record<string, UpdateStatus>> = {
  investigating: 'investigating',
  acknowledged: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  observing: 'monitoring',
};

/** The words people type for an update status, an impact and a component status: what a near miss may mean. */
export const UPDATE_STATUS_WORDS: readonly string[] = Object.keys(UPDATE_STATUS_ALIASES);

/** The value a typed word names in an alias table (case-insensitive), or undefined; never a prototype key. */
function lookUp<T>(aliases: Readonly<Record<string, T>>, word: string): T | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(aliases, key) ? aliases[key] : undefined;
}

/** Maps a word a person typed to an update status, or undefined when it is not one. */
export function toUpdateStatus(word: string): UpdateStatus | undefined {
  return lookUp(UPDATE_STATUS_ALIASES, word);
}

export function isOpenStatus(status: IncidentStatus): boolean {
  return status !== 'resolved' && status !== 'postmortem';
}

/** How a status reads in a sentence ("Investigating"). */
export function statusLabel(status: IncidentStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

const RESOLVED_ALIASES = new Set(['resolved', 'fixed', 'closed']);

/** True for the words people use for "it is fixed" (`fixed` → resolved). */
export function isResolvedWord(word: string): boolean {
  return RESOLVED_ALIASES.has(word.toLowerCase());
}

const IMPACT_ALIASES: Readonly<Record<string, Impact>> = {
  none: 'none',
  minor: 'minor',
  major: 'major',
  critical: 'critical',
  sev1: 'critical',
  sev2: 'major',
  sev3: 'minor',
  sev4: 'none',
};

export const IMPACT_WORDS: readonly string[] = Object.keys(IMPACT_ALIASES);

/** How an impact reads in a reply ("Major"). */
export function impactLabel(impact: Impact): string {
  return impact.charAt(0).toUpperCase() + impact.slice(1);
}

/** Maps `major`, `sev2` … to an impact, or undefined when the word is not one. */
export function toImpact(word: string): Impact | undefined {
  return lookUp(IMPACT_ALIASES, word);
}

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

const COMPONENT_STATUS_ALIASES: Readonly<Record<string, ComponentStatus>> = {
  operational: 'operational',
  ok: 'operational',
  up: 'operational',
  degraded: 'degraded_performance',
  degraded_performance: 'degraded_performance',
  slow: 'degraded_performance',
  partial: 'partial_outage',
  partial_outage: 'partial_outage',
  major: 'major_outage',
  major_outage: 'major_outage',
  down: 'major_outage',
  outage: 'major_outage',
  maintenance: 'under_maintenance',
  under_maintenance: 'under_maintenance',
};

export const COMPONENT_STATUS_WORDS: readonly string[] = Object.keys(COMPONENT_STATUS_ALIASES);

export function toComponentStatus(word: string): ComponentStatus | undefined {
  return lookUp(COMPONENT_STATUS_ALIASES, word.replace(/-/g, '_'));
}

/** "Partial outage" */
export function componentStatusLabel(status: ComponentStatus): string {
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const ROLES = ['commander', 'comms', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

export function toRole(word: string): Role | undefined {
  const key = word.toLowerCase();
  if (key === 'ic' || key === 'lead') return 'commander';
  if (key === 'communications' || key === 'communicator') return 'comms';
  return (ROLES as readonly string[]).includes(key) ? (key as Role) : undefined;
}

/** Default "next update by" promise per impact, in minutes (none: no promise). */
export const DEFAULT_UPDATE_INTERVAL_MINUTES: Readonly<Record<Impact, number | undefined>> = {
  critical: 30,
  major: 60,
  minor: 120,
  none: undefined,
};

/** What an internal timeline entry records (the scribe's log). */
export const TIMELINE_KINDS = [
  'update',
  'note',
  'role',
  'impact',
  'components',
  'next',
  'eta',
  'edit',
  'reopen',
  'postmortem',
  'undo',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
