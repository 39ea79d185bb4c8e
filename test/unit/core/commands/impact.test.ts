import {
  parsed,
  mistake,
  expectUsageOf,
  apply,
  changed,
  refusal,
  answer,
  incident,
  stateAfter,
  open,
} from './commandHelpers';
import { ALICE, minutesAfter, T0 } from '../../../support/builders';

describe('impactVerb', () => {
  describe('parse', () => {
    it.each([
      ['impact INC-2 minor', { verb: 'impact', incident: 2, impact: 'minor' }],
      ['impact #2 sev1', { verb: 'impact', incident: 2, impact: 'critical' }],
      ['impact NONE', { verb: 'impact', impact: 'none' }],
    ])('reads %p', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it('refuses a word that is not an impact, quoting it', () => {
      const result = mistake('impact INC-2 huge');
      expect(result.error).toBe('"huge" is not an impact.');
      expectUsageOf(result.usage, 'impact');
    });

    it.each(['impact', 'impact INC-2'])('refuses %p: it needs an impact', (text) => {
      expect(mistake(text).error).toBe('Say which impact.');
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 10);

    it('changes the impact and says so on the timeline and in the reply', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'impact INC-1 sev1', later));
      const raised = incident(outcome.state, 'INC-1');
      expect(raised.impact).toBe('critical');
      expect(raised.updatedAt).toBe(later);
      expect(raised.updates).toEqual(incident(state, 'INC-1').updates);
      expect(raised.timeline.at(-1)).toEqual({
        at: later,
        kind: 'impact',
        text: 'Impact raised to critical',
        author: ALICE,
      });
      expect(outcome.reply.text.split('\n')[0]).toBe('INC-1: impact raised to critical.');
    });

    it('brings the next update forward when the impact rises', () => {
      // Major at T0: due at T0 + 60. Critical at T0 + 10: due at T0 + 40.
      const state = stateAfter(open('Chat is down'));
      const raised = incident(changed(apply(state, 'impact critical', later)).state, 'INC-1');
      expect(raised.nextUpdateAt).toBe(minutesAfter(T0, 40));
    });

    it('does not push the next update back when the impact falls', () => {
      const state = stateAfter(open('Chat is down'));
      const lowered = changed(apply(state, 'impact minor', later));
      expect(incident(lowered.state, 'INC-1').nextUpdateAt).toBe(minutesAfter(T0, 60));
      expect(lowered.reply.text.split('\n')[0]).toBe('INC-1: impact lowered to minor.');
    });

    it('answers without a change when the impact is already that', () => {
      const state = stateAfter(open('Chat is down'));
      expect(answer(apply(state, 'impact INC-1 major', later))).toBe('INC-1 already has major impact.');
    });

    it('refuses a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(refusal(apply(state, 'impact INC-1 minor', later))).toContain('INC-1 was already resolved');
    });
  });
});
