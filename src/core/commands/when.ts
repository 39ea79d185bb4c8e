// Times people type: durations (`30m`, `2h`, `1h30m`, `90min`), clock times (`14:30`, UTC) and ISO instants.

const UNIT_MINUTES: Readonly<Record<string, number>> = {
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
};

const DURATION = /^(?:(\d{1,4})\s*([a-z]+))+$/i;
const PART = /(\d{1,4})\s*([a-z]+)/gi;
const MAX_MINUTES = 60 * 24 * 90;

/** Minutes in `30m`, `2h`, `1h30m`, `90min`, `2 days`; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (!DURATION.test(compact.replace(/\s+/g, ''))) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) {
    const perUnit = UNIT_MINUTES[unit ?? ''];
    if (perUnit === undefined) return undefined;
    total += Number(amount) * perUnit;
  }
  return total > 0 && total <= MAX_MINUTES ? total : undefined;
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)(?:\s*utc|z)?$/i;
// ISO 8601 with a date and a time; a zone is required, so nobody's local time is mistaken for UTC.
const ISO = /^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant after `now` from `30m` (from now), `14:30` (UTC; tomorrow if already past) or an ISO instant with
 * a zone. Undefined when the text is none of these.
 */
export function parseInstant(text: string, now: string): string | undefined {
  const trimmed = text.trim();
  const minutes = parseDuration(trimmed.replace(/^in\s+/i, ''));
  if (minutes !== undefined) return addMinutes(now, minutes);
  const clock = CLOCK.exec(trimmed);
  if (clock) {
    const today = new Date(now);
    today.setUTCHours(Number(clock[1]), Number(clock[2]), 0, 0);
    if (today.getTime() <= Date.parse(now)) today.setUTCDate(today.getUTCDate() + 1);
    return today.toISOString();
  }
  if (ISO.test(trimmed)) {
    const parsed = Date.parse(trimmed.replace(' ', 'T'));
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  return undefined;
}
