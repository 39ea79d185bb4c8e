import {
  dayOf,
  formatMonth,
  toDayView,
  toDurationView,
  toTimeView,
} from '../../../../src/core/site/displayTime';

describe('toTimeView', () => {
  it('keeps the ISO instant for <time datetime> and a UTC text for people', () => {
    expect(toTimeView('2026-11-21T13:05:00.000Z')).toEqual({
      iso: '2026-11-21T13:05:00.000Z',
      text: '21 Nov 2026, 13:05 UTC',
    });
  });
});

describe('dayOf and toDayView', () => {
  it('takes the UTC day of an instant, whatever offset it was written with', () => {
    expect(dayOf('2026-11-21T23:30:00-02:00')).toBe('2026-11-22');
  });

  it('shows a day as "21 Nov 2026"', () => {
    expect(toDayView('2026-11-21')).toEqual({ iso: '2026-11-21', text: '21 Nov 2026' });
  });
});

describe('formatMonth', () => {
  it('names the month and year', () => {
    expect(formatMonth('2026-11')).toBe('November 2026');
    expect(formatMonth('2027-01')).toBe('January 2027');
  });
});

describe('toDurationView', () => {
  const at = (minutes: number) =>
    new Date(Date.parse('2026-11-21T12:00:00Z') + minutes * 60_000).toISOString();

  it.each([
    [0, 'PT0M', 'under a minute'],
    [5, 'PT5M', '5 min'],
    [60, 'PT1H', '1 h'],
    [65, 'PT1H5M', '1 h 5 min'],
    [24 * 60, 'P1D', '1 d'],
    [26 * 60 + 3, 'P1DT2H3M', '1 d 2 h 3 min'],
  ])('reads %p minutes as %p, "%s"', (minutes, iso, text) => {
    expect(toDurationView(at(0), at(minutes))).toEqual({ iso, text });
  });

  it('never goes negative', () => {
    expect(toDurationView(at(10), at(0)).text).toBe('under a minute');
  });
});
