import {
  parsed,
  mistake,
  expectUsageOf,
  apply,
  changed,
  incident,
  refusal,
  stateAfter,
  open,
} from './commandHelpers';
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
      expect(result.error).toBe('Give the new text of your latest update.');
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
      expect(outcome.reply.text.split('\n')[0]).toBe('Edited the latest update of INC-1.');
    });

    it('edits the resolving update of a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close INC-1 Fixd');
      const edited = incident(changed(apply(state, 'edit INC-1 Fixed', later)).state, 'INC-1');
      expect(edited.status).toBe('resolved');
      expect(edited.updates.at(-1)).toMatchObject({ status: 'resolved', message: 'Fixed', editedAt: later });
    });
  });

  describe('ownership', () => {
    const later = minutesAfter(T0, 5);
    const GRACE = { name: 'Grace Hopper', aadObjectId: '8d2a6b0e-3f4c-4e5d-b0a1-9ace00000003' };
    const byGrace = { actor: GRACE };

    it("edits your own latest update, never a colleague's newer one", () => {
      const state = stateAfter('open Chat is down | Looking');
      const colleague = changed(apply(state, 'update identified Cause found', later, byGrace)).state;
      const outcome = changed(apply(colleague, 'edit Looking into login errors', later));
      const edited = incident(outcome.state, 'INC-1');
      expect(edited.updates.map((update) => update.message)).toEqual([
        'Looking into login errors',
        'Cause found',
      ]);
      expect(outcome.reply.text.split('\n')[0]).toBe('Edited your update INC-1-1 of INC-1.');
    });

    it('refuses an update someone else posted, named by its ID', () => {
      const state = stateAfter('open Chat is down | Looking');
      const colleague = changed(apply(state, 'update identified Cause found', later, byGrace)).state;
      expect(refusal(apply(colleague, 'edit INC-1-2 Cause not found', later))).toBe(
        'INC-1-2 was posted by Grace Hopper; only its author can edit it. Post a correction with "update INC-1 …" instead.',
      );
    });

    it('edits your own update named by its ID', () => {
      const state = stateAfter('open Chat is down | Looking', 'update identified Cause found');
      const edited = incident(changed(apply(state, 'edit INC-1-1 Looking hard', later)).state, 'INC-1');
      expect(edited.updates[0]?.message).toBe('Looking hard');
    });

    it('says so when none of the updates is yours', () => {
      const state = stateAfter('open Chat is down | Looking');
      expect(refusal(apply(state, 'edit Typo', later, byGrace))).toBe(
        'You have posted no update to INC-1, so there is none of yours to edit; post a correction with "update INC-1 …".',
      );
    });

    it('refuses without an Entra object ID, and says why', () => {
      const state = stateAfter('open Chat is down | Looking');
      const anonymous = { actor: { name: 'Alice Admin' } };
      expect(refusal(apply(state, 'edit Typo', later, anonymous))).toMatch(
        /^Editing needs your Entra object ID .*a display name can be shared/,
      );
    });
  });
});
