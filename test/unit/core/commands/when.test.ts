import {
  formatFor,
  formatRangeFor,
  readInstant,
  addMinutes,
  parseDuration,
  parseInstant,
} from '../../../../src/core/commands/when';
import { T0 } from '../../../support/builders';

describe('parseDuration', () => {
  it.each([
    ['30m', 30],
    ['2h', 120],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['90min', 90],
    ['90 mins', 90],
    ['45 minutes', 45],
    ['1 hour', 60],
    ['3hrs', 180],
    ['2HRS', 120],
    ['1d', 1440],
    ['2 days', 2880],
    ['1 day 2h', 1560],
    [' 15m ', 15],
  ])('reads %p as %d minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it('accepts up to 90 days', () => {
    expect(parseDuration('90d')).toBe(90 * 1440);
    expect(parseDuration('91d')).toBeUndefined();
  });

  it.each(['', '30', 'm', '0m', '0h0m', '-5m', '1.5h', '30x', '2 weeks', 'soon', 'in 30m', '30m!', '12345m'])(
    'does not take %p for a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('addMinutes', () => {
  it('adds minutes to an instant, and subtracts negative ones', () => {
    expect(addMinutes(T0, 90)).toBe('2026-11-21T13:30:00.000Z');
    expect(addMinutes(T0, -30)).toBe('2026-11-21T11:30:00.000Z');
  });
});

describe('parseInstant', () => {
  // T0 is 21 Nov 2026, 12:00 UTC.

  describe('durations, counted from now', () => {
    it.each([
      ['30m', '2026-11-21T12:30:00.000Z'],
      ['2h', '2026-11-21T14:00:00.000Z'],
      ['1h30m', '2026-11-21T13:30:00.000Z'],
      ['90min', '2026-11-21T13:30:00.000Z'],
      ['2 days', '2026-11-23T12:00:00.000Z'],
      ['in 2h', '2026-11-21T14:00:00.000Z'],
      ['In 45 minutes', '2026-11-21T12:45:00.000Z'],
    ])('reads %p as %s', (text, instant) => {
      expect(parseInstant(text, T0)).toBe(instant);
    });
  });

  describe('clock times, in UTC', () => {
    it.each([
      ['14:30', '2026-11-21T14:30:00.000Z'],
      ['14:30 UTC', '2026-11-21T14:30:00.000Z'],
      ['14:30utc', '2026-11-21T14:30:00.000Z'],
      ['14:30Z', '2026-11-21T14:30:00.000Z'],
      ['23:59', '2026-11-21T23:59:00.000Z'],
      ['12:01', '2026-11-21T12:01:00.000Z'],
    ])('reads %p as later today: %s', (text, instant) => {
      expect(parseInstant(text, T0)).toBe(instant);
    });

    it.each([
      ['11:00', '2026-11-22T11:00:00.000Z'],
      ['9:05', '2026-11-22T09:05:00.000Z'],
      ['00:00', '2026-11-22T00:00:00.000Z'],
    ])('rolls %p, already past, to tomorrow: %s', (text, instant) => {
      expect(parseInstant(text, T0)).toBe(instant);
    });

    // Changed by the grammar issue: the current minute is now, not tomorrow.
    it('reads the current minute as now', () => {
      expect(parseInstant('12:00', T0)).toBe(T0);
      expect(parseInstant('12:00', '2026-11-21T12:00:40.000Z')).toBe('2026-11-21T12:00:40.000Z');
    });

    it('rolls over the end of a month and a year', () => {
      expect(parseInstant('08:00', '2026-12-31T22:00:00.000Z')).toBe('2027-01-01T08:00:00.000Z');
    });

    it.each(['24:00', '14:60', '14:3', '1430', '2pm', '14:30 CET', '14:30:00'])('refuses %p', (text) => {
      expect(parseInstant(text, T0)).toBeUndefined();
    });
  });

  describe('ISO 8601 instants', () => {
    it.each([
      ['2026-11-21T18:00Z', '2026-11-21T18:00:00.000Z'],
      ['2026-11-21t18:00z', '2026-11-21T18:00:00.000Z'],
      ['2026-11-21T18:00:30Z', '2026-11-21T18:00:30.000Z'],
      ['2026-11-21 18:00:30.5Z', '2026-11-21T18:00:30.500Z'],
      ['2026-11-21T18:00+02:00', '2026-11-21T16:00:00.000Z'],
      ['2026-11-21T18:00-05:30', '2026-11-21T23:30:00.000Z'],
      ['2026-11-21T18:00+0200', '2026-11-21T16:00:00.000Z'],
    ])('reads %p as %s', (text, instant) => {
      expect(parseInstant(text, T0)).toBe(instant);
    });

    it('requires a zone, so nobody’s local time is taken for UTC', () => {
      expect(parseInstant('2026-11-21T18:00', T0)).toBeUndefined();
      expect(parseInstant('2026-11-21 18:00:00', T0)).toBeUndefined();
    });

    it.each(['2026-11-21', '2026-11-21Z', '2026-13-45T18:00Z', '21/11/2026 18:00Z', 'T18:00Z'])(
      'refuses %p',
      (text) => {
        expect(parseInstant(text, T0)).toBeUndefined();
      },
    );

    it('returns an instant in the past as it is: the caller decides whether that is allowed', () => {
      expect(parseInstant('2026-11-20T18:00Z', T0)).toBe('2026-11-20T18:00:00.000Z');
    });
  });

  it.each(['', 'tomorrow', 'soon', 'next week', '30'])('refuses %p', (text) => {
    expect(parseInstant(text, T0)).toBeUndefined();
  });

  it('depends only on the instant it is given as now', () => {
    expect(parseInstant('30m', '2020-02-29T23:45:00.000Z')).toBe('2020-03-01T00:15:00.000Z');
  });
});

describe('readInstant', () => {
  const NOW = '2026-11-21T04:38:20.000Z';

  it('reads "now" as now', () => {
    expect(readInstant('now', NOW)).toEqual({ ok: true, at: NOW });
  });

  it('asks about a clock time a few minutes ago instead of moving it to tomorrow', () => {
    expect(readInstant('04:30', NOW)).toEqual({
      ok: false,
      reason: '04:30 was 8 minutes ago (UTC); say "now", or give a date for another day.',
    });
  });

  it("reads a clock time in the sender's zone", () => {
    // 04:38 UTC is 05:38 in Berlin (CET, UTC+1) on 21 November.
    expect(readInstant('06:00', NOW, 'Europe/Berlin')).toEqual({ ok: true, at: '2026-11-21T05:00:00.000Z' });
    expect(readInstant('05:38', NOW, 'Europe/Berlin')).toEqual({ ok: true, at: NOW });
    expect(readInstant('22:00', NOW, 'America/Los_Angeles')).toEqual({
      ok: true,
      at: '2026-11-21T06:00:00.000Z',
    });
  });

  it('reads "UTC" or "Z" after a clock time in UTC whatever the zone', () => {
    expect(readInstant('06:00 UTC', NOW, 'Europe/Berlin')).toEqual({
      ok: true,
      at: '2026-11-21T06:00:00.000Z',
    });
  });

  it("reads an ISO time without a zone in the sender's zone, and refuses it when the zone is unknown", () => {
    expect(readInstant('2026-11-22T10:00', NOW, 'Europe/Berlin')).toEqual({
      ok: true,
      at: '2026-11-22T09:00:00.000Z',
    });
    expect(readInstant('2026-11-22T10:00', NOW)).toMatchObject({ ok: false });
  });

  it.each([
    ['2027-02-30T10:00Z', '2027-02-30T10:00Z is not a date: February 2027 has 28 days.'],
    ['2028-02-30T10:00Z', '2028-02-30T10:00Z is not a date: February 2028 has 29 days.'],
    ['2026-04-31T10:00Z', '2026-04-31T10:00Z is not a date: April 2026 has 30 days.'],
    ['2026-13-01T10:00Z', '2026-13-01T10:00Z is not a date: there is no month 13.'],
  ])('refuses the impossible date %p with the reason', (text, reason) => {
    expect(readInstant(text, NOW)).toEqual({ ok: false, reason });
  });

  it('reads an unknown zone as UTC', () => {
    expect(readInstant('06:00', NOW, 'Mars/Olympus_Mons')).toEqual({
      ok: true,
      at: '2026-11-21T06:00:00.000Z',
    });
  });
});

describe('formatFor', () => {
  it.each([
    ['Europe/Berlin', '2026-11-21T05:00:00.000Z', '21 Nov 2026, 06:00 CET'],
    ['Europe/Berlin', '2026-07-21T05:00:00.000Z', '21 Jul 2026, 07:00 CEST'],
    ['America/New_York', '2026-11-21T05:00:00.000Z', '21 Nov 2026, 00:00 EST'],
    ['Europe/London', '2026-07-21T05:00:00.000Z', '21 Jul 2026, 06:00 BST'],
    ['Asia/Kolkata', '2026-11-21T05:00:00.000Z', '21 Nov 2026, 10:30 IST'],
    // No English name for the zone: its offset, labelled like UTC.
    ['Asia/Tokyo', '2026-11-21T05:00:00.000Z', '21 Nov 2026, 14:00 UTC+9'],
    ['UTC', '2026-11-21T05:00:00.000Z', '21 Nov 2026, 05:00 UTC'],
  ])("shows the time in the sender's zone %p, with the zone's abbreviation", (zone, iso, expected) => {
    expect(formatFor(iso, zone)).toBe(expected);
  });

  it.each([undefined, 'Mars/Olympus_Mons'])('shows UTC, labelled, when the zone is %p', (zone) => {
    expect(formatFor('2026-11-21T05:00:00.000Z', zone)).toBe('21 Nov 2026, 05:00 UTC');
  });
});

describe('formatRangeFor', () => {
  it('names the day once for a window within a day, and both days otherwise', () => {
    expect(formatRangeFor('2026-11-21T21:00:00.000Z', '2026-11-21T22:00:00.000Z', 'Europe/Berlin')).toBe(
      '21 Nov 2026, 22:00 – 23:00 CET',
    );
    expect(formatRangeFor('2026-11-21T22:30:00.000Z', '2026-11-21T23:30:00.000Z', 'Europe/Berlin')).toBe(
      '21 Nov 2026, 23:30 CET – 22 Nov 2026, 00:30 CET',
    );
    expect(formatRangeFor('2026-11-21T21:00:00.000Z', '2026-11-21T22:00:00.000Z', undefined)).toBe(
      '21 Nov 2026, 21:00 – 22:00 UTC',
    );
  });
});
