import {
  parsed,
  mistake,
  expectUsageOf,
  apply,
  changed,
  refusal,
  incident,
  stateAfter,
  open,
} from './commandHelpers';
import { ALICE, deepFreeze, minutesAfter, T0 } from '../../../support/builders';
import { USAGE } from '../../../../src/core/commands/registry';

describe('postmortemVerb', () => {
  describe('parse', () => {
    it('reads an ID and a link or text', () => {
      expect(parsed(USAGE.postmortem.example)).toEqual({
        verb: 'postmortem',
        incident: 1,
        text: 'https://wiki.example.com/pm/inc-1',
      });
      expect(parsed('postmortem #2 An expired certificate.\nWe now monitor expiry.')).toEqual({
        verb: 'postmortem',
        incident: 2,
        text: 'An expired certificate.\nWe now monitor expiry.',
      });
    });

    it('refuses a postmortem without an ID, even with one incident open', () => {
      const result = mistake('postmortem https://wiki.example.com/pm/inc-1');
      expect(result.error).toBe('Say which incident the postmortem is for.');
      expectUsageOf(result.usage, 'postmortem');
    });

    it('refuses a postmortem without a link or text', () => {
      expect(mistake('postmortem INC-1').error).toBe('Add the postmortem link or text.');
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 60);

    it('publishes a link on a resolved incident and moves it to postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      const outcome = changed(apply(state, 'postmortem INC-1 https://wiki.example.com/pm/inc-1', later));
      const done = incident(outcome.state, 'INC-1');
      expect(done.status).toBe('postmortem');
      expect(done.postmortem).toEqual({
        url: 'https://wiki.example.com/pm/inc-1',
        publishedAt: later,
        author: ALICE,
      });
      expect(done.resolvedAt).toBe(incident(state, 'INC-1').resolvedAt);
      expect(done.timeline.at(-1)).toMatchObject({ kind: 'postmortem' });
      expect(outcome.reply.text.split('\n')[0]).toBe('Published the postmortem of INC-1.');
    });

    it('keeps text that is not an http(s) link as text', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      for (const text of ['An expired certificate. We now alert on expiry.', 'javascript:alert(1)']) {
        const done = incident(changed(apply(state, `postmortem INC-1 ${text}`, later)).state, 'INC-1');
        expect(done.postmortem).toEqual({ text, publishedAt: later, author: ALICE });
      }
    });

    it('refuses an incident that is still open', () => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      expect(refusal(apply(state, 'postmortem INC-1 https://wiki.example.com/pm', later))).toContain(
        'INC-1 is still open; close it before its postmortem.',
      );
    });

    it('replaces the postmortem of an incident already in postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close', 'postmortem INC-1 Draft');
      const done = incident(changed(apply(state, 'postmortem INC-1 Final', later)).state, 'INC-1');
      expect(done.postmortem?.text).toBe('Final');
    });
  });
});
