import { parsed, mistake, expectUsageOf, apply, answer } from './commandHelpers';
import { T0 } from '../../../support/builders';
import { USAGE, VERBS } from '../../../../src/core/commands/registry';
import { emptyState } from '../../../../src/core/model/state';

describe('helpVerb', () => {
  describe('parse', () => {
    it('without a topic asks for the command list', () => {
      expect(parsed('help')).toEqual({ verb: 'help' });
    });

    it.each(VERBS)('with the topic %p asks for that command', (verb) => {
      expect(parsed(`help ${verb}`)).toEqual({ verb: 'help', topic: verb });
    });

    it('reads the topic case-insensitively', () => {
      expect(parsed('help UPDATE')).toEqual({ verb: 'help', topic: 'update' });
    });

    it('refuses a topic that is not a command and shows how to ask for help', () => {
      const result = mistake('help reboot');
      expect(result.error).toBe('There is no command "reboot".');
      expectUsageOf(result.usage, 'help');
    });
  });

  describe('apply', () => {
    it('lists every command with the page title and an example', () => {
      const text = answer(apply(emptyState(T0), { verb: 'help' }));
      expect(text).toContain('Contoso status');
      for (const usage of Object.values(USAGE)) expect(text).toContain(`- ${usage.form}`);
      // Changed by the grammar issue: a bare number is an ID only where it cannot be prose.
      expect(text).toContain(
        'IDs: INC-3, inc-3, inc 3 or #3; a bare 3 only where it cannot be read as prose',
      );
      expect(text).toContain('Also understood: ack / acknowledge');
      expect(text).toContain(USAGE.open.example);
    });

    it.each(['open', 'update', 'close', 'list', 'help', 'maintenance', 'undo'] as const)(
      'explains %p on its own',
      (topic) => {
        const text = answer(apply(emptyState(T0), { verb: 'help', topic }));
        expect(text).toBe(`${USAGE[topic].form}\n${USAGE[topic].summary}\nExample: ${USAGE[topic].example}`);
      },
    );
  });
});
