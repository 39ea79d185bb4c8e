import type { StatusState } from '../model/state';
import { COMPONENT_STATUS_WORDS, toComponentStatus, type ComponentStatus } from '../model/vocabulary';
import { describeChanges, resolveComponents, setComponents } from './componentEffects';
import { fail, ok } from './grammar';
import { nearestWord } from './nearMiss';
import { answered, changed } from './outcomes';
import type { CommandContext, Outcome, Parsed, VerbSpec } from './verbSpec';

export interface ComponentCommand {
  verb: 'component';
  components: { name: string; status: ComponentStatus }[];
}

export const componentVerb: VerbSpec<ComponentCommand> = {
  verb: 'component',
  usage: {
    form: 'component <name>[, <name>…] <status>',
    example: 'component Chat partial',
    summary:
      'Set component statuses: ok, degraded, partial, down or maintenance (the page shows them as operational, degraded performance, partial outage, major outage, under maintenance).',
  },
  readsState: true,
  parse: parseComponent,
  apply: setComponentStatuses,
};

function parseComponent(rest: string): Parsed<ComponentCommand> {
  const words = rest.trim().split(/\s+/);
  const statusWord = words.pop() ?? '';
  const status = toComponentStatus(statusWord);
  const names = words
    .join(' ')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!status && names.length > 0) {
    // The last word's place takes only a status: a near miss there is a typo, asked about and never applied.
    const meant = nearestWord(statusWord, COMPONENT_STATUS_WORDS);
    if (meant) {
      const typed = `component ${names.join(', ')} ${meant}`.slice(0, 100);
      return fail(componentVerb, `"${statusWord.slice(0, 40)}" is not a status. Did you mean "${typed}"?`);
    }
  }
  if (!status || names.length === 0) {
    return fail(
      componentVerb,
      status ? 'Say which component.' : `End with a status: ok, degraded, partial, down or maintenance.`,
    );
  }
  return ok({ verb: 'component', components: names.map((name) => ({ name, status })) });
}

function setComponentStatuses(state: StatusState, command: ComponentCommand, ctx: CommandContext): Outcome {
  const resolved = resolveComponents(command.components, ctx.catalog, 'operational', componentVerb);
  if (!resolved.ok) return resolved.outcome;
  const set = setComponents(state, resolved.value, ctx.now);
  if (set.changes.length === 0)
    return answered('Those components already have that status; nothing changed.');
  const next = { ...state, components: set.components, componentEvents: set.events };
  return changed(
    state,
    { state: next, headline: `Set ${describeChanges(set.changes, ctx.catalog)}.`, subjectId: 'components' },
    ctx,
  );
}
