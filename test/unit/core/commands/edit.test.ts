import { parsed, mistake, expectUsageOf, apply, changed, incident, stateAfter, open } from './commandHelpers';
import { ALICE, minutesAfter, T0 } from '../../../support/builders';

describe('editVerb', () => {
  describe('parse', () => {
    it('reads edit with or without an ID', () => {
      expect(parsed('edit INC-1 Load balancer misconfigured in West Europe')).toEqual({
        verb: 'edit',
        incident: 1,
        message: 'Load balancer misconfigured in West Europe',
      });
      expect(parsed('edit Typo fixed')).toEqual({ verb: 'edit', message: 'Typo fixed' });
    });

    it.each(['edit', 'edit #1'])('refuses %p: an edit needs the new text', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('Give the new text of the latest update.');
      expectUsageOf(result.usage, 'edit');
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 5);

    it('replaces the text of the latest update, marks it edited, and keeps the old text on the timeline', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        'update identified Load balancer misconfgured',
      );
      const outcome = changed(apply(state, 'edit INC-1 Load balancer misconfigured in West Europe', later));
      const edited = incident(outcome.state, 'INC-1');
      expect(edited.updates).toHaveLength(2);
      expect(edited.updates[0]).toEqual(incident(state, 'INC-1').updates[0]);
      expect(edited.updates[1]).toEqual({
        ...incident(state, 'INC-1').updates[1],
        message: 'Load balancer misconfigured in West Europe',
        editedAt: later,
      });
      expect(edited.status).toBe('identified');
      expect(edited.timeline.at(-1)).toEqual({
        at: later,
        kind: 'edit',
        text: 'Edited INC-1-2; it said: Load balancer misconfgured',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Edited the latest update of INC-1.');
    });

    it('edits the resolving update of a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close INC-1 Fixd');
      const edited = incident(changed(apply(state, 'edit INC-1 Fixed', later)).state, 'INC-1');
      expect(edited.status).toBe('resolved');
      expect(edited.updates.at(-1)).toMatchObject({ status: 'resolved', message: 'Fixed', editedAt: later });
    });
  });
});
