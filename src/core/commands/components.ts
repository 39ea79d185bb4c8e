import { componentStatus, type StatusState } from '../model/state';
import { componentStatusLabel } from '../model/vocabulary';
import { ok } from './grammar';
import { answered } from './outcomes';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';

export interface ComponentsCommand {
  verb: 'components';
}

export const componentsVerb: VerbSpec<ComponentsCommand> = {
  verb: 'components',
  usage: { form: 'components', example: 'components', summary: 'List the components and their statuses.' },
  readsState: true,
  parse: () => ok({ verb: 'components' }),
  apply: listComponents,
};

function listComponents(state: StatusState, _command: ComponentsCommand, ctx: CommandContext): Outcome {
  const { catalog } = ctx;
  if (catalog.components.length === 0) return answered('No components are configured (status.config.json).');
  return answered(
    [
      'Components:',
      ...catalog.components.map(
        (component) =>
          `- ${component.name}${component.group ? ` (${component.group})` : ''}: ${componentStatusLabel(componentStatus(state.components, component.id)).toLowerCase()}`,
      ),
    ].join('\n'),
  );
}
