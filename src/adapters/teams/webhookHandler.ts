import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import {
  BUSY_REPLY,
  type CommandInput,
  type CommandProgress,
  type CommandResult,
} from '../../app/runCommand';
import { withDeadline } from '../deadline';
import { fromTeamsActivity } from './activity';
import { toTeamsReply } from './reply';
import { verifySignature } from './signature';

export const MAX_BODY_BYTES = 64 * 1024;
/** An activity whose (signed) timestamp is further than this from now is refused: a captured request replayed. */
export const REPLAY_WINDOW_MS = 5 * 60_000;
/**
 * Teams gives up on a reply after 5 seconds. Storage calls made for a request are aborted this long after it
 * arrived, so the command's own error paths answer in time, with a second left for the reply to travel.
 */
export const REPLY_DEADLINE_MS = 4_000;
/**
 * How long after the deadline the reply is sent whatever the command is doing: storage calls are aborted at the
 * deadline, so this is for work the abort cannot reach (rendering, publishing after the save, waiting in turn).
 */
export const REPLY_GRACE_MS = 300;

/** What is true of a command that has not finished when its reply is due, by how far it got. */
function lateReply(progress: CommandProgress | undefined): CommandResult {
  if (progress?.phase === 'saved')
    return {
      ...progress.result,
      reply: {
        ...progress.result.reply,
        text: `${progress.result.reply.text}\nSaved; the page is still being updated and will show it shortly.`,
      },
    };
  if (progress?.phase === 'started')
    return {
      outcome: 'failed',
      reply: {
        text: 'Your command was still being applied when the reply was due, so it may or may not have been saved. Type "list" in a minute to check before you send it again.',
      },
    };
  // Not started: its turn will see the deadline passed and never start it.
  return { outcome: 'busy', reply: { text: BUSY_REPLY } };
}

export interface WebhookDeps {
  secret: Buffer;
  /** Empty: everyone in the channel may command. Lower-case IDs. */
  allowedTenantIds: readonly string[];
  allowedUserIds: readonly string[];
  run: (input: CommandInput) => Promise<CommandResult>;
  /** Records a refusal that never reached the command runner. */
  auditRefusal: (input: CommandInput, reason: string) => Promise<void>;
  now: () => number;
  /** REPLY_DEADLINE_MS in production; tests that count outcomes under load lift it, so only outcomes matter. */
  replyDeadlineMs: number;
}

const plain = (status: number, body: string): HttpResponseInit => ({
  status,
  body,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
});

const message = (text: string, result?: CommandResult): HttpResponseInit => ({
  status: 200,
  jsonBody: toTeamsReply(result?.reply ?? { text }),
  headers: { 'content-type': 'application/json; charset=utf-8' },
});

async function readBody(request: HttpRequest): Promise<Buffer | 'too large'> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return 'too large';
  const body = Buffer.from(await request.arrayBuffer());
  return body.length > MAX_BODY_BYTES ? 'too large' : body;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
}

/**
 * POST /api/teams: checks the signature over the raw bytes before anything else, then runs the command and
 * answers with a message activity. Every authenticated request gets a reply Teams can show.
 */
export function createWebhookHandler(deps: WebhookDeps) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const started = deps.now();
    const remaining = () => deps.replyDeadlineMs - (deps.now() - started);
    const body = await readBody(request);
    if (body === 'too large') return plain(413, `Request body over ${MAX_BODY_BYTES} bytes.`);
    if (!verifySignature(body, request.headers.get('authorization'), deps.secret)) {
      context.warn(JSON.stringify({ event: 'teams.unauthorized', bytes: body.length }));
      return plain(401, 'Unauthorized.');
    }
    const json = parseJson(body);
    if (json === undefined) return plain(400, 'The body is not valid JSON.');
    const activity = fromTeamsActivity(json);
    if (!activity.ok) return message(`${activity.error} Mention the bot with a command, e.g. "help".`);
    const { text, from, tenantId, mentions, id, timestamp, timeZone } = activity.message;
    const input: CommandInput = {
      text,
      actor: from,
      mentions,
      ...(tenantId ? { tenantId } : {}),
      ...(id ? { activityId: id } : {}),
      ...(timeZone ? { timeZone } : {}),
    };

    const refusal = stale(timestamp, deps.now()) ?? refuse(deps, tenantId, from.aadObjectId);
    if (refusal) {
      await withDeadline(remaining(), () => deps.auditRefusal(input, refusal)).catch((error: unknown) => {
        context.error(JSON.stringify({ event: 'audit.failed', outcome: 'refused', error: String(error) }));
      });
      context.warn(JSON.stringify({ event: 'teams.refused', reason: refusal }));
      return message(`${refusal} Nothing was changed.`);
    }

    let result: CommandResult;
    let progress: CommandProgress | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const running = withDeadline(remaining(), (deadline) =>
        deps.run({ ...input, deadline, onProgress: (reached) => (progress = reached) }),
      );
      // The reply is due at the deadline however long the work behind it takes; the command, if it is still
      // running, finishes (and is audited) after the reply has gone.
      const due = new Promise<'due'>((resolve) => {
        timer = setTimeout(() => resolve('due'), Math.max(0, remaining() + REPLY_GRACE_MS));
      });
      const first = await Promise.race([running, due]);
      if (first === 'due') {
        running.catch((error: unknown) => {
          context.error(
            JSON.stringify({
              event: 'teams.error',
              error: error instanceof Error ? error.stack : String(error),
            }),
          );
        });
      }
      result = first === 'due' ? lateReply(progress) : first;
    } catch (error) {
      // Unexpected: a bug, not a user mistake or a storage failure (those are values). Log it, answer anyway.
      context.error(
        JSON.stringify({ event: 'teams.error', error: error instanceof Error ? error.stack : String(error) }),
      );
      return message(
        `Something went wrong on our side (invocation ${context.invocationId}). Type "list" to see whether your change was saved before you send it again.`,
      );
    } finally {
      clearTimeout(timer);
    }
    context.info(
      JSON.stringify({
        event: 'teams.command',
        command: result.verb ?? 'unknown',
        incidentId: result.incidentId,
        outcome: result.outcome,
        durationMs: deps.now() - started,
      }),
    );
    return message(result.reply.text, result);
  };
}

function stale(timestamp: string | undefined, now: number): string | undefined {
  const at = timestamp === undefined ? Number.NaN : Date.parse(timestamp);
  if (Number.isNaN(at)) return 'This message carries no valid timestamp, so it cannot be told from a replay.';
  if (Math.abs(now - at) > REPLAY_WINDOW_MS) {
    return 'This message was sent more than 5 minutes from now (a delayed or replayed delivery), so it was not applied; send the command again.';
  }
  return undefined;
}

function refuse(
  deps: WebhookDeps,
  tenantId: string | undefined,
  userId: string | undefined,
): string | undefined {
  if (deps.allowedTenantIds.length > 0 && !deps.allowedTenantIds.includes(tenantId?.toLowerCase() ?? '')) {
    return 'This status page does not take commands from your organisation.';
  }
  if (deps.allowedUserIds.length > 0 && !deps.allowedUserIds.includes(userId?.toLowerCase() ?? '')) {
    return 'You are not on the list of people who may change this status page; ask its owners to add your Entra object ID to ALLOWED_USER_IDS.';
  }
  return undefined;
}
