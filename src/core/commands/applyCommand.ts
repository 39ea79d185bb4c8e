import type { StatusState } from '../model/state';
import { withinLimits } from './limits';
import { registry, type Command } from './registry';
import type { CommandContext, Outcome } from './verbSpec';

export type { CommandContext, Outcome } from './verbSpec';

/**
 * Applies a parsed command to the state. Pure: the clock, the actor and the catalog come in the context. A change
 * that would pass a cap (limits.ts) is refused with a reply that says what to do instead.
 */
export function applyCommand(state: StatusState, command: Command, ctx: CommandContext): Outcome {
  return withinLimits(state, registry.apply(state, command, ctx));
}
