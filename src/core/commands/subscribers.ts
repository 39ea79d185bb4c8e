import { componentName } from '../model/catalog';
import { formatFor } from './when';
import { ok } from './grammar';
import { answered } from './outcomes';
import type { CommandContext, Outcome, VerbSpec } from './verbSpec';

export interface SubscribersCommand {
  verb: 'subscribers';
}

export const subscribersVerb: VerbSpec<SubscribersCommand> = {
  verb: 'subscribers',
  usage: {
    form: 'subscribers',
    example: 'subscribers',
    summary: 'List who hears about changes (status.config.json), their filters and their last delivery.',
  },
  // Answered from the catalog and the delivery ledger; never the URLs, which are secrets.
  readsState: false,
  parse: () => ok({ verb: 'subscribers' }),
  apply: (_state, _command, ctx) => listSubscribers(ctx),
};

function listSubscribers(ctx: CommandContext): Outcome {
  const subscribers = ctx.catalog.subscribers ?? [];
  if (subscribers.length === 0)
    return answered('No subscribers are configured: declare them under "subscribers" in status.config.json.');
  const last = ctx.deliveries?.last;
  const lines = subscribers.map((subscriber) => {
    const components = subscriber.components
      ? subscriber.components.map((id) => componentName(ctx.catalog, id)).join(', ')
      : 'all components';
    const outcome = last?.[subscriber.name];
    const lastText =
      last === undefined
        ? 'last delivery unknown (storage did not answer)'
        : outcome
          ? `last delivery ${outcome.kind} ${formatFor(outcome.at, ctx.timeZone)} (${outcome.detail})`
          : 'nothing delivered yet';
    return `- ${subscriber.name} (${subscriber.kind}): ${subscriber.events.join(', ')}; ${components}; ${lastText}`;
  });
  const problems = ctx.deliveries?.problems ?? [];
  return answered(
    [
      `${subscribers.length} subscriber${subscribers.length === 1 ? '' : 's'}:`,
      ...lines,
      ...(problems.length
        ? ['Not reachable as configured:', ...problems.map((problem) => `- ${problem}`)]
        : []),
    ].join('\n'),
  );
}
