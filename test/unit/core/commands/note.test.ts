import { parsed, mistake, expectUsageOf, apply, changed, incident, stateAfter, open } from './commandHelpers';
import { ALICE, minutesAfter, T0 } from '../../../support/builders';
import { MESSAGE_MAX_LENGTH } from '../../../../src/core/commands/grammar';

describe('noteVerb', () => {
  describe('parse', () => {
    it('reads a note with or without an ID, keeping its newlines', () => {
      expect(parsed('note INC-1 Rolled back deploy 4512\nwatching')).toEqual({
        verb: 'note',
        incident: 1,
        text: 'Rolled back deploy 4512\nwatching',
      });
      expect(parsed('note Paged the DBA')).toEqual({ verb: 'note', text: 'Paged the DBA' });
    });

    it.each(['note', 'note INC-1'])('refuses %p: a note needs text', (text) => {
      const result = mistake(text);
      expect(result.error).toBe('A note needs text.');
      expectUsageOf(result.usage, 'note');
    });

    it('refuses a note that is too long', () => {
      expect(mistake(`note ${'n'.repeat(MESSAGE_MAX_LENGTH + 1)}`).error).toBe(
        `The text is ${MESSAGE_MAX_LENGTH + 1} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`,
      );
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 5);

    it('adds a note to the timeline and never as a public update', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const outcome = changed(apply(state, 'note INC-1 Rolled back deploy 4512', later));
      const noted = incident(outcome.state, 'INC-1');
      expect(noted.updates).toEqual(incident(state, 'INC-1').updates);
      expect(noted.status).toBe('investigating');
      expect(noted.timeline.at(-1)).toEqual({
        at: later,
        kind: 'note',
        text: 'Rolled back deploy 4512',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Noted on the INC-1 timeline (internal).');
    });

    it('does not renew the next-update promise: a note is not an update', () => {
      const state = stateAfter(open('Chat is down'));
      const noted = incident(changed(apply(state, 'note Paged the DBA', later)).state, 'INC-1');
      expect(noted.nextUpdateAt).toBe(incident(state, 'INC-1').nextUpdateAt);
    });

    it('adds a note to a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      const noted = incident(changed(apply(state, 'note INC-1 Follow-up ticket 881', later)).state, 'INC-1');
      expect(noted.status).toBe('resolved');
      expect(noted.timeline.at(-1)?.text).toBe('Follow-up ticket 881');
    });
  });
});
