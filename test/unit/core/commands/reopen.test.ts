import {
  parsed,
  mistake,
  expectUsageOf,
  apply,
  changed,
  refusal,
  incident,
  statusOf,
  stateAfter,
  open,
} from './commandHelpers';
import { aState, minutesAfter, T0 } from '../../../support/builders';

describe('reopenVerb', () => {
  describe('parse', () => {
    it('reads an ID and an optional message', () => {
      expect(parsed('reopen INC-1 The errors are back')).toEqual({
        verb: 'reopen',
        incident: 1,
        message: 'The errors are back',
      });
      expect(parsed('reopen #4')).toEqual({ verb: 'reopen', incident: 4 });
    });

    it.each(['reopen', 'reopen The errors are back'])('refuses %p: it needs an ID', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('Say which incident to reopen.');
      expectUsageOf(result.usage, 'reopen');
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 30);

    it('brings a resolved incident back to investigating with a new update', () => {
      const state = stateAfter('open major [Chat] Chat is down | Looking', 'close INC-1 Fixed');
      const outcome = changed(apply(state, 'reopen INC-1 The errors are back', later));
      const reopened = incident(outcome.state, 'INC-1');
      expect(reopened.status).toBe('investigating');
      expect(reopened).not.toHaveProperty('resolvedAt');
      expect(reopened.updates.at(-1)).toMatchObject({
        id: 'INC-1-3',
        status: 'investigating',
        message: 'The errors are back',
        componentChanges: [{ componentId: 'chat', from: 'operational', to: 'partial_outage' }],
      });
      expect(statusOf(outcome.state, 'chat')).toBe('partial_outage');
      expect(reopened.nextUpdateAt).toBe(minutesAfter(later, 60));
      expect(reopened.timeline.map((entry) => entry.kind)).toEqual(['update', 'update', 'reopen', 'update']);
      expect(outcome.reply.text.split('\n')[0]).toBe('Reopened INC-1: Chat is down (investigating).');
    });

    it('says it was reopened when no message is given', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(incident(changed(apply(state, 'reopen 1', later)).state, 'INC-1').updates.at(-1)?.message).toBe(
        'This incident has been reopened; we are investigating again.',
      );
    });

    it('brings back an incident in postmortem and drops the postmortem', () => {
      const state = stateAfter(open('Chat is down'), 'close', 'postmortem INC-1 https://wiki.example.com/pm');
      const reopened = incident(changed(apply(state, 'reopen INC-1', later)).state, 'INC-1');
      expect(reopened.status).toBe('investigating');
      expect(reopened).not.toHaveProperty('postmortem');
    });

    it('refuses an incident that is still open', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'reopen INC-1', later))).toBe(
        'INC-1 is still open (investigating); nothing changed.',
      );
    });

    it('refuses an archived incident', () => {
      expect(refusal(apply(aState({ nextIncidentNumber: 4 }), 'reopen INC-2', later))).toBe(
        'INC-2 is no longer current (resolved and archived, or undone); open a new incident instead.',
      );
    });
  });
});
