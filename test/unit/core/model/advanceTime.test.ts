import { advanceTime } from '../../../../src/core/model/advanceTime';
import { applyCommand, type Outcome } from '../../../../src/core/commands/applyCommand';
import { parseCommand } from '../../../../src/core/commands/parseCommand';
import type { ComponentEvent, Maintenance, StatusState } from '../../../../src/core/model/state';
import {
  aContext,
  aMaintenance,
  aResolvedIncident,
  aState,
  anOpenIncident,
  daysAfter,
  daysBefore,
  deepFreeze,
  minutesAfter,
  minutesBefore,
  PAGE_CATALOG,
  T0,
} from '../../../support/builders';

const SYSTEM = { name: 'Status page' };

function advanced(state: StatusState, now: string): StatusState {
  const result = advanceTime(state, now);
  if (!result) throw new Error(`expected the state to move at ${now}`);
  return result;
}

function only(state: StatusState): Maintenance {
  const [first, ...rest] = state.maintenances;
  if (!first || rest.length) throw new Error(`expected one maintenance, found ${state.maintenances.length}`);
  return first;
}

const statusOf = (state: StatusState, id: string) => state.components[id]?.status ?? 'operational';

/** Applies a typed command at `now`; fails the spec unless it changes the state. */
function afterCommand(state: StatusState, text: string, now: string): StatusState {
  const parsed = parseCommand(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const outcome: Outcome = applyCommand(state, parsed.command, aContext(now));
  if (outcome.kind !== 'changed') throw new Error(outcome.reply.text);
  return outcome.state;
}

/** What runCommand does: bring the state to `now`, then apply the command. */
function atTime(state: StatusState, text: string, now: string): StatusState {
  return afterCommand(advanceTime(state, now) ?? state, text, now);
}

describe('advanceTime', () => {
  describe('when nothing the page shows depends on the time that passed', () => {
    it('returns undefined later the same day', () => {
      const state = aState({ incidents: [anOpenIncident(1)] });
      expect(advanceTime(state, minutesAfter(T0, 30))).toBeUndefined();
    });

    it('returns undefined for an instant at or before the state’s own', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesBefore(T0, 5) })],
      });
      expect(advanceTime(state, T0)).toBeUndefined();
      expect(advanceTime(state, minutesBefore(T0, 60))).toBeUndefined();
    });

    it('ignores a promise that was already overdue when the state was last saved', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesBefore(T0, 5) })],
      });
      expect(advanceTime(state, minutesAfter(T0, 30))).toBeUndefined();
    });

    it('ignores a stale promise on a resolved incident', () => {
      const resolved = { ...aResolvedIncident(1, T0), nextUpdateAt: minutesAfter(T0, 10) };
      expect(advanceTime(aState({ incidents: [resolved] }), minutesAfter(T0, 30))).toBeUndefined();
    });

    it('ignores a maintenance window that has not started yet', () => {
      const state = aState({
        maintenances: [
          aMaintenance(1, { scheduledFor: minutesAfter(T0, 60), scheduledUntil: minutesAfter(T0, 120) }),
        ],
      });
      expect(advanceTime(state, minutesAfter(T0, 59))).toBeUndefined();
    });
  });

  describe('the returned state', () => {
    it('has the next version and the new instant, and is otherwise the same on a new day', () => {
      const state = aState({ incidents: [anOpenIncident(1)], version: 12 });
      const tomorrow = '2026-11-22T00:00:30.000Z';
      expect(advanced(state, tomorrow)).toEqual({ ...state, version: 13, updatedAt: tomorrow });
    });

    it('does not modify the state it is given', () => {
      const state = deepFreeze(
        aState({
          incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesAfter(T0, 10) })],
          maintenances: [
            aMaintenance(1, {
              scheduledFor: minutesAfter(T0, 5),
              scheduledUntil: minutesAfter(T0, 15),
              components: ['email'],
            }),
          ],
        }),
      );
      const copy = structuredClone(state);
      advanced(state, minutesAfter(T0, 20));
      expect(state).toEqual(copy);
    });
  });

  describe('a new UTC day', () => {
    it('moves the state, so the page’s day list and uptime bars turn over', () => {
      const state = aState({ updatedAt: '2026-11-21T23:59:00.000Z' });
      expect(advanced(state, '2026-11-22T00:00:00.000Z').updatedAt).toBe('2026-11-22T00:00:00.000Z');
    });
  });

  describe('a promise falling due', () => {
    it('moves the state when an open incident’s next update becomes overdue', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesAfter(T0, 30) })],
      });
      const moved = advanced(state, minutesAfter(T0, 31));
      expect(moved.updatedAt).toBe(minutesAfter(T0, 31));
      expect(moved.incidents).toEqual(state.incidents);
    });

    it('moves the state when the promise falls due exactly at the new instant', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesAfter(T0, 30) })],
      });
      expect(advanceTime(state, minutesAfter(T0, 30))).toBeDefined();
    });

    it('moves once: the next tick finds the same promise already overdue', () => {
      const state = aState({
        incidents: [anOpenIncident(1, { createdAt: T0, nextUpdateAt: minutesAfter(T0, 30) })],
      });
      const moved = advanced(state, minutesAfter(T0, 31));
      expect(advanceTime(moved, minutesAfter(T0, 32))).toBeUndefined();
    });
  });

  describe('maintenance windows', () => {
    const start = minutesAfter(T0, 60);
    const end = minutesAfter(T0, 120);
    const scheduled = aMaintenance(1, {
      scheduledFor: start,
      scheduledUntil: end,
      components: ['email', 'chat'],
    });

    it('start on time: in progress, components under maintenance, and what to restore remembered', () => {
      const state = aState({
        maintenances: [scheduled],
        components: { chat: { status: 'degraded_performance', updatedAt: T0 } },
      });
      const now = minutesAfter(start, 1);
      const moved = advanced(state, now);
      expect(only(moved)).toEqual({
        ...scheduled,
        status: 'in_progress',
        updatedAt: now,
        restore: { email: 'operational', chat: 'degraded_performance' },
        updates: [
          ...scheduled.updates,
          {
            id: 'MNT-1-2',
            status: 'in_progress',
            message: 'Scheduled maintenance is in progress: email and chat are under maintenance.',
            createdAt: start,
            author: SYSTEM,
          },
        ],
      });
      expect(moved.components).toEqual({
        email: { status: 'under_maintenance', updatedAt: start },
        chat: { status: 'under_maintenance', updatedAt: start },
      });
      expect(moved.componentEvents).toEqual([
        { componentId: 'email', status: 'under_maintenance', at: start },
        { componentId: 'chat', status: 'under_maintenance', at: start },
      ]);
    });

    it('date the automatic update when it happened, never before the window was created, and name the components', () => {
      const late = aMaintenance(2, {
        scheduledFor: minutesBefore(T0, 30),
        scheduledUntil: end,
        createdAt: T0,
        updatedAt: T0,
        components: ['email', 'chat'],
      });
      const now = minutesAfter(T0, 1);
      const moved = advanceTime(aState({ maintenances: [late] }), now, PAGE_CATALOG);
      const window = moved?.maintenances[0];
      expect(window?.updates.at(-1)).toMatchObject({
        status: 'in_progress',
        message: 'Scheduled maintenance is in progress: Email and Chat are under maintenance.',
        createdAt: T0,
      });
      expect(moved?.componentEvents).toEqual([
        { componentId: 'email', status: 'under_maintenance', at: T0 },
        { componentId: 'chat', status: 'under_maintenance', at: T0 },
      ]);
    });

    it('end on time: completed, and components restored to what they were', () => {
      const running = advanced(aState({ maintenances: [scheduled] }), start);
      const moved = advanced(running, end);
      const completed = only(moved);
      expect(completed.status).toBe('completed');
      expect(completed).not.toHaveProperty('restore');
      expect(completed.updates.at(-1)).toEqual({
        id: 'MNT-1-3',
        status: 'completed',
        message:
          'The scheduled maintenance has been completed: email and chat are no longer under maintenance.',
        createdAt: end,
        author: SYSTEM,
      });
      expect(moved.components).toEqual({
        email: { status: 'operational', updatedAt: end },
        chat: { status: 'operational', updatedAt: end },
      });
      expect(moved.componentEvents.slice(-2)).toEqual([
        { componentId: 'email', status: 'operational', at: end },
        { componentId: 'chat', status: 'operational', at: end },
      ]);
    });

    it('start and end in one step when the timer missed the whole window', () => {
      const moved = advanced(aState({ maintenances: [scheduled] }), minutesAfter(end, 5));
      expect(only(moved).status).toBe('completed');
      expect(only(moved).updates.map((update) => update.status)).toEqual([
        'scheduled',
        'in_progress',
        'completed',
      ]);
      expect(statusOf(moved, 'email')).toBe('operational');
      expect(moved.componentEvents).toEqual([
        { componentId: 'email', status: 'under_maintenance', at: start },
        { componentId: 'chat', status: 'under_maintenance', at: start },
        { componentId: 'email', status: 'operational', at: end },
        { componentId: 'chat', status: 'operational', at: end },
      ]);
    });

    it('leave a status someone set during the window as it is', () => {
      const running = advanced(aState({ maintenances: [scheduled] }), start);
      const meanwhile = {
        ...running,
        components: {
          ...running.components,
          chat: { status: 'major_outage' as const, updatedAt: minutesAfter(start, 10) },
        },
      };
      const moved = advanced(meanwhile, end);
      expect(statusOf(moved, 'chat')).toBe('major_outage');
      expect(statusOf(moved, 'email')).toBe('operational');
    });

    it('stay on the page 15 days after they complete, then leave the state', () => {
      const completed = aMaintenance(1, {
        scheduledFor: daysBefore(T0, 20),
        scheduledUntil: daysBefore(T0, 20),
        status: 'completed',
        updatedAt: daysBefore(T0, 15),
      });
      const state = aState({ maintenances: [completed], updatedAt: minutesBefore(T0, 1) });
      expect(advanceTime(state, T0)).toBeUndefined();
      const moved = advanced(state, minutesAfter(T0, 1));
      expect(moved.maintenances).toEqual([]);
    });

    it('keep scheduled and running windows however old', () => {
      const longRunning = aMaintenance(1, {
        scheduledFor: daysBefore(T0, 30),
        scheduledUntil: daysAfter(T0, 30),
        status: 'in_progress',
      });
      const state = aState({ maintenances: [longRunning], updatedAt: minutesBefore(T0, 1) });
      expect(advanceTime(state, daysAfter(T0, 1))?.maintenances).toEqual([longRunning]);
    });
  });

  describe('component history', () => {
    const now = '2026-11-22T00:00:00.000Z';
    const at = (days: number) => daysBefore(now, days);
    const event = (componentId: string, status: ComponentEvent['status'], days: number): ComponentEvent => ({
      componentId,
      status,
      at: at(days),
    });

    it('keeps 90 days of status changes, and the last one before them, per component', () => {
      const state = aState({
        componentEvents: [
          event('email', 'degraded_performance', 200),
          event('chat', 'partial_outage', 100),
          event('chat', 'operational', 95),
          event('chat', 'major_outage', 90),
          event('chat', 'operational', 10),
          event('vpn', 'major_outage', 120),
          event('vpn', 'operational', 119),
        ],
      });
      expect(advanced(state, now).componentEvents).toEqual([
        event('email', 'degraded_performance', 200),
        event('chat', 'operational', 95),
        event('chat', 'major_outage', 90),
        event('chat', 'operational', 10),
        event('vpn', 'operational', 119),
      ]);
    });
  });

  describe('together with commands', () => {
    it('gives the components back once both the incident and the maintenance are over', () => {
      // Chat is down (INC-1); maintenance on Chat starts; INC-1 is closed during the window; the window ends.
      let state = afterCommand(aState(), 'open major [Chat] Chat is down | Looking', T0);
      state = afterCommand(state, 'maintenance 2026-11-21T13:00Z 2026-11-21T14:00Z [Chat] Chat upgrade', T0);
      state = atTime(state, 'close INC-1 Fixed', minutesAfter(T0, 90));
      expect(statusOf(state, 'chat')).toBe('under_maintenance');
      const ended = advanced(state, minutesAfter(T0, 121));
      expect(ended.incidents.every((incident) => incident.status === 'resolved')).toBe(true);
      expect(only(ended).status).toBe('completed');
      expect(statusOf(ended, 'chat')).toBe('operational');
    });

    it('never leaves a component under maintenance with no window left to end it (undo after the start)', () => {
      let state = afterCommand(aState(), 'maintenance in 5m for 1h [Email] Mail upgrade', T0);
      state = advanced(state, minutesAfter(T0, 6));
      expect(statusOf(state, 'email')).toBe('under_maintenance');
      const outcome = applyCommand(state, { verb: 'undo' }, aContext(minutesAfter(T0, 7)));
      const after = outcome.kind === 'changed' ? outcome.state : state;
      const heldByAWindow = after.maintenances.some(
        (window) => window.status === 'in_progress' && window.components.includes('email'),
      );
      expect({ heldByAWindow, email: statusOf(after, 'email') }).not.toEqual({
        heldByAWindow: false,
        email: 'under_maintenance',
      });
    });
  });
});
