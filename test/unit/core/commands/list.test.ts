import { parsed, apply, answer, stateAfter, open } from './commandHelpers';
import { minutesAfter, T0 } from '../../../support/builders';

describe('listVerb', () => {
  describe('parse', () => {
    it('takes no arguments', () => {
      expect(parsed('list')).toEqual({ verb: 'list' });
    });
  });

  describe('apply', () => {
    it('says that all systems are operational when no incident is open', () => {
      const state = stateAfter(open('First'), { verb: 'close', incident: 1 });
      expect(answer(apply(state, { verb: 'list' }))).toBe('No incident is open: all systems operational.');
    });

    it('shows each open incident with its impact, its latest update and how long ago it was', () => {
      const state = stateAfter(
        open('Chat is down', 'Looking'),
        open('Mail is slow', 'Queues growing'),
        open('Old problem'),
        { verb: 'close', incident: 3 },
        { verb: 'update', incident: 1, status: 'identified', message: 'Cause found' },
      );
      // The update to INC-1 was made at T0 + 4 min, INC-2 was opened at T0 + 1 min.
      const text = answer(apply(state, { verb: 'list' }, minutesAfter(T0, 9)));
      expect(text.split('\n')).toEqual([
        '2 open incidents:',
        '- INC-1 [major] Identified: Chat is down. Latest update 5 minutes ago: Cause found',
        '- INC-2 [major] Investigating: Mail is slow. Latest update 8 minutes ago: Queues growing',
      ]);
    });

    it('speaks of one incident in the singular, and marks an overdue update', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      const text = answer(apply(state, { verb: 'list' }, minutesAfter(T0, 120)));
      expect(text).toBe(
        '1 open incident:\n- INC-1 [major] Investigating: Chat is down. Latest update 2 hours ago: Looking ⚠ UPDATE OVERDUE (promised by 21 Nov 2026, 13:00 UTC)',
      );
    });

    it('does not mark an update overdue before its promised time', () => {
      const state = stateAfter(open('Chat is down', 'Looking'));
      expect(answer(apply(state, { verb: 'list' }, minutesAfter(T0, 60)))).not.toContain('OVERDUE');
    });

    it('lists maintenance that is not over', () => {
      const state = stateAfter('maintenance 2026-11-21T14:00Z 2026-11-21T15:00Z Mail upgrade');
      expect(answer(apply(state, 'list')).split('\n')).toEqual([
        'No incident is open: all systems operational.',
        'Maintenance:',
        '- MNT-1 scheduled: Mail upgrade (21 Nov 2026, 14:00 – 15:00 UTC)',
      ]);
    });

    it("shows times in the sender's zone, named", () => {
      const state = stateAfter(
        'open Chat is down',
        'maintenance 2026-11-21T14:00Z 2026-11-21T15:00Z Mail upgrade',
      );
      const later = minutesAfter(T0, 90);
      const text = answer(apply(state, 'list', later, { timeZone: 'America/New_York' }));
      expect(text).toContain('(promised by 21 Nov 2026, 08:00 EST)');
      expect(text).toContain('- MNT-1 scheduled: Mail upgrade (21 Nov 2026, 09:00 – 10:00 EST)');
      expect(text).not.toContain('UTC');
    });
  });
});
