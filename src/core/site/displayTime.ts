import { formatUtc, MINUTE_MS } from '../model/time';

// How the pages show instants, days, months and durations: always UTC, the same for every reader, so a page
// rendered once reads right everywhere (a tiny script may add the reader's local time; nothing depends on it).

/** An instant: `iso` for `<time datetime>`, `text` for people. */
export interface TimeView {
  iso: string;
  text: string;
}

/**
 * Formatting an instant is the costliest step of a page's view (Intl), and every render shows the same instants
 * again: the updates of every incident in the state. Remembered by the ISO text, a bounded number of them.
 */
const FORMATTED_KEPT = 4096;
const formatted = new Map<string, string>();

export function toTimeView(iso: string): TimeView {
  let text = formatted.get(iso);
  if (text === undefined) {
    text = formatUtc(iso);
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(iso, text);
  }
  return { iso, text };
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});
const MONTH_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** The UTC day of an instant: `2026-11-21`. */
export function dayOf(iso: string): string {
  // Instants the app wrote are already in this form (`2026-11-21T12:00:00.000Z`): their day is their start.
  if (iso.length === 24 && iso[10] === 'T' && iso.endsWith('Z')) return iso.slice(0, 10);
  return new Date(iso).toISOString().slice(0, 10);
}

/** A UTC day (`2026-11-21`) as "21 Nov 2026", with the day itself for `<time datetime>`. */
export function toDayView(day: string): TimeView {
  return { iso: day, text: DATE_FORMAT.format(new Date(`${day}T00:00:00Z`)) };
}

/**
 * A span of time, compact: "1 Dec 2026, 01:37 – 02:07 UTC" within a day, "30 Nov 2026, 23:40 – 1 Dec 2026,
 * 02:07 UTC" across days; the zone is said once, at the end. The script rewrites it in the reader's zone.
 */
export interface RangeView {
  from: TimeView;
  to: TimeView;
}

export function toRangeView(fromIso: string, toIso: string): RangeView {
  const from = formatUtc(fromIso).replace(/ UTC$/, '');
  const to = formatUtc(toIso);
  const sameDay = dayOf(fromIso) === dayOf(toIso);
  return {
    from: { iso: fromIso, text: from },
    // "21 Nov 2026, 13:05 UTC" → "13:05 UTC" when the day is already said.
    to: { iso: toIso, text: sameDay ? to.slice(to.lastIndexOf(', ') + 2) : to },
  };
}

/** `2026-11` → "November 2026" */
export function formatMonth(month: string): string {
  return MONTH_FORMAT.format(new Date(`${month}-01T00:00:00Z`));
}

/** A length of time: `iso` is an ISO 8601 duration for `<time datetime>`, `text` reads "1 h 5 min". */
export interface DurationView {
  iso: string;
  text: string;
}

/** The time from one instant to another. */
export function toDurationView(fromIso: string, toIso: string): DurationView {
  return toDurationViewOfMs(Date.parse(toIso) - Date.parse(fromIso));
}

/** Rounded to the minute; under a minute reads "under a minute". */
export function toDurationViewOfMs(ms: number): DurationView {
  const minutes = Math.max(0, Math.round(ms / MINUTE_MS));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const iso =
    minutes === 0
      ? 'PT0M'
      : `P${days ? `${days}D` : ''}${hours || rest ? 'T' : ''}${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
  if (minutes === 0) return { iso, text: 'under a minute' };
  const words = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : ''];
  return { iso, text: words.filter(Boolean).join(' ') };
}
