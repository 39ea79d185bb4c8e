import { applyCommand } from '../core/commands/applyCommand';
import type { CommandContext } from '../core/commands/verbSpec';
import { parseCommand } from '../core/commands/parseCommand';
import { readsState } from '../core/commands/registry';
import type { AuditEntry, AuditOutcome } from '../core/ports';
import type { Reply } from '../core/model/reply';
import { emptyState, type Person } from '../core/model/state';
import { auditEntry } from './auditEntry';
import type { CommandDeps } from './commandDeps';
import { describeError } from './describeError';
import { deliveriesOf, handOnSave, hasNotices, reachText } from './notify';
import { publishLatest } from './publishLatest';
import { NothingSavedError, transact, type Transaction } from './transact';

export interface CommandInput {
  text: string;
  /** The Teams activity ID: a delivery seen before is answered with its first reply and not applied again. */
  activityId?: string;
  actor: Person;
  /** People mentioned besides the bot. */
  mentions?: Person[];
  tenantId?: string;
  /** Aborted when the reply is due: a command whose turn has not come by then is never started. */
  deadline?: AbortSignal;
  /** Told when the command starts its transaction, and when it is saved (before the page is published). */
  onProgress?: (progress: CommandProgress) => void;
  /** The sender's IANA time zone, when the activity carries it. */
  timeZone?: string;
}

export type CommandProgress = { phase: 'started' } | { phase: 'saved'; result: CommandResult };

/** The reply to a command that could not start in time: it never ran, so it changed nothing. */
export const BUSY_REPLY =
  'The status page is busy with other commands and yours could not start in time, so nothing was changed. Please send it again.';

export interface CommandResult {
  reply: Reply;
  outcome: AuditOutcome;
  verb?: string;
  incidentId?: string;
  stateVersion?: number;
}

/** Parses, applies, saves and publishes one command; always returns a reply for the person who typed it. */
export async function runCommand(deps: CommandDeps, input: CommandInput): Promise<CommandResult> {
  // The audit log must never cost the user their reply; a failure to audit is logged, never silent.
  const audit = (fields: Omit<AuditEntry, 'at' | 'actor' | 'text' | 'tenantId'>) =>
    deps.audit.append(auditEntry(deps.clock(), input, fields)).catch((error: unknown) => {
      deps.log?.(
        JSON.stringify({
          event: 'audit.failed',
          verb: fields.verb,
          outcome: fields.outcome,
          error: describeError(error),
        }),
      );
    });

  const parsed = parseCommand(input.text);
  if (!parsed.ok) {
    await audit({ outcome: 'rejected', detail: parsed.error });
    return {
      outcome: 'rejected',
      reply: { text: parsed.usage ? `${parsed.error}\n\n${parsed.usage}` : parsed.error },
    };
  }
  const { command } = parsed;
  const context = (now: string): CommandContext => ({
    now,
    actor: input.actor,
    mentions: input.mentions ?? [],
    catalog: deps.catalog,
    pageTitle: deps.pageTitle,
    ...(deps.pageUrl ? { pageUrl: deps.pageUrl } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });

  if (!readsState(command.verb)) {
    const ctx = context(deps.clock());
    // `subscribers` shows each one's last delivery: the one verb that reads the delivery ledger.
    if (command.verb === 'subscribers') {
      const last = await deps.notify?.ledger.lastOutcomes().catch(() => undefined);
      ctx.deliveries = { last: deps.notify ? last : {}, problems: deps.notify?.problems ?? [] };
    }
    const outcome = applyCommand(emptyState(deps.clock()), command, ctx);
    await audit({ verb: command.verb, outcome: 'answered' });
    return { verb: command.verb, outcome: 'answered', reply: outcome.reply };
  }

  let done: Transaction;
  try {
    done = await transact(
      deps,
      (state, now) => applyCommand(state, command, context(now)),
      input.activityId,
      {
        ...(input.deadline ? { deadline: input.deadline } : {}),
        onStart: () => input.onProgress?.({ phase: 'started' }),
      },
    );
  } catch (error) {
    const detail = describeError(error);
    await audit({ verb: command.verb, outcome: 'failed', detail });
    return {
      verb: command.verb,
      outcome: 'failed',
      reply: {
        text:
          error instanceof NothingSavedError
            ? `Storage did not answer when reading the status page's state (${detail}), so nothing was changed. Please send the command again in a minute.`
            : `Storage did not answer, so your command may not have been saved (${detail}). Type "list" to check before you send it again.`,
      },
    };
  }
  if (done.kind === 'busy') {
    await audit({ verb: command.verb, outcome: 'busy' });
    return { verb: command.verb, outcome: 'busy', reply: { text: BUSY_REPLY } };
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
    stateVersion: done.version,
    ...(subjectId ? { incidentId: subjectId } : {}),
  };
  input.onProgress?.({ phase: 'saved', result: { ...result } });
  const { live, state, etag, version } = done;
  // Handed on beside the publish, never after it: the reply waits for neither more than for the slower. If the
  // queue fails, the change is still in the saved outbox and the timer hands it on.
  const notify = deps.notify;
  const deliveries = notify ? deliveriesOf(notify, state, version) : [];
  if (notify && hasNotices(state, version)) result.reply = withLine(result.reply, reachText(deliveries));
  const [published] = await Promise.allSettled([
    deps.publishes.run((shown) => publishLatest(deps, live, state, etag, shown)),
    notify ? handOnSave(notify, state, version, deliveries) : undefined,
    audit({
      verb: command.verb,
      outcome: 'applied',
      stateVersion: version,
      ...(subjectId ? { incidentId: subjectId } : {}),
    }),
  ]);
  if (published.status === 'rejected') {
    result.reply = withLine(
      result.reply,
      `Saved, but the page could not be updated yet (${describeError(published.reason)}); it is retried automatically within a minute.`,
    );
  }
  return result;
}

/** The reply with one more line at the end of its text. */
function withLine(reply: Reply, line: string): Reply {
  return { ...reply, text: `${reply.text}\n${line}` };
}
