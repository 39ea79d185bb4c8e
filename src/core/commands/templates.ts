import { ok } from './grammar';
import { answered } from './outcomes';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';

export interface TemplatesCommand {
  verb: 'templates';
}

export const templatesVerb: VerbSpec<TemplatesCommand> = {
  verb: 'templates',
  usage: { form: 'templates', example: 'templates', summary: 'List the incident templates for "open from".' },
  // The templates come from the catalog, never from the state.
  readsState: false,
  parse: () => ok({ verb: 'templates' }),
  apply: (_state, _command, ctx) => listTemplates(ctx),
};

function listTemplates({ catalog }: CommandContext): Outcome {
  if (catalog.templates.length === 0)
    return answered('No incident templates are configured (status.config.json).');
  return answered(
    [
      'Templates ("open from <name> [more text]"):',
      ...catalog.templates.map((template) => `- ${template.name}: ${template.title} [${template.impact}]`),
    ].join('\n'),
  );
}
