import { apply, answer } from './commandHelpers';
import { T0 } from '../../../support/builders';
import { emptyState } from '../../../../src/core/model/state';

describe('templatesVerb', () => {
  describe('apply', () => {
    it('lists the templates with their title and impact', () => {
      expect(answer(apply(emptyState(T0), 'templates')).split('\n')).toEqual([
        'Templates ("open from <name> [more text]"):',
        '- email-delay: Email delivery delayed [minor]',
        '- vpn-down: VPN connections failing [critical]',
      ]);
    });

    it('says when none are configured', () => {
      expect(
        answer(apply(emptyState(T0), 'templates', T0, { catalog: { components: [], templates: [] } })),
      ).toBe('No incident templates are configured (status.config.json).');
    });
  });
});
