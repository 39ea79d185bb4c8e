import { apply, changed, refusal, incident, statusOf, stateAfter, open } from './commandHelpers';
import { BOB, minutesAfter, T0 } from '../../../support/builders';
import { UNDO_WINDOW_MINUTES } from '../../../../src/core/commands/undoRecords';

describe('undoVerb', () => {
  describe('apply', () => {
    it('reverts the same person’s last update within 10 minutes, and records the undo on the timeline', () => {
      const before = stateAfter(open('Chat is down', 'Looking'));
      const updated = changed(apply(before, 'update identified Wrong incident!', minutesAfter(T0, 1))).state;
      const outcome = changed(apply(updated, 'undo', minutesAfter(T0, 1 + UNDO_WINDOW_MINUTES)));
      const restored = incident(outcome.state, 'INC-1');
      expect(restored.status).toBe('investigating');
      expect(restored.updates).toEqual(incident(before, 'INC-1').updates);
      expect(restored.timeline.slice(0, -1)).toEqual(incident(before, 'INC-1').timeline);
      expect(restored.timeline.at(-1)).toMatchObject({
        kind: 'undo',
        text: 'Undid: Updated INC-1 (identified).',
      });
      expect(outcome.reply.text).toBe('Undone: Updated INC-1 (identified).');
      expect(outcome.state.version).toBe(updated.version + 1);
    });

    it('restores the component statuses the change made', () => {
      const before = stateAfter('open major [Chat] Chat is down | Looking');
      const updated = changed(
        apply(before, 'update [Chat: down, Files: down] Worse', minutesAfter(T0, 1)),
      ).state;
      const undone = changed(apply(updated, 'undo', minutesAfter(T0, 2))).state;
      expect(statusOf(undone, 'chat')).toBe('partial_outage');
      expect(statusOf(undone, 'files')).toBe('operational');
    });

    it('refuses after 10 minutes', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'undo', minutesAfter(T0, UNDO_WINDOW_MINUTES + 1)))).toBe(
        'You have no change of the last 10 minutes to undo.',
      );
    });

    it('never undoes someone else’s change', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'undo', minutesAfter(T0, 1), { actor: BOB }))).toBe(
        'You have no change of the last 10 minutes to undo.',
      );
    });

    it('refuses when someone else changed the same incident since', () => {
      const opened = stateAfter(open('Chat is down'));
      const mine = changed(apply(opened, 'update identified Cause found', minutesAfter(T0, 1))).state;
      const theirs = changed(
        apply(mine, 'update monitoring Fix deployed', minutesAfter(T0, 2), { actor: BOB }),
      ).state;
      expect(refusal(apply(theirs, 'undo', minutesAfter(T0, 3)))).toBe(
        'INC-1 changed again since your change; undo refused. Set it right with a new command instead.',
      );
    });

    it('undoes my change when someone else changed a different incident since', () => {
      const opened = stateAfter(open('Chat is down'), open('Mail is slow'));
      const mine = changed(apply(opened, 'update INC-1 identified Cause found', minutesAfter(T0, 2))).state;
      const theirs = changed(
        apply(mine, 'update INC-2 identified Queue stuck', minutesAfter(T0, 3), { actor: BOB }),
      ).state;
      const undone = changed(apply(theirs, 'undo', minutesAfter(T0, 4))).state;
      expect(incident(undone, 'INC-1').status).toBe('investigating');
      expect(incident(undone, 'INC-2').status).toBe('identified');
    });

    it('does not silently revert a component status someone else set since', () => {
      // Alice opens INC-1 on Chat (partial outage); Bob then says Chat is fully down; Alice undoes her open.
      const opened = stateAfter('open major [Chat] Chat is down | Looking');
      const bobs = changed(
        apply(opened, 'component Chat major_outage', minutesAfter(T0, 1), { actor: BOB }),
      ).state;
      const outcome = apply(bobs, 'undo', minutesAfter(T0, 2));
      const after = outcome.kind === 'changed' ? outcome.state : bobs;
      expect(statusOf(after, 'chat')).toBe('major_outage');
    });

    it('undoes an open: the incident goes, its components recover, and its number is never reused', () => {
      const opened = stateAfter('open critical [Chat] Wrong channel | Oops');
      expect(opened.history.months).toEqual({ '2026-11': 1 });
      const undone = changed(apply(opened, 'undo', minutesAfter(T0, 1))).state;
      expect(undone.incidents).toEqual([]);
      expect(statusOf(undone, 'chat')).toBe('operational');
      expect(undone.history.months).toEqual({ '2026-11': 0 });
      expect(undone.nextIncidentNumber).toBe(2);
      const reopened = changed(apply(undone, open('Chat is down'), minutesAfter(T0, 2)));
      expect(reopened.subjectId).toBe('INC-2');
    });

    it('undoes a close: the incident is open again', () => {
      const closed = stateAfter('open major [Chat] Chat is down | Looking', 'close');
      const undone = changed(apply(closed, 'undo', minutesAfter(T0, 2))).state;
      expect(incident(undone, 'INC-1').status).toBe('investigating');
      expect(incident(undone, 'INC-1')).not.toHaveProperty('resolvedAt');
      expect(statusOf(undone, 'chat')).toBe('partial_outage');
    });

    it('undoes a scheduled maintenance', () => {
      const scheduled = stateAfter('maintenance in 2h for 30m [Email] Upgrade');
      const undone = changed(apply(scheduled, 'undo', minutesAfter(T0, 1))).state;
      expect(undone.maintenances).toEqual([]);
    });

    it('undoes a component change', () => {
      const set = stateAfter('component Chat down');
      const undone = changed(apply(set, 'undo', minutesAfter(T0, 1))).state;
      expect(statusOf(undone, 'chat')).toBe('operational');
    });

    it('steps back one change at a time, and an undo is not itself undone', () => {
      const state = stateAfter(open('Chat is down', 'Looking'), 'update identified A', 'update monitoring B');
      const once = changed(apply(state, 'undo', minutesAfter(T0, 3))).state;
      expect(incident(once, 'INC-1').status).toBe('identified');
      const twice = changed(apply(once, 'undo', minutesAfter(T0, 4))).state;
      expect(incident(twice, 'INC-1').status).toBe('investigating');
      expect(incident(twice, 'INC-1').updates.map((update) => update.message)).toEqual(['Looking']);
    });
  });
});
