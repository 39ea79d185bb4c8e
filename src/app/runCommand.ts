import { applyCommand } from '../core/commands/applyCommand';
import { parseCommand } from '../core/commands/parseCommand';
import { readsState } from '../core/commands/registry';
import type { AuditEntry, AuditOutcome } from '../core/ports';
import type { Reply } from '../core/model/reply';
import { emptyState, type Person } from '../core/model/state';
import { auditEntry } from './auditEntry';
import type { CommandDeps } from './commandDeps';
import { describeError } from './describeError';
import { publishLatest } from './publishLatest';
import { transact, type Transaction } from './transact';

export interface CommandInput {
  text: string;
  /** The Teams activity ID: a delivery seen before is answered with its first reply and not applied again. */
  activityId?: string;
  actor: Person;
  /** People mentioned besides the bot. */
  mentions?: Person[];
  tenantId?: string;
  /** The sender's IANA time zone, when the activity carries it. */
  timeZone?: string;
}

export interface CommandResult {
  reply: Reply;
  outcome: AuditOutcome;
  verb?: string;
  incidentId?: string;
  stateVersion?: number;
}

/** Parses, applies, saves and publishes one command; always returns a reply for the person who typed it. */
export async function runCommand(deps: CommandDeps, input: CommandInput): Promise<CommandResult> {
  const audit = (fields: Omit<AuditEntry, 'at' | 'actor' | 'text' | 'tenantId'>) =>
    deps.audit.append(auditEntry(deps.clock(), input, fields)).catch(() => undefined); // The audit log must never cost the user their reply.

  const parsed = parseCommand(input.text);
  if (!parsed.ok) {
    await audit({ outcome: 'rejected', detail: parsed.error });
    return {
      outcome: 'rejected',
      reply: { text: parsed.usage ? `${parsed.error}\n\n${parsed.usage}` : parsed.error },
    };
  }
  const { command } = parsed;
  const context = (now: string) => ({
    now,
    actor: input.actor,
    mentions: input.mentions ?? [],
    catalog: deps.catalog,
    pageTitle: deps.pageTitle,
    ...(deps.pageUrl ? { pageUrl: deps.pageUrl } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });

  if (!readsState(command.verb)) {
    const outcome = applyCommand(emptyState(deps.clock()), command, context(deps.clock()));
    await audit({ verb: command.verb, outcome: 'answered' });
    return { verb: command.verb, outcome: 'answered', reply: outcome.reply };
  }

  let done: Transaction;
  try {
    done = await transact(deps, (state, now) => applyCommand(state, command, context(now)), input.activityId);
  } catch (error) {
    const detail = describeError(error);
    await audit({ verb: command.verb, outcome: 'failed', detail });
    return {
      verb: command.verb,
      outcome: 'failed',
      reply: {
        text: `Storage did not answer, so your command may not have been saved (${detail}). Type "list" to check before you send it again.`,
      },
    };
  }
  if (done.kind === 'duplicate') {
    await audit({ verb: command.verb, outcome: 'duplicate' });
    return { verb: command.verb, outcome: 'duplicate', reply: done.reply };
  }
  if (done.kind === 'failed') {
    await audit({ verb: command.verb, outcome: 'failed', detail: done.reason });
    return { verb: command.verb, outcome: 'failed', reply: { text: done.reason } };
  }
  if (done.kind === 'unsaved') {
    const outcome = done.outcome.kind === 'rejected' ? 'rejected' : 'answered';
    await audit({ verb: command.verb, outcome });
    return { verb: command.verb, outcome, reply: done.outcome.reply };
  }

  const subjectId = done.outcome.kind === 'changed' ? done.outcome.subjectId : undefined;
  const result: CommandResult = {
    verb: command.verb,
    outcome: 'applied',
    reply: done.outcome.reply,
    stateVersion: done.state.version,
    ...(subjectId ? { incidentId: subjectId } : {}),
  };
  const { live, state, etag } = done;
  const [published] = await Promise.allSettled([
    deps.publishes.run((shown) => publishLatest(deps, live, state, etag, shown)),
    audit({
      verb: command.verb,
      outcome: 'applied',
      stateVersion: done.state.version,
      ...(subjectId ? { incidentId: subjectId } : {}),
    }),
  ]);
  if (published.status === 'rejected') {
    const pending = `Saved, but the page could not be updated yet (${describeError(published.reason)}); it is retried automatically within a minute.`;
    const { card } = done.outcome.reply;
    result.reply = {
      ...done.outcome.reply,
      text: `${done.outcome.reply.text}\n${pending}`,
      // The card is what Teams shows when there is one (text beside it would be a second message).
      ...(card ? { card: { ...card, summary: `${card.summary}\n${pending}` } } : {}),
    };
  }
  return result;
}
