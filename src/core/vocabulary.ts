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

/** Maps a word a person typed to an update status, or undefined when it is not one. */
export function toUpdateStatus(word: string): UpdateStatus | undefined {
  return Object.hasOwn(UPDATE_STATUS_ALIASES, word.toLowerCase())
    ? UPDATE_STATUS_ALIASES[word.toLowerCase()]
    : undefined;
}

export function isOpenStatus(status: IncidentStatus): boolean {
  return status !== 'resolved' && status !== 'postmortem';
}

/** How a status reads in a sentence ("Investigating"). */
export function statusLabel(status: IncidentStatus): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
