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
import { ADA, ALICE, BOB, deepFreeze, minutesAfter, T0 } from '../../../support/builders';
import { USAGE } from '../../../../src/core/commands/registry';

describe('roleVerb', () => {
  describe('parse', () => {
    it.each([
      [
        'role INC-1 commander @Ada Lovelace',
        { verb: 'role', incident: 1, role: 'commander', person: 'Ada Lovelace' },
      ],
      ['role comms @Bob', { verb: 'role', role: 'comms', person: 'Bob' }],
      ['role #2 scribe me', { verb: 'role', incident: 2, role: 'scribe', person: 'me' }],
      ['role IC @Ada', { verb: 'role', role: 'commander', person: 'Ada' }],
      ['role communications @Ada', { verb: 'role', role: 'comms', person: 'Ada' }],
    ])('reads %p', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it('refuses a word that is not a role, quoting it', () => {
      const result = mistake('role INC-1 boss @Ada');
      expect(result.error).toBe('"boss" is not a role.');
      expectUsageOf(result.usage, 'role');
    });

    it('refuses a role without a person', () => {
      expect(mistake('role INC-1 scribe').error).toBe(
        'Mention the person who takes the scribe role, e.g. "@Ada Lovelace", or say "me".',
      );
    });

    it('refuses "role" alone', () => {
      expect(mistake('role').error).toBe('Say which role.');
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 5);

    it('assigns the person Teams mentioned, with their Entra object ID', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role INC-1 commander @Ada Lovelace', later, { mentions: [ADA] }));
      const assigned = incident(outcome.state, 'INC-1');
      expect(assigned.roles).toEqual({ commander: ADA });
      expect(assigned.timeline.at(-1)).toEqual({
        at: later,
        kind: 'role',
        text: 'Ada Lovelace is commander',
        author: ALICE,
      });
      expect(outcome.reply.text).toBe('Ada Lovelace is now commander of INC-1.');
      // Changed by the replies issue: roles are internal, so the reply is text without a card or public link.
      expect(outcome.reply).not.toHaveProperty('card');
    });

    it('matches the mention whatever its case', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role comms @ada lovelace', later, { mentions: [BOB, ADA] }));
      expect(incident(outcome.state, 'INC-1').roles.comms).toEqual(ADA);
    });

    it('assigns the person who typed it for "me"', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'role scribe me', later));
      expect(incident(outcome.state, 'INC-1').roles).toEqual({ scribe: ALICE });
    });

    it('keeps the other roles when one is reassigned', () => {
      const state = stateAfter(open('Chat is down'), 'role scribe me');
      const outcome = changed(apply(state, 'role commander @Bob Builder', later, { mentions: [BOB] }));
      expect(incident(outcome.state, 'INC-1').roles).toEqual({ scribe: ALICE, commander: BOB });
    });

    it('refuses a name that is not a Teams mention, and changes nothing', () => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      const text = refusal(apply(state, 'role INC-1 commander @Ada Lovelace', later));
      expect(text).toContain('Mention the person with @ so Teams tells me who they are (or say "me")');
      expect(text).toContain('"Ada Lovelace" is not a mention.');
      expect(text).toContain(USAGE.role.form);
    });

    it('shows the roles in "list" and on the timeline, never in the public updates', () => {
      const state = stateAfter(open('Chat is down', 'Looking'), 'role commander me');
      expect(answer(apply(state, 'list', later))).toContain('(commander: Alice Admin)');
      expect(answer(apply(state, 'timeline', later))).toContain(
        'Timeline of INC-1: Chat is down (commander: Alice Admin)',
      );
      expect(JSON.stringify(incident(state, 'INC-1').updates)).not.toContain('commander');
    });
  });
});
