import { pruneResolved, RECENT_DAYS, RECENT_MAX } from '../../../src/core/retention';
import type { Incident } from '../../../src/core/state';
import {
  aResolvedIncident,
  aState,
  anOpenIncident,
  daysAfter,
  deepFreeze,
  minutesAfter,
  T0,
} from './builders';

const ids = (incidents: readonly Incident[]) => incidents.map((incident) => incident.id);

describe('pruneResolved', () => {
  it('keeps resolved incidents for 15 days and at most 50 of them', () => {
    expect(RECENT_DAYS).toBe(15);
    expect(RECENT_MAX).toBe(50);
  });

  it('keeps open incidents however old they are', () => {
    const state = aState([anOpenIncident(1, daysAfter(T0, -400)), anOpenIncident(2, daysAfter(T0, -30))]);
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([]);
    expect(ids(result.state.incidents)).toEqual(['INC-1', 'INC-2']);
  });

  it('keeps incidents resolved within the last 15 days', () => {
    const state = aState([
      aResolvedIncident(1, daysAfter(T0, -14)),
      aResolvedIncident(2, daysAfter(T0, -1)),
      aResolvedIncident(3, minutesAfter(T0, -1)),
    ]);
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([]);
    expect(ids(result.state.incidents)).toEqual(['INC-1', 'INC-2', 'INC-3']);
  });

  it('archives incidents resolved more than 15 days ago and keeps the rest in order', () => {
    const old = aResolvedIncident(2, daysAfter(T0, -16));
    const state = aState([
      anOpenIncident(1, daysAfter(T0, -20)),
      old,
      aResolvedIncident(3, daysAfter(T0, -2)),
      anOpenIncident(4),
    ]);
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([old]);
    expect(ids(result.state.incidents)).toEqual(['INC-1', 'INC-3', 'INC-4']);
  });

  it('keeps an incident resolved exactly 15 days ago and archives one resolved a moment earlier', () => {
    const fifteenDaysAgo = daysAfter(T0, -RECENT_DAYS);
    const justBefore = new Date(Date.parse(fifteenDaysAgo) - 1).toISOString();
    const result = pruneResolved(
      aState([aResolvedIncident(1, fifteenDaysAgo), aResolvedIncident(2, justBefore)]),
      T0,
    );
    expect(ids(result.state.incidents)).toEqual(['INC-1']);
    expect(ids(result.archived)).toEqual(['INC-2']);
  });

  it('keeps only the 50 most recently resolved and archives the older ones', () => {
    // INC-1 was resolved first (60 hours ago), INC-60 last (1 hour ago): all within 15 days.
    const resolved = Array.from({ length: 60 }, (_, index) =>
      aResolvedIncident(index + 1, minutesAfter(T0, -(60 - index) * 60)),
    );
    const state = aState([anOpenIncident(61), ...resolved]);
    const result = pruneResolved(state, T0);

    expect(result.state.incidents).toHaveLength(1 + RECENT_MAX);
    expect(ids(result.state.incidents)).toContain('INC-61');
    expect(ids(result.archived).sort()).toEqual([
      'INC-1',
      'INC-10',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      'INC-6',
      'INC-7',
      'INC-8',
      'INC-9',
    ]);
  });

  it('judges by when an incident was resolved, not by its number or position', () => {
    const state = aState([aResolvedIncident(9, daysAfter(T0, -20)), aResolvedIncident(1, daysAfter(T0, -3))]);
    const result = pruneResolved(state, T0);
    expect(ids(result.archived)).toEqual(['INC-9']);
    expect(ids(result.state.incidents)).toEqual(['INC-1']);
  });

  it('falls back to the last update time when resolvedAt is missing', () => {
    const noDate = (number: number, updatedAt: string): Incident => {
      const incident = aResolvedIncident(number, updatedAt);
      delete incident.resolvedAt;
      return incident;
    };
    const result = pruneResolved(aState([noDate(1, daysAfter(T0, -30)), noDate(2, daysAfter(T0, -1))]), T0);
    expect(ids(result.archived)).toEqual(['INC-1']);
    expect(ids(result.state.incidents)).toEqual(['INC-2']);
  });

  it('treats an incident in postmortem as resolved', () => {
    const result = pruneResolved(aState([aResolvedIncident(1, daysAfter(T0, -40), 'postmortem')]), T0);
    expect(ids(result.archived)).toEqual(['INC-1']);
    expect(result.state.incidents).toEqual([]);
  });

  it('returns the very same state when there is nothing to archive', () => {
    const state = aState([anOpenIncident(1), aResolvedIncident(2, daysAfter(T0, -1))]);
    const result = pruneResolved(state, T0);
    expect(result.state).toBe(state);
    expect(result.archived).toEqual([]);
  });

  it('returns the same empty state unchanged', () => {
    const state = aState([]);
    expect(pruneResolved(state, T0).state).toBe(state);
  });

  it('changes nothing but the list of incidents: the version and the numbering stay', () => {
    const state = aState([aResolvedIncident(1, daysAfter(T0, -30)), anOpenIncident(2)], { version: 41 });
    const result = pruneResolved(state, T0);
    expect(result.state).toEqual({ ...state, incidents: [state.incidents[1]] });
    expect(result.state.version).toBe(41);
    expect(result.state.nextIncidentNumber).toBe(3);
  });

  it('loses no incident: the kept and the archived together are all of them', () => {
    const incidents = [
      anOpenIncident(1, daysAfter(T0, -90)),
      aResolvedIncident(2, daysAfter(T0, -60)),
      aResolvedIncident(3, daysAfter(T0, -10)),
      aResolvedIncident(4, daysAfter(T0, -16)),
      anOpenIncident(5),
    ];
    const result = pruneResolved(aState(incidents), T0);
    expect([...ids(result.state.incidents), ...ids(result.archived)].sort()).toEqual(ids(incidents).sort());
    expect(ids(result.state.incidents).filter((id) => ids(result.archived).includes(id))).toEqual([]);
  });

  it('does not modify the state it is given', () => {
    const state = deepFreeze(
      aState([aResolvedIncident(1, daysAfter(T0, -30)), aResolvedIncident(2, daysAfter(T0, -1))]),
    );
    const copy = structuredClone(state);
    pruneResolved(state, T0);
    expect(state).toEqual(copy);
  });
});
