import { parseCommand } from '../../../../src/core/commands/parseCommand';
import { readsState, registry, USAGE, VERBS } from '../../../../src/core/commands/registry';
import { emptyState } from '../../../../src/core/model/state';
import { T0 } from '../../../support/builders';
import { answer, apply } from './commandHelpers';

describe('registry', () => {
  it.each(registry.specs.map((spec) => [spec.verb, spec] as const))(
    'gives %p a form that starts with it, a summary, and an example that parses as it',
    (verb, spec) => {
      expect(spec.usage.form.startsWith(verb)).toBe(true);
      expect(spec.usage.summary.length).toBeGreaterThan(0);
      const example = parseCommand(spec.usage.example);
      expect(example.ok && example.command.verb).toBe(verb);
    },
  );

  it.each(VERBS)('lists %p in help', (verb) => {
    expect(answer(apply(emptyState(T0), 'help'))).toContain(`\n- ${USAGE[verb].form}\n`);
  });

  it('has no verb twice', () => {
    expect(new Set(VERBS).size).toBe(VERBS.length);
    expect(registry.specs).toHaveLength(VERBS.length);
  });

  it('answers help, templates and subscribers from the grammar and the catalog alone, and every other verb from the state', () => {
    expect(VERBS.filter((verb) => !readsState(verb))).toEqual(['templates', 'subscribers', 'help']);
  });
});
