import { DATE_TIME_OPTIONS, formatUtc } from '../model/time';
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

const CLOCK = /^([01]?\d|2[0-3]):([0-5]\d)(\s*utc|z)?$/i;
// ISO 8601 with a date and a time; without a zone it is read in the sender's zone, and only when Teams said it.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?$/i;
/** A clock time this many minutes ago is asked about, not moved to tomorrow: "now" was probably meant. */
export const RECENT_PAST_MINUTES = 10;

export type InstantReading = { ok: true; at: string } | { ok: false; reason: string };

/** A zone Intl knows, or undefined (an unknown one is read as UTC, and the reply says UTC). */
export function knownZone(zone: string | undefined): string | undefined {
  if (zone === undefined || zone.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of an instant in a zone. */
function wallClock(ms: number, zone: string): { y: number; m: number; d: number; h: number; min: number } {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    if (partsFormats.size < 64) partsFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour) % 24,
    min: Number(parts.minute),
  };
}

/** The instant a wall-clock time in a zone names (the zone's offset found by two corrections). */
function fromWallClock(y: number, m: number, d: number, h: number, min: number, zone: string): number {
  const wanted = Date.UTC(y, m - 1, d, h, min);
  let guess = wanted;
  for (let i = 0; i < 2; i += 1) {
    const seen = wallClock(guess, zone);
    guess += wanted - Date.UTC(seen.y, seen.m - 1, seen.d, seen.h, seen.min);
  }
  return guess;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The instant a person meant by `now`, `30m`/`in 2h` (from now), `14:30` (in their zone, else UTC; this
 * minute is now, a time up to ten minutes ago is asked about, an earlier one is tomorrow) or an ISO time (with a
 * zone, or in the sender's zone when Teams said it). A date that does not exist is refused with the reason.
 */
export function readInstant(text: string, now: string, zone?: string): InstantReading {
  const trimmed = text.trim();
  const nowMs = Date.parse(now);
  if (/^now$/i.test(trimmed)) return { ok: true, at: now };
  const minutes = parseDuration(trimmed.replace(/^in\s+/i, ''));
  if (minutes !== undefined) return { ok: true, at: addMinutes(now, minutes) };
  const clock = CLOCK.exec(trimmed);
  if (clock) {
    const where = clock[3] ? 'UTC' : (knownZone(zone) ?? 'UTC');
    const today = wallClock(nowMs, where);
    const at = fromWallClock(today.y, today.m, today.d, Number(clock[1]), Number(clock[2]), where);
    const thisMinute = nowMs - (nowMs % MINUTE);
    if (at === thisMinute) return { ok: true, at: now };
    if (at > nowMs) return { ok: true, at: new Date(at).toISOString() };
    const ago = Math.round((thisMinute - at) / MINUTE);
    if (ago <= RECENT_PAST_MINUTES) {
      return {
        ok: false,
        reason: `${trimmed} was ${ago} minute${ago === 1 ? '' : 's'} ago (${where}); say "now", or give a date for another day.`,
      };
    }
    const tomorrow = fromWallClock(today.y, today.m, today.d + 1, Number(clock[1]), Number(clock[2]), where);
    return { ok: true, at: new Date(tomorrow).toISOString() };
  }
  const iso = ISO.exec(trimmed);
  if (iso) {
    const [y, m, d, h, min] = [iso[1], iso[2], iso[3], iso[4], iso[5]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (m < 1 || m > 12)
      return { ok: false, reason: `${trimmed.slice(0, 40)} is not a date: there is no month ${m}.` };
    if (d < 1 || d > daysIn(y, m)) {
      return {
        ok: false,
        reason: `${trimmed.slice(0, 40)} is not a date: ${MONTHS[m - 1] ?? ''} ${y} has ${daysIn(y, m)} days.`,
      };
    }
    if (h > 23 || min > 59) return { ok: false, reason: `${trimmed.slice(0, 40)} is not a time of day.` };
    if (iso[7] === undefined) {
      const where = knownZone(zone);
      if (!where)
        return {
          ok: false,
          reason: `Give ${trimmed.slice(0, 40)} a zone, e.g. ${trimmed.slice(0, 16)}Z for UTC.`,
        };
      return { ok: true, at: new Date(fromWallClock(y, m, d, h, min, where)).toISOString() };
    }
    const parsed = Date.parse(trimmed.replace(' ', 'T'));
    return Number.isNaN(parsed)
      ? { ok: false, reason: `${trimmed.slice(0, 40)} is not a time.` }
      : { ok: true, at: new Date(parsed).toISOString() };
  }
  return {
    ok: false,
    reason: `"${trimmed.slice(0, 40)}" is not a time: use now, 30m, 2h, 14:30 or 2026-11-21T18:00Z.`,
  };
}

const MINUTE = 60_000;

/** The instant of `readInstant`, read in UTC, or undefined: for checking a form before the clock is known. */
export function parseInstant(text: string, now: string): string | undefined {
  const reading = readInstant(text, now);
  return reading.ok ? reading.at : undefined;
}

/** Locales asked for a zone's abbreviation, in turn: each knows some (en-US "EST", en-GB "CET", en-IN "IST"). */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

interface ZoneFormats {
  /** "21 Nov 2026, 14:05", as formatUtc writes it. */
  time: Intl.DateTimeFormat;
  names: Intl.DateTimeFormat[];
}

const zoneFormats = new Map<string, ZoneFormats>();

function formatsOf(zone: string): ZoneFormats {
  let formats = zoneFormats.get(zone);
  if (!formats) {
    formats = {
      time: new Intl.DateTimeFormat('en-GB', { ...DATE_TIME_OPTIONS, timeZone: zone }),
      names: ABBREVIATION_LOCALES.map(
        (locale) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }),
      ),
    };
    if (zoneFormats.size < 64) zoneFormats.set(zone, formats);
  }
  return formats;
}

/** "CET", "EDT", "IST", "UTC"; where no locale has a name for the zone, its offset ("UTC+9"). */
function zoneAbbreviation(date: Date, formats: ZoneFormats): string {
  let offset = '';
  for (const format of formats.names) {
    const name = format.formatToParts(date).find((part) => part.type === 'timeZoneName')?.value ?? '';
    if (name && !/^GMT[+-]/.test(name)) return name;
    offset ||= name;
  }
  return offset.replace(/^GMT/, 'UTC') || 'UTC';
}

/**
 * How an instant reads in a reply: in the sender's zone, named ("21 Nov 2026, 14:05 CET"), when Teams said it
 * and Intl knows it; in UTC, labelled so, otherwise.
 */
export function formatFor(iso: string, zone: string | undefined): string {
  const where = knownZone(zone);
  if (!where) return formatUtc(iso);
  const date = new Date(iso);
  const formats = formatsOf(where);
  return `${formats.time.format(date)} ${zoneAbbreviation(date, formats)}`;
}

/** A window as it reads in a reply: "21 Nov 2026, 22:00 – 23:00 CET" within a day, both ends in full otherwise. */
export function formatRangeFor(fromIso: string, toIso: string, zone: string | undefined): string {
  const from = formatFor(fromIso, zone);
  const to = formatFor(toIso, zone);
  const [fromDay, fromRest = ''] = from.split(', ');
  const [toDay, toRest = ''] = to.split(', ');
  const [, fromName] = fromRest.split(' ');
  const [toTime, toName] = toRest.split(' ');
  return fromDay === toDay && fromName === toName
    ? `${from.replace(/ \S+$/, '')} – ${toTime} ${toName}`
    : `${from} – ${to}`;
}
