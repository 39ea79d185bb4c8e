import type { StatusState } from '../model/state';
import { registry, type Command } from './registry';
import type { CommandContext, Outcome } from './verbSpec';

export type { CommandContext, Outcome } from './verbSpec';

/** Applies a parsed command to the state. Pure: the clock, the actor and the catalog come in the context. */
export function applyCommand(state: StatusState, command: Command, ctx: CommandContext): Outcome {
  return registry.apply(state, command, ctx);
}
