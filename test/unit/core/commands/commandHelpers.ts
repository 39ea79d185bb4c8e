import { applyCommand, type CommandContext, type Outcome } from '../../../../src/core/commands/applyCommand';
import {
  parseCommand,
  type Command,
  type ParseResult,
  type Verb,
} from '../../../../src/core/commands/parseCommand';
import { USAGE, VERBS } from '../../../../src/core/commands/registry';
import {
  emptyState,
  type Incident,
  type Maintenance,
  type StatusState,
} from '../../../../src/core/model/state';
import { aContext, minutesAfter, T0 } from '../../../support/builders';

// Helpers shared by the command specs: a text as parsed, a mistake as reported, and outcomes as applied.

/** The command a text parses to; fails the spec with the parser's own words when it does not parse. */
export function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`"${text}" did not parse: ${result.error}`);
  return result.command;
}

/** A command as a person types it; fails the spec if it does not parse. */
export const typed = parsed;

/** The mistake a text is reported as; fails the spec when it parses. */
export function mistake(text: string): Extract<ParseResult, { ok: false }> {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`"${text}" parsed as ${JSON.stringify(result.command)}`);
  return result;
}

/** A usage text shows the right form of the command and an example of it. */
export function expectUsageOf(usage: string, verb: Verb): void {
  expect(usage).toContain(USAGE[verb].form);
  expect(usage).toContain(`Example: ${USAGE[verb].example}`);
}

/** After a mistake that names no command, the usage text names every command and shows the everyday forms. */
export function expectEveryCommand(usage: string): void {
  expect(usage).toContain(`Commands: ${VERBS.join(', ')}.`);
  for (const verb of ['open', 'update', 'close'] as const) expect(usage).toContain(`- ${USAGE[verb].form}`);
  expect(usage).toContain('"help <command>"');
}

const asCommand = (command: Command | string): Command =>
  typeof command === 'string' ? typed(command) : command;

export function apply(
  state: StatusState,
  command: Command | string,
  now = T0,
  fields: Partial<CommandContext> = {},
): Outcome {
  return applyCommand(state, asCommand(command), aContext(now, fields));
}

export function changed(outcome: Outcome): Extract<Outcome, { kind: 'changed' }> {
  if (outcome.kind !== 'changed')
    throw new Error(`expected a change, got ${outcome.kind}: ${outcome.reply.text}`);
  return outcome;
}

export function refusal(outcome: Outcome): string {
  if (outcome.kind !== 'rejected')
    throw new Error(`expected a refusal, got ${outcome.kind}: ${outcome.reply.text}`);
  expect(outcome).not.toHaveProperty('state');
  return outcome.reply.text;
}

export function answer(outcome: Outcome): string {
  if (outcome.kind !== 'answered')
    throw new Error(`expected an answer, got ${outcome.kind}: ${outcome.reply.text}`);
  expect(outcome).not.toHaveProperty('state');
  return outcome.reply.text;
}

export function incident(state: StatusState, id: string): Incident {
  const found = state.incidents.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not in the state`);
  return found;
}

export function maintenance(state: StatusState, id: string): Maintenance {
  const found = state.maintenances.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${id} is not in the state`);
  return found;
}

/** The status of a component (by ID); components the state does not name are operational. */
export const statusOf = (state: StatusState, id: string) => state.components[id]?.status ?? 'operational';

/** Applies commands one after the other from an empty state, a minute apart, and returns the final state. */
export function stateAfter(...commands: (Command | string)[]): StatusState {
  return commands.reduce(
    (state, command, index) => changed(apply(state, command, minutesAfter(T0, index))).state,
    emptyState(T0),
  );
}

export const open = (title: string, message = title): Command => ({ verb: 'open', title, message });
