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
import { deepFreeze, minutesAfter, T0 } from '../../../support/builders';
import { USAGE } from '../../../../src/core/commands/registry';

describe('nextVerb and etaVerb', () => {
  describe('parse', () => {
    it.each([
      ['next INC-1 30m', { verb: 'next', incident: 1, when: '30m' }],
      ['next 2h', { verb: 'next', when: '2h' }],
      ['next #1 14:30', { verb: 'next', incident: 1, when: '14:30' }],
      ['eta INC-1 2h', { verb: 'eta', incident: 1, when: '2h' }],
      ['eta INC-1 2026-11-21T18:00Z', { verb: 'eta', incident: 1, when: '2026-11-21T18:00Z' }],
      ['eta 1h30m', { verb: 'eta', when: '1h30m' }],
    ])('reads %p, keeping the time as typed (it is resolved against the clock later)', (text, command) => {
      expect(parsed(text)).toEqual(command);
    });

    it.each(['next INC-1 soon', 'next INC-1 30', 'eta INC-1 25:00'])('refuses %p: not a time', (text) => {
      const result = mistake(text);
      expect(result.error).toMatch(/ is not a time: use 30m, 2h, 14:30 \(UTC\) or 2026-11-21T18:00Z\.$/);
      expectUsageOf(result.usage, text.startsWith('next') ? 'next' : 'eta');
    });

    it('refuses an ISO time without a zone, so nobody’s local time is taken for UTC', () => {
      expect(mistake('eta INC-1 2026-11-21T18:00').error).toBe(
        '"2026-11-21T18:00" is not a time: use 30m, 2h, 14:30 (UTC) or 2026-11-21T18:00Z.',
      );
    });

    it.each(['next', 'next INC-1', 'eta'])('refuses %p: it needs a time', (text) => {
      expect(mistake(text).error).toBe(
        'Say when: a duration like 30m or 2h, a UTC time like 14:30, or an ISO time.',
      );
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 10);

    it('promises the next update after a duration', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'next INC-1 30m', later));
      const promised = incident(outcome.state, 'INC-1');
      expect(promised.nextUpdateAt).toBe(minutesAfter(later, 30));
      expect(promised.timeline.at(-1)).toMatchObject({
        kind: 'next',
        text: 'Next update by 21 Nov 2026, 12:40 UTC',
      });
      expect(outcome.reply.text.split('\n')[0]).toBe('INC-1: next update by 21 Nov 2026, 12:40 UTC.');
    });

    it('promises the next update by a UTC clock time, tomorrow if it has passed today', () => {
      const state = stateAfter(open('Chat is down'));
      const today = incident(changed(apply(state, 'next 14:30', later)).state, 'INC-1');
      expect(today.nextUpdateAt).toBe('2026-11-21T14:30:00.000Z');
      const tomorrow = incident(changed(apply(state, 'next 09:00', later)).state, 'INC-1');
      expect(tomorrow.nextUpdateAt).toBe('2026-11-22T09:00:00.000Z');
    });

    it('records an estimated time of resolution', () => {
      const state = stateAfter(open('Chat is down'));
      const outcome = changed(apply(state, 'eta INC-1 2026-11-21T18:00Z', later));
      expect(incident(outcome.state, 'INC-1').eta).toBe('2026-11-21T18:00:00.000Z');
      expect(outcome.reply.text.split('\n')[0]).toBe('INC-1: estimated resolution 21 Nov 2026, 18:00 UTC.');
      // The headline says the ETA: no "ETA:" line says it again.
      expect(outcome.reply.text).not.toMatch(/^ETA:/m);
    });

    it.each(['next', 'eta'])('%s refuses a time in the past, and changes nothing', (verb) => {
      const state = deepFreeze(stateAfter(open('Chat is down')));
      const text = refusal(apply(state, `${verb} INC-1 2026-11-21T11:00Z`, later));
      expect(text).toContain('"2026-11-21T11:00Z" is not a time in the future.');
      expect(text).toContain(USAGE[verb as 'next' | 'eta'].form);
    });

    it('refuses the very instant of the command', () => {
      const state = stateAfter(open('Chat is down'));
      expect(refusal(apply(state, 'eta 2026-11-21T12:10Z', later))).toContain('is not a time in the future');
    });

    it('refuses a resolved incident', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(refusal(apply(state, 'next INC-1 30m', later))).toContain('INC-1 was already resolved');
    });
  });
});
