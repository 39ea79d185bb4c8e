import {
  monthOf,
  pruneResolved,
  RECENT_DAYS,
  RECENT_MAX,
  RECENT_MIN,
  toSummary,
} from '../../../../src/core/model/retention';
import type { Incident, IncidentSummary } from '../../../../src/core/model/state';
import {
  aResolvedIncident,
  aState,
  anOpenIncident,
  daysBefore,
  deepFreeze,
  minutesBefore,
  T0,
} from '../../../support/builders';

const ids = (incidents: readonly Incident[]) => incidents.map((incident) => incident.id);
/** The IDs in number order: which incidents, whatever order they come in. */
const idsByNumber = (incidents: readonly Incident[]) =>
  [...incidents].sort((a, b) => a.number - b.number).map((incident) => incident.id);

/**
 * `count` incidents resolved in the last day, numbered from `first`, the newest first: enough of them
 * (RECENT_MIN) to fill the "most recent" quota, so the 15-day rule decides about every older one.
 */
function recentlyResolved(count: number, first = 1000): Incident[] {
  return Array.from({ length: count }, (_, index) =>
    aResolvedIncident(first + index, minutesBefore(T0, index + 1)),
  );
}

describe('pruneResolved', () => {
  it('keeps the 50 most recent resolved incidents, any resolved in the last 15 days, and at most 200', () => {
    expect(RECENT_MIN).toBe(50);
    expect(RECENT_DAYS).toBe(15);
    expect(RECENT_MAX).toBe(200);
  });

  it('keeps open incidents however old they are', () => {
    const state = aState({
      incidents: [
        anOpenIncident(1, { createdAt: daysBefore(T0, 400) }),
        anOpenIncident(2, { createdAt: daysBefore(T0, 30) }),
        ...recentlyResolved(RECENT_MIN),
      ],
    });
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([]);
    expect(ids(result.state.incidents).slice(0, 2)).toEqual(['INC-1', 'INC-2']);
  });

  it('keeps the 50 most recently resolved however long ago that was', () => {
    const state = aState({
      incidents: [
        aResolvedIncident(1, daysBefore(T0, 400)),
        aResolvedIncident(2, daysBefore(T0, 16)),
        aResolvedIncident(3, daysBefore(T0, 2)),
      ],
    });
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([]);
    expect(result.state).toBe(state);
  });

  it('beyond the 50 most recent, keeps incidents resolved within the last 15 days', () => {
    const state = aState({
      incidents: [
        ...recentlyResolved(RECENT_MIN),
        aResolvedIncident(1, daysBefore(T0, 14)),
        aResolvedIncident(2, daysBefore(T0, 1)),
      ],
    });
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([]);
    expect(result.state.incidents).toHaveLength(RECENT_MIN + 2);
  });

  it('beyond the 50 most recent, archives incidents resolved more than 15 days ago and keeps the rest in order', () => {
    const old = aResolvedIncident(2, daysBefore(T0, 16));
    const recent = recentlyResolved(RECENT_MIN);
    const state = aState({
      incidents: [anOpenIncident(1, { createdAt: daysBefore(T0, 20) }), old, ...recent, anOpenIncident(4)],
    });
    const result = pruneResolved(state, T0);
    expect(result.archived).toEqual([old]);
    expect(ids(result.state.incidents)).toEqual(['INC-1', ...ids(recent), 'INC-4']);
  });

  it('keeps an incident resolved exactly 15 days ago and archives one resolved a moment earlier', () => {
    const fifteenDaysAgo = daysBefore(T0, RECENT_DAYS);
    const justBefore = new Date(Date.parse(fifteenDaysAgo) - 1).toISOString();
    const result = pruneResolved(
      aState({
        incidents: [
          ...recentlyResolved(RECENT_MIN),
          aResolvedIncident(1, fifteenDaysAgo),
          aResolvedIncident(2, justBefore),
        ],
      }),
      T0,
    );
    expect(ids(result.state.incidents)).toContain('INC-1');
    expect(ids(result.archived)).toEqual(['INC-2']);
  });

  it('keeps exactly the 50 most recent when all are older than 15 days', () => {
    // INC-1 was resolved first (80 days ago), INC-60 last (21 days ago).
    const resolved = Array.from({ length: 60 }, (_, index) =>
      aResolvedIncident(index + 1, daysBefore(T0, 80 - index)),
    );
    const result = pruneResolved(aState({ incidents: [anOpenIncident(61), ...resolved] }), T0);
    expect(result.state.incidents).toHaveLength(1 + RECENT_MIN);
    expect(ids(result.state.incidents)).toContain('INC-61');
    expect(idsByNumber(result.archived)).toEqual([
      'INC-1',
      'INC-2',
      'INC-3',
      'INC-4',
      'INC-5',
      'INC-6',
      'INC-7',
      'INC-8',
      'INC-9',
      'INC-10',
    ]);
  });

  it('keeps at most 200 however many were resolved in the last 15 days, the most recent ones', () => {
    // INC-1 was resolved first (250 hours ago), INC-250 last (1 hour ago): all within 15 days.
    const resolved = Array.from({ length: 250 }, (_, index) =>
      aResolvedIncident(index + 1, minutesBefore(T0, (250 - index) * 60)),
    );
    const result = pruneResolved(aState({ incidents: [anOpenIncident(251), ...resolved] }), T0);
    expect(result.state.incidents).toHaveLength(1 + RECENT_MAX);
    expect(idsByNumber(result.archived)).toEqual(
      Array.from({ length: 50 }, (_, index) => `INC-${index + 1}`),
    );
    expect(ids(result.state.incidents)).toContain('INC-251');
  });

  it('judges by when an incident was resolved, not by its number or position', () => {
    const state = aState({
      incidents: [
        aResolvedIncident(9, daysBefore(T0, 20)),
        aResolvedIncident(1, daysBefore(T0, 3)),
        ...recentlyResolved(RECENT_MIN),
      ],
    });
    const result = pruneResolved(state, T0);
    expect(ids(result.archived)).toEqual(['INC-9']);
    expect(ids(result.state.incidents)).toContain('INC-1');
  });

  it('falls back to the last update time when resolvedAt is missing', () => {
    const noDate = (number: number, updatedAt: string): Incident => {
      const incident = aResolvedIncident(number, updatedAt);
      delete incident.resolvedAt;
      return incident;
    };
    const result = pruneResolved(
      aState({
        incidents: [
          noDate(1, daysBefore(T0, 30)),
          noDate(2, daysBefore(T0, 1)),
          ...recentlyResolved(RECENT_MIN),
        ],
      }),
      T0,
    );
    expect(ids(result.archived)).toEqual(['INC-1']);
    expect(ids(result.state.incidents)).toContain('INC-2');
  });

  it('treats an incident in postmortem as resolved', () => {
    const result = pruneResolved(
      aState({
        incidents: [
          aResolvedIncident(1, daysBefore(T0, 40), { status: 'postmortem' }),
          ...recentlyResolved(RECENT_MIN),
        ],
      }),
      T0,
    );
    expect(ids(result.archived)).toEqual(['INC-1']);
  });

  it('returns the very same state when there is nothing to archive', () => {
    const state = aState({ incidents: [anOpenIncident(1), aResolvedIncident(2, daysBefore(T0, 1))] });
    const result = pruneResolved(state, T0);
    expect(result.state).toBe(state);
    expect(result.archived).toEqual([]);
  });

  it('returns the same empty state unchanged', () => {
    const state = aState();
    expect(pruneResolved(state, T0).state).toBe(state);
  });

  it('changes nothing but the incidents and the archived summaries: the version, numbering and counts stay', () => {
    const recent = recentlyResolved(RECENT_MIN);
    const old = aResolvedIncident(1, daysBefore(T0, 30));
    const state = aState({
      incidents: [old, anOpenIncident(2), ...recent],
      version: 41,
      history: { months: { '2026-10': 1, '2026-11': 51 }, archived: [] },
    });
    const result = pruneResolved(state, T0);
    expect(result.state).toEqual({
      ...state,
      incidents: [anOpenIncident(2), ...recent],
      history: { months: { '2026-10': 1, '2026-11': 51 }, archived: [] },
    });
    expect(result.state.version).toBe(41);
    expect(result.state.nextIncidentNumber).toBe(1000 + RECENT_MIN);
  });

  it('loses no incident: the kept and the archived together are all of them', () => {
    const incidents = [
      anOpenIncident(1, { createdAt: daysBefore(T0, 90) }),
      aResolvedIncident(2, daysBefore(T0, 60)),
      aResolvedIncident(3, daysBefore(T0, 10)),
      aResolvedIncident(4, daysBefore(T0, 16)),
      anOpenIncident(5),
      ...recentlyResolved(RECENT_MIN),
    ];
    const result = pruneResolved(aState({ incidents }), T0);
    expect(ids(result.archived).sort()).toEqual(['INC-2', 'INC-4']);
    expect([...ids(result.state.incidents), ...ids(result.archived)].sort()).toEqual(ids(incidents).sort());
    expect(ids(result.state.incidents).filter((id) => ids(result.archived).includes(id))).toEqual([]);
  });

  it('does not modify the state it is given', () => {
    const state = deepFreeze(
      aState({
        incidents: [
          aResolvedIncident(1, daysBefore(T0, 30)),
          aResolvedIncident(2, daysBefore(T0, 1)),
          ...recentlyResolved(RECENT_MIN),
        ],
      }),
    );
    const copy = structuredClone(state);
    expect(pruneResolved(state, T0).archived).toHaveLength(1);
    expect(state).toEqual(copy);
  });

  describe('history.archived', () => {
    const summary = (id: string, createdAt: string): IncidentSummary => ({
      id,
      title: `Incident ${id}`,
      impact: 'minor',
      status: 'resolved',
      createdAt,
      resolvedAt: createdAt,
    });

    it('gains a summary of each incident it archives whose month still has incidents in the state', () => {
      // INC-1 started on 1 Nov; the incidents kept (resolved in the last day) also started in November.
      const old = aResolvedIncident(1, daysBefore(T0, 19));
      const result = pruneResolved(aState({ incidents: [old, ...recentlyResolved(RECENT_MIN)] }), T0);
      expect(monthOf(old.createdAt)).toBe('2026-11');
      expect(result.state.history.archived).toEqual([toSummary(old)]);
      expect(toSummary(old)).toEqual({
        id: 'INC-1',
        title: 'Incident 1',
        impact: 'minor',
        status: 'resolved',
        createdAt: old.createdAt,
        resolvedAt: old.resolvedAt,
      });
    });

    it('drops the summaries of months that no longer have an incident in the state', () => {
      const october = aResolvedIncident(1, '2026-10-20T12:00:00.000Z');
      const state = aState({
        incidents: [october, ...recentlyResolved(RECENT_MIN)],
        history: {
          months: { '2026-09': 4, '2026-10': 2, '2026-11': 50 },
          archived: [
            summary('INC-0', '2026-10-05T08:00:00.000Z'),
            summary('INC-00', '2026-09-01T08:00:00.000Z'),
          ],
        },
      });
      const result = pruneResolved(state, T0);
      expect(ids(result.archived)).toEqual(['INC-1']);
      expect(result.state.history.archived).toEqual([]);
      expect(result.state.history.months).toEqual({ '2026-09': 4, '2026-10': 2, '2026-11': 50 });
    });

    it('keeps the summaries of a month that an open incident still holds', () => {
      const october = aResolvedIncident(1, '2026-10-20T12:00:00.000Z');
      const stillOpen = anOpenIncident(2, { createdAt: '2026-10-25T12:00:00.000Z' });
      const earlier = summary('INC-0', '2026-10-05T08:00:00.000Z');
      const state = aState({
        incidents: [october, stillOpen, ...recentlyResolved(RECENT_MIN)],
        history: { months: { '2026-10': 3, '2026-11': 50 }, archived: [earlier] },
      });
      expect(pruneResolved(state, T0).state.history.archived).toEqual([earlier, toSummary(october)]);
    });

    it('summarises without the internal timeline, roles or updates', () => {
      const incident = anOpenIncident(3, {
        createdAt: T0,
        status: 'resolved',
        roles: { commander: { name: 'Ada' } },
        timeline: [{ at: T0, kind: 'note', text: 'secret', author: { name: 'Ada' } }],
      });
      expect(Object.keys(toSummary(incident)).sort()).toEqual([
        'createdAt',
        'id',
        'impact',
        'status',
        'title',
      ]);
    });
  });
});
