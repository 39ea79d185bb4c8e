import type { ComponentEvent } from '../../../../src/core/model/state';
import {
  BAR_STEP,
  UPTIME_DAYS,
  computeUptime,
  formatPercent,
  toUptimeView,
  worstStatus,
} from '../../../../src/core/site/uptime';
import { aState, daysBefore, minutesAfter, minutesBefore, T0 } from '../../../support/builders';

const WINDOW_MINUTES = (UPTIME_DAYS - 1) * 24 * 60 + 12 * 60; // 89 whole days and today up to noon

const event = (status: ComponentEvent['status'], at: string): ComponentEvent => ({
  componentId: 'chat',
  status,
  at,
});

describe('computeUptime', () => {
  it('covers the last 90 UTC days, oldest first, ending today', () => {
    const { days } = computeUptime(aState(), 'chat');
    expect(days).toHaveLength(UPTIME_DAYS);
    expect(days[UPTIME_DAYS - 1]?.day).toBe('2026-11-21');
    expect(days[0]?.day).toBe('2026-08-24');
  });

  it('is 100 % for a component that never changed', () => {
    const uptime = computeUptime(aState(), 'chat');
    expect(uptime.percent).toBe(100);
    expect(uptime.days.every((day) => day.worst === 'operational')).toBe(true);
  });

  it('shows the status right now in today’s bar from the moment it changes, and never 100 % while down', () => {
    const state = aState({
      components: { chat: { status: 'major_outage', updatedAt: T0 } },
      componentEvents: [event('major_outage', T0)],
    });
    const uptime = computeUptime(state, 'chat');
    expect(uptime.days[UPTIME_DAYS - 1]).toMatchObject({ worst: 'major_outage', ongoing: 'major_outage' });
    const view = toUptimeView(uptime);
    expect(view.percentText).toBe('99.99 %');
    expect(view.marks).toEqual([
      {
        x: (UPTIME_DAYS - 1) * BAR_STEP,
        status: 'major_outage',
        title: expect.stringContaining('major outage now') as string,
      },
    ]);
  });

  it('counts a major outage minute as fully down', () => {
    const state = aState({
      componentEvents: [
        event('major_outage', daysBefore(T0, 3)),
        event('operational', minutesAfter(daysBefore(T0, 3), 60)),
      ],
    });
    const uptime = computeUptime(state, 'chat');
    expect(uptime.percent).toBeCloseTo(100 * (1 - 60 / WINDOW_MINUTES), 10);
    expect(uptime.days.find((day) => day.day === '2026-11-18')).toEqual({
      day: '2026-11-18',
      worst: 'major_outage',
      time: { major_outage: 60 * 60_000 },
    });
  });

  it('counts a partial outage minute as 0.3 down', () => {
    const state = aState({
      componentEvents: [
        event('partial_outage', daysBefore(T0, 3)),
        event('operational', minutesAfter(daysBefore(T0, 3), 100)),
      ],
    });
    expect(computeUptime(state, 'chat').percent).toBeCloseTo(100 * (1 - 30 / WINDOW_MINUTES), 10);
  });

  it('counts degraded performance and maintenance as up, but shows them on the bar', () => {
    const state = aState({
      componentEvents: [
        event('degraded_performance', daysBefore(T0, 5)),
        event('under_maintenance', daysBefore(T0, 4)),
        event('operational', daysBefore(T0, 3)),
      ],
    });
    const uptime = computeUptime(state, 'chat');
    expect(uptime.percent).toBe(100);
    expect(
      uptime.days.filter((day) => day.worst !== 'operational').map((day) => [day.day, day.worst]),
    ).toEqual([
      ['2026-11-16', 'degraded_performance'],
      ['2026-11-17', 'degraded_performance'],
      ['2026-11-18', 'under_maintenance'],
    ]);
  });

  it('splits an outage over midnight between the two days, and the bar shows the worst status of each day', () => {
    const state = aState({
      componentEvents: [
        event('degraded_performance', '2026-11-19T20:00:00.000Z'),
        event('major_outage', '2026-11-19T23:00:00.000Z'),
        event('operational', '2026-11-20T02:00:00.000Z'),
      ],
    });
    const days = computeUptime(state, 'chat').days;
    expect(days.find((day) => day.day === '2026-11-19')).toEqual({
      day: '2026-11-19',
      worst: 'major_outage',
      time: { degraded_performance: 3 * 3_600_000, major_outage: 3_600_000 },
    });
    expect(days.find((day) => day.day === '2026-11-20')?.time).toEqual({ major_outage: 2 * 3_600_000 });
  });

  it('counts an outage still going on up to the state instant, not beyond', () => {
    const state = aState({ componentEvents: [event('major_outage', minutesBefore(T0, 30))] });
    expect(computeUptime(state, 'chat').percent).toBeCloseTo(100 * (1 - 30 / WINDOW_MINUTES), 10);
  });

  it('takes the current status from the component state when no event recorded it', () => {
    const state = aState({
      components: { chat: { status: 'major_outage', updatedAt: minutesBefore(T0, 30) } },
    });
    expect(computeUptime(state, 'chat').percent).toBeCloseTo(100 * (1 - 30 / WINDOW_MINUTES), 10);
  });

  it('counts only the part of an outage inside the window', () => {
    const state = aState({
      componentEvents: [
        event('major_outage', daysBefore(T0, 100)),
        event('operational', '2026-08-24T01:00:00.000Z'),
      ],
    });
    expect(computeUptime(state, 'chat').percent).toBeCloseTo(100 * (1 - 60 / WINDOW_MINUTES), 10);
  });

  it('ignores other components and the order events were stored in', () => {
    const state = aState({
      componentEvents: [
        event('operational', minutesAfter(daysBefore(T0, 3), 60)),
        { componentId: 'email', status: 'major_outage', at: daysBefore(T0, 2) },
        event('major_outage', daysBefore(T0, 3)),
      ],
    });
    expect(computeUptime(state, 'chat').percent).toBeCloseTo(100 * (1 - 60 / WINDOW_MINUTES), 10);
  });
});

describe('worstStatus', () => {
  it('ranks major > partial > degraded > maintenance > operational', () => {
    expect(worstStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstStatus(['partial_outage', 'degraded_performance'])).toBe('partial_outage');
    expect(worstStatus(['partial_outage', 'major_outage', 'operational'])).toBe('major_outage');
    expect(worstStatus([])).toBe('operational');
  });
});

describe('formatPercent', () => {
  it('rounds down, so any downtime reads below 100', () => {
    expect(formatPercent(100)).toBe('100 %');
    expect(formatPercent(99.9999)).toBe('99.99 %');
    expect(formatPercent(99.955)).toBe('99.95 %');
    expect(formatPercent(87.5)).toBe('87.50 %');
  });
});

describe('toUptimeView', () => {
  it('marks only the days that were not plainly operational, each with what happened in words', () => {
    const state = aState({
      componentEvents: [
        event('partial_outage', '2026-11-19T10:00:00.000Z'),
        event('operational', '2026-11-19T12:10:00.000Z'),
      ],
    });
    const view = toUptimeView(computeUptime(state, 'chat'));
    expect(view.marks).toEqual([
      {
        x: (UPTIME_DAYS - 3) * BAR_STEP,
        status: 'partial_outage',
        title: '19 Nov 2026: partial outage 2 h 10 min',
      },
    ]);
    // 130 minutes at 0.3 is 39 minutes down in 89½ days.
    expect(view.percentText).toBe('99.96 %');
    expect(view.label).toBe('99.96 % uptime in the last 90 days; 1 day with disruption or maintenance');
  });

  it('says so when every day was fine', () => {
    expect(toUptimeView(computeUptime(aState(), 'chat')).label).toBe(
      '100 % uptime in the last 90 days; no days with disruption or maintenance',
    );
  });
});
