import type { Catalog } from '../model/catalog';
import type { Reply } from '../model/reply';
import type { Person, StatusState } from '../model/state';
import type { DeliveryOutcome } from '../ports';

export interface CommandContext {
  /** ISO 8601 instant the command is applied at (a fixed clock in tests). */
  now: string;
  actor: Person;
  /** People mentioned in the message besides the bot (Teams mention entities). */
  mentions: readonly Person[];
  catalog: Catalog;
  pageUrl?: string;
  pageTitle: string;
  /** For `subscribers`: each subscriber's last delivery outcome, and the ones that cannot be reached as set. */
  deliveries?: { last: Readonly<Record<string, DeliveryOutcome>> | undefined; problems: readonly string[] };
  /** The sender's IANA time zone when Teams said it: clock times are read, and shown, in it. */
  timeZone?: string;
}

/** The outcome of a command: a new state to save, an answer that changes nothing, or a refusal. */
export type Outcome =
  | { kind: 'changed'; state: StatusState; reply: Reply; subjectId?: string }
  | { kind: 'answered'; reply: Reply }
  | { kind: 'rejected'; reply: Reply };

/** The right form of a command, with an example; shown in `help` and after every mistake. */
export interface Usage {
  form: string;
  example: string;
  summary: string;
}

export interface ParseFailure {
  ok: false;
  error: string;
  usage: string;
}

export type Parsed<C> = { ok: true; command: C } | ParseFailure;

/** A verb's name and usage: what a refusal quotes, and what `help` lists. */
export interface VerbUsage {
  readonly verb: string;
  readonly usage: Usage;
}

/**
 * One verb: its grammar, its effect and its help. The registry dispatches on `verb`; `verbs` are the
 * registry's own, in order, for the verbs that speak of the others (help).
 */
export interface VerbSpec<C extends { verb: string }> extends VerbUsage {
  readonly verb: C['verb'];
  /**
   * False when the answer comes from the grammar and the catalog alone: no state read, no wait behind other
   * commands' saves, and it still answers while storage is down.
   */
  readonly readsState: boolean;
  /** Shown, with the other everyday verbs, after a message that names no command. */
  readonly everyday?: boolean;
  /** Parses what follows the verb. Mistakes are values, never throws. */
  parse(rest: string, verbs: readonly VerbUsage[]): Parsed<C>;
  /** Pure: the clock, the actor and the catalog come in the context. */
  apply(state: StatusState, command: C, ctx: CommandContext, verbs: readonly VerbUsage[]): Outcome;
}

/** The command type a verb spec parses and applies. */
export type CommandOf<S> = S extends VerbSpec<infer C> ? C : never;
