import { parsed, apply, refusal, answer, stateAfter, open } from './commandHelpers';
import { minutesAfter, T0 } from '../../../support/builders';
import { emptyState } from '../../../../src/core/model/state';

describe('timelineVerb', () => {
  describe('parse', () => {
    it('reads timeline with or without an ID', () => {
      expect(parsed('timeline INC-4')).toEqual({ verb: 'timeline', incident: 4 });
      expect(parsed('timeline')).toEqual({ verb: 'timeline' });
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 5);

    it('replies with the timeline, oldest first, with time, kind and author', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        'note Paged the DBA',
        'update identified Disk full',
      );
      expect(answer(apply(state, 'timeline INC-1', later)).split('\n')).toEqual([
        'Timeline of INC-1: Chat is down',
        '- 21 Nov 2026, 12:00 UTC · update · Alice Admin: Investigating: Looking',
        '- 21 Nov 2026, 12:01 UTC · note · Alice Admin: Paged the DBA',
        '- 21 Nov 2026, 12:02 UTC · update · Alice Admin: Identified: Disk full',
      ]);
    });

    it("shows the times in the sender's zone, named", () => {
      const state = stateAfter(open('Chat is down', 'Looking'), 'note Paged the DBA');
      expect(answer(apply(state, 'timeline INC-1', later, { timeZone: 'Asia/Kolkata' })).split('\n')).toEqual(
        [
          'Timeline of INC-1: Chat is down',
          '- 21 Nov 2026, 17:30 IST · update · Alice Admin: Investigating: Looking',
          '- 21 Nov 2026, 17:31 IST · note · Alice Admin: Paged the DBA',
        ],
      );
    });

    it('shows the timeline of a resolved incident when asked by ID', () => {
      const state = stateAfter(open('Chat is down'), 'close');
      expect(answer(apply(state, 'timeline INC-1', later))).toContain('Timeline of INC-1');
    });

    it('refuses a timeline of an incident that does not exist', () => {
      expect(refusal(apply(emptyState(T0), 'timeline INC-4'))).toContain('There is no incident INC-4.');
    });
  });
});
