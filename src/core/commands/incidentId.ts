// Incident IDs as people type them. An ID looks like an ID: `INC-2`, `inc-2`, `inc 2`, `#2` (a trailing
// `:` `,` `.` is ignored; `INC3` is not one). A bare `2` is an ID only where it cannot be read as prose: alone, or before an
// argument that is not a message (see takeId in grammar.ts). `update 2 of 3 regions recovered` is a message.
const ID_PATTERN = /^(?:inc-|#)([1-9]\d{0,8})[:,.]?$/i;
const BARE_PATTERN = /^([1-9]\d{0,8})[:,.]?$/;
const MAINTENANCE_PATTERN = /^(?:mnt-)?([1-9]\d{0,8})[:,.]?$/i;

export function formatIncidentId(number: number): string {
  return `INC-${number}`;
}

export function formatMaintenanceId(number: number): string {
  return `MNT-${number}`;
}

/** The incident number a word names when it looks like an ID (`INC-2`, `#2`), or undefined. */
export function parseMarkedId(word: string): number | undefined {
  const match = ID_PATTERN.exec(word);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The incident number a word on its own names: `INC-2`, `#2`, or a bare `2`. */
export function parseIncidentId(word: string): number | undefined {
  return parseMarkedId(word) ?? parseBareNumber(word);
}

/** The number in a bare `2` (or `2:`), which is an ID only in the positions takeId allows. */
export function parseBareNumber(word: string): number | undefined {
  const match = BARE_PATTERN.exec(word);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The maintenance number in `MNT-4`, `mnt-4` or `4`. */
export function parseMaintenanceId(word: string): number | undefined {
  const match = MAINTENANCE_PATTERN.exec(word);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
