import { formatAgo, formatUtc } from '../../../../src/core/model/time';

describe('formatUtc', () => {
  it('shows an instant as day, short month, year and 24-hour time in UTC', () => {
    expect(formatUtc('2026-11-21T13:05:00.000Z')).toBe('21 Nov 2026, 13:05 UTC');
  });

  it('pads the hour and minute and keeps midnight as 00', () => {
    expect(formatUtc('2026-01-02T00:07:59.999Z')).toBe('2 Jan 2026, 00:07 UTC');
  });

  it('converts an instant written with an offset to UTC', () => {
    expect(formatUtc('2026-11-21T23:30:00-02:00')).toBe('22 Nov 2026, 01:30 UTC');
  });

  it('uses the 24-hour clock in the afternoon', () => {
    expect(formatUtc('2026-06-30T23:59:00Z')).toBe('30 Jun 2026, 23:59 UTC');
  });
});

describe('formatAgo', () => {
  const now = '2026-11-21T12:00:00.000Z';
  const secondsBefore = (seconds: number) => new Date(Date.parse(now) - seconds * 1000).toISOString();

  it.each([
    [0, 'now'],
    [1, '1 second ago'],
    [30, '30 seconds ago'],
    [59, '59 seconds ago'],
    [60, '1 minute ago'],
    [90, '2 minutes ago'],
    [5 * 60, '5 minutes ago'],
    [59 * 60, '59 minutes ago'],
    [60 * 60, '1 hour ago'],
    [90 * 60, '2 hours ago'],
    [47 * 3600, '47 hours ago'],
    [48 * 3600, '2 days ago'],
    [10 * 86400, '10 days ago'],
  ])('says how long %d seconds before now was: %p', (seconds, text) => {
    expect(formatAgo(secondsBefore(seconds), now)).toBe(text);
  });

  it('says "now" for an instant slightly in the future (clock skew)', () => {
    expect(formatAgo('2026-11-21T12:01:00.000Z', now)).toBe('now');
  });

  it('depends only on the two instants it is given', () => {
    expect(formatAgo('2020-01-01T00:00:00Z', '2020-01-01T00:05:00Z')).toBe('5 minutes ago');
  });
});
