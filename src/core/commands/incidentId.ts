/** Incident IDs are `INC-<n>`; people also type `inc-n`, `#n` or `n` (a trailing `:` `,` `.` is ignored). */
const ID_PATTERN = /^(?:inc-|#)?([1-9]\d{0,8})[:,.]?$/i;
const MAINTENANCE_PATTERN = /^(?:mnt-)?([1-9]\d{0,8})[:,.]?$/i;

export function formatIncidentId(number: number): string {
  return `INC-${number}`;
}

export function formatMaintenanceId(number: number): string {
  return `MNT-${number}`;
}

/** The incident number a word names, or undefined when the word is not an incident ID. */
export function parseIncidentId(word: string): number | undefined {
  const match = ID_PATTERN.exec(word);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The maintenance number in `MNT-4`, `mnt-4` or `4`. */
export function parseMaintenanceId(word: string): number | undefined {
  const match = MAINTENANCE_PATTERN.exec(word);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
