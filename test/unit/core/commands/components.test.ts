import { parsed, apply, answer, stateAfter } from './commandHelpers';
import { minutesAfter, T0 } from '../../../support/builders';

describe('componentsVerb', () => {
  describe('parse', () => {
    it('lists the components with "components"', () => {
      expect(parsed('components')).toEqual({ verb: 'components' });
    });
  });

  describe('apply', () => {
    const later = minutesAfter(T0, 10);

    it('lists the components and their statuses with "components"', () => {
      const state = stateAfter('component Chat degraded');
      expect(answer(apply(state, 'components', later)).split('\n')).toEqual([
        'Components:',
        '- Chat (Collaboration): degraded performance',
        '- Files (Collaboration): operational',
        '- Email (Communication): operational',
        '- VPN (Network): operational',
        '- Website: operational',
      ]);
    });
  });
});
