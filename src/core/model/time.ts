// Times are stored as ISO 8601 UTC strings; replies show them in the sender's zone when Teams names it, else UTC.

/** Durations in milliseconds, the unit of Date.parse, for arithmetic on stored instants. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** How a reply writes an instant, "21 Nov 2026, 13:05", in whichever zone it is given. */
export const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', { ...DATE_TIME_OPTIONS, timeZone: 'UTC' });

/** "21 Nov 2026, 13:05 UTC" */
export function formatUtc(iso: string): string {
  return `${UTC_FORMAT.format(new Date(iso))} UTC`;
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "now": how long before `now` the instant `iso` was. */
export function formatAgo(iso: string, now: string): string {
  const seconds = Math.round((Date.parse(now) - Date.parse(iso)) / 1000);
  if (seconds < 60) return RELATIVE.format(-Math.max(seconds, 0), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return RELATIVE.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return RELATIVE.format(-hours, 'hour');
  return RELATIVE.format(-Math.round(hours / 24), 'day');
}
