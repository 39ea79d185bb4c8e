import { randomBytes } from 'node:crypto';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import type { CommandInput, CommandResult } from '../../../../src/app/runCommand';
import { signBody } from '../../../../src/adapters/teams/signature';
import {
  createWebhookHandler,
  MAX_BODY_BYTES,
  REPLY_DEADLINE_MS,
  type WebhookDeps,
} from '../../../../src/adapters/teams/webhookHandler';
import { LOCAL_TENANT_ID, objectIdFor, teamsActivity } from '../../../../scripts/teamsActivity';

const SENT_AT = new Date('2026-11-21T12:00:00.000Z');
const SECRET = randomBytes(32);

/** The handler with a fake command runner and refusal log that record what they were asked to do. */
function handlerWith(fields: Partial<WebhookDeps> = {}) {
  const runs: CommandInput[] = [];
  const refusals: { input: CommandInput; reason: string }[] = [];
  const logs: string[] = [];
  const handler = createWebhookHandler({
    secret: SECRET,
    allowedTenantIds: [],
    allowedUserIds: [],
    run: (input) => {
      // The deadline and progress hooks are the handler's own plumbing; the specs look at what was asked.
      const asked = { ...input };
      delete asked.deadline;
      delete asked.onProgress;
      runs.push(asked);
      return Promise.resolve<CommandResult>({
        outcome: 'applied',
        verb: 'open',
        reply: { text: 'Opened INC-1' },
      });
    },
    auditRefusal: (input, reason) => {
      refusals.push({ input, reason });
      return Promise.resolve();
    },
    now: () => SENT_AT.getTime(),
    replyDeadlineMs: REPLY_DEADLINE_MS,
    ...fields,
  });
  const post = (body: Buffer | string, headers: Record<string, string> = {}): Promise<HttpResponseInit> =>
    handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/teams',
        headers,
        body: { bytes: typeof body === 'string' ? Buffer.from(body) : body },
      }),
      new InvocationContext({
        functionName: 'teams',
        invocationId: 'invocation-1',
        logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
      }),
    );
  const signed = (body: Buffer | string) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    return post(bytes, {
      'content-type': 'application/json',
      authorization: `HMAC ${signBody(bytes, SECRET)}`,
    });
  };
  const say = (text: string, edit: (activity: Record<string, unknown>) => void = () => undefined) => {
    const activity = teamsActivity(text, 'Ada Lovelace', SENT_AT);
    edit(activity);
    return signed(JSON.stringify(activity));
  };
  return { post, signed, say, runs, refusals, logs };
}

const textOf = (response: HttpResponseInit) => (response.jsonBody as { text: string }).text;

describe('createWebhookHandler', () => {
  it('runs a signed command and answers with its reply', async () => {
    const { say, runs } = handlerWith();
    const response = await say('open Chat is down');
    expect(response.status).toBe(200);
    expect(response.jsonBody).toEqual({ type: 'message', text: 'Opened INC-1' });
    expect(runs).toEqual([
      {
        text: 'open Chat is down',
        actor: { name: 'Ada Lovelace', aadObjectId: objectIdFor('Ada Lovelace') },
        mentions: [],
        tenantId: LOCAL_TENANT_ID,
        // The sender's zone, from the activity's clientInfo entity (added by the grammar issue).
        timeZone: 'Etc/UTC',
        activityId: expect.any(String) as string,
      },
    ]);
  });

  it('answers 401 to a bad signature, without running anything', async () => {
    const { post, runs, refusals } = handlerWith();
    const body = JSON.stringify(teamsActivity('open Chat is down', 'Ada Lovelace', SENT_AT));
    const wrong = await post(body, { authorization: `HMAC ${signBody(Buffer.from(body), randomBytes(32))}` });
    const none = await post(body);
    expect([wrong.status, none.status]).toEqual([401, 401]);
    expect(runs).toEqual([]);
    expect(refusals).toEqual([]);
  });

  it('answers 413 to a body over the limit, signed or not, without running anything', async () => {
    const { signed, post, runs } = handlerWith();
    const large = Buffer.alloc(MAX_BODY_BYTES + 1, 'a');
    expect((await signed(large)).status).toBe(413);
    expect((await post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) })).status).toBe(413);
    expect(runs).toEqual([]);
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const { signed, runs } = handlerWith();
    const response = await signed('{"type": "message",');
    expect(response.status).toBe(400);
    expect(runs).toEqual([]);
  });

  it('answers a signed body that is not a message activity with what to send instead', async () => {
    const { signed, runs } = handlerWith();
    const response = await signed(JSON.stringify({ type: 'conversationUpdate' }));
    expect(response.status).toBe(200);
    expect(textOf(response)).toContain('Mention the bot with a command');
    expect(runs).toEqual([]);
  });

  it('refuses another organisation, audits the refusal and runs nothing', async () => {
    const { say, runs, refusals } = handlerWith({
      allowedTenantIds: ['11111111-0000-4000-8000-000000000000'],
    });
    const response = await say('close INC-1');
    expect(response.status).toBe(200);
    expect(textOf(response)).toContain('does not take commands from your organisation');
    expect(textOf(response)).toContain('Nothing was changed.');
    expect(runs).toEqual([]);
    expect(refusals).toEqual([
      {
        input: expect.objectContaining({ text: 'close INC-1', tenantId: LOCAL_TENANT_ID }) as CommandInput,
        reason: 'This status page does not take commands from your organisation.',
      },
    ]);
  });

  it('refuses a person not on the list of users, auditing it', async () => {
    const { say, runs, refusals } = handlerWith({ allowedUserIds: [objectIdFor('Grace Hopper')] });
    const response = await say('close INC-1');
    expect(textOf(response)).toContain('You are not on the list of people who may change this status page');
    expect(runs).toEqual([]);
    expect(refusals.map((refusal) => refusal.input.actor.name)).toEqual(['Ada Lovelace']);
  });

  it('refuses a delivery sent more than 5 minutes from now, auditing it', async () => {
    const { say, runs, refusals } = handlerWith({ now: () => SENT_AT.getTime() + 6 * 60_000 });
    const response = await say('close INC-1');
    expect(textOf(response)).toContain('more than 5 minutes from now');
    expect(runs).toEqual([]);
    expect(refusals).toHaveLength(1);
  });

  it('still answers a refusal when the audit of it fails', async () => {
    const { say } = handlerWith({
      allowedTenantIds: ['11111111-0000-4000-8000-000000000000'],
      auditRefusal: () => Promise.reject(new Error('audit log unreachable')),
    });
    const response = await say('close INC-1');
    expect(response.status).toBe(200);
    expect(textOf(response)).toContain('Nothing was changed.');
  });

  it('answers an unexpected error with the invocation ID, and logs it', async () => {
    const { say, logs } = handlerWith({ run: () => Promise.reject(new Error('a bug')) });
    const response = await say('open Chat is down');
    expect(response.status).toBe(200);
    expect(textOf(response)).toContain('Something went wrong on our side (invocation invocation-1)');
    expect(logs.some((line) => line.includes('teams.error') && line.includes('a bug'))).toBe(true);
  });

  // Issue 13, part 4: under a burst, replies came after 5 s, for commands that were saved too. The reply is due
  // at the deadline whatever the command is doing, and says what is true by how far the command got.
  describe('when the reply is due before the command has finished', () => {
    const never = new Promise<CommandResult>(() => undefined);
    const SHORT = 20;

    it('answers busy, nothing changed, when the command has not started', async () => {
      let deadline: AbortSignal | undefined;
      const { say } = handlerWith({
        replyDeadlineMs: SHORT,
        run: (input) => {
          deadline = input.deadline;
          return never;
        },
      });
      const response = await say('update INC-1 Progress');
      expect(textOf(response)).toContain('could not start in time, so nothing was changed');
      // The same signal stops the command from ever starting once its turn comes.
      expect(deadline?.aborted).toBe(true);
    });

    it('answers with the saved reply when the command was saved and the page is still being published', async () => {
      const { say } = handlerWith({
        replyDeadlineMs: SHORT,
        run: (input) => {
          input.onProgress?.({ phase: 'started' });
          input.onProgress?.({
            phase: 'saved',
            result: { outcome: 'applied', verb: 'update', reply: { text: 'Updated INC-1' } },
          });
          return never;
        },
      });
      const text = textOf(await say('update INC-1 Progress'));
      expect(text).toContain('Updated INC-1');
      expect(text).toContain('the page is still being updated');
    });

    it('says it may or may not be saved when the command was still being applied', async () => {
      const { say } = handlerWith({
        replyDeadlineMs: SHORT,
        run: (input) => {
          input.onProgress?.({ phase: 'started' });
          return never;
        },
      });
      expect(textOf(await say('update INC-1 Progress'))).toContain('may or may not have been saved');
    });
  });
});
