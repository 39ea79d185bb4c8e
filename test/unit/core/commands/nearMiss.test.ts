import { editDistance, nearestWord } from '../../../../src/core/commands/nearMiss';
import { IMPACT_WORDS, UPDATE_STATUS_WORDS } from '../../../../src/core/model/vocabulary';
import { apply, mistake, refusal, stateAfter } from './commandHelpers';

describe('editDistance', () => {
  it.each([
    ['major', 'majr', 1],
    ['dwon', 'down', 1],
    ['identifed', 'identified', 1],
    ['website', 'webiste', 1],
    ['close', 'clsoe', 1],
    ['intact', 'impact', 2],
  ])('is %p to %p: %p', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  it('refuses words of very different lengths without comparing them', () => {
    expect(editDistance('.'.repeat(64 * 1024), 'list')).toBe(3);
  });
});

describe('nearestWord', () => {
  it('finds the one word a near miss was meant to be, case aside', () => {
    expect(nearestWord('MAJR', IMPACT_WORDS)).toBe('major');
    expect(nearestWord('Identifed', UPDATE_STATUS_WORDS)).toBe('identified');
  });

  it('suggests nothing when two words of different meanings are as close, or none is close', () => {
    expect(nearestWord('sev5', IMPACT_WORDS)).toBeUndefined();
    expect(nearestWord('terrible', IMPACT_WORDS)).toBeUndefined();
  });

  it('allows one edit to words of four letters or fewer', () => {
    expect(nearestWord('dwon', ['down'])).toBe('down');
    expect(nearestWord('dn', ['down'])).toBeUndefined();
  });
});

describe('did you mean, in syntax positions (and nowhere else)', () => {
  it.each([
    ['impact INC-1 majr', '"majr" is not an impact. Did you mean "impact INC-1 major"?'],
    ['impact critcal', '"critcal" is not an impact. Did you mean "impact critical"?'],
    ['component Website dwon', '"dwon" is not a status. Did you mean "component Website down"?'],
    [
      'component Chat, Files degarded',
      '"degarded" is not a status. Did you mean "component Chat, Files degraded"?',
    ],
    [
      'update INC-1 identifed | LB | A bad rule',
      '"identifed" is not a status. Did you mean "update INC-1 identified | LB | A bad rule"?',
    ],
    [
      'update Monitring: watching',
      '"Monitring" is not a status. Did you mean "update monitoring: watching"?',
    ],
    ['update INC-2 monitring', '"monitring" is not a status. Did you mean "update INC-2 monitoring"?'],
    ['update [Chat: dwon] Failing', '"dwon" is not a component status. Did you mean "Chat: down"?'],
  ])('answers %p with the suggestion', (text, error) => {
    expect(mistake(text).error).toBe(error);
  });

  it.each(['impact INC-1 sev5', 'impact INC-1 very bad'])(
    'suggests nothing for %p: nothing is close',
    (text) => {
      expect(mistake(text).error).not.toContain('Did you mean');
    },
  );

  it('never guesses where the word can be prose: a message, and a title', () => {
    const state = stateAfter('open Chat is down');
    expect(apply(state, 'update identifed the bad rule, rolling back').kind).toBe('changed');
    expect(apply(stateAfter(), 'open majr outage in Building 4').kind).toBe('changed');
  });

  it('names the configured component a near miss was meant to be, and changes nothing', () => {
    const text = refusal(apply(stateAfter(), 'component Webiste down'));
    expect(text).toMatch(/^Unknown component "Webiste" \(did you mean "Website"\?\)\./);
    expect(refusal(apply(stateAfter(), 'open [Caht] Chat is slow'))).toContain('(did you mean "Chat"?)');
  });
});
