import { HttpRequest, InvocationContext, type Timer } from '@azure/functions';
import { createFunctionHandlers } from '../../../src/app/functionHandlers';
import type { Services } from '../../../src/app/services';
import { readConfig, type Config } from '../../../src/config';

const SECRET = Buffer.alloc(32, 7).toString('base64');
const STORAGE = 'UseDevelopmentStorage=true';
const KEY_VAULT_REFERENCE =
  '@Microsoft.KeyVault(SecretUri=https://kv-status.vault.azure.net/secrets/teams-webhook-secret/)';

function recordingContext(): { context: InvocationContext; errors: string[] } {
  const errors: string[] = [];
  const context = new InvocationContext({
    functionName: 'teams',
    logHandler: (level, ...args) => {
      if (level === 'error') errors.push(args.map(String).join(' '));
    },
  });
  return { context, errors };
}

/** The 503 body is plain text; anything else reads as empty, so a wrong body type fails the assertions. */
const bodyText = (response: { body?: unknown }): string =>
  typeof response.body === 'string' ? response.body : '';

const request = () =>
  new HttpRequest({ method: 'POST', url: 'http://localhost/api/teams', body: { string: '{}' } });
const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

/** Services that answer 204 and count ticks: enough to see which path a handler took. */
function fakeServices(): Services & { ticks: number } {
  const fake = {
    ticks: 0,
    teamsWebhook: () => Promise.resolve({ status: 204 }),
    tick() {
      fake.ticks++;
      return Promise.resolve({ kind: 'current', version: 1 } as const);
    },
  };
  return fake as unknown as Services & { ticks: number };
}

describe('createFunctionHandlers', () => {
  it('reads no setting when the handlers are made', () => {
    const read = jest.fn((): Config => readConfig({}));
    createFunctionHandlers(read, fakeServices);
    expect(read).not.toHaveBeenCalled();
  });

  it.each([
    ['with no settings at all', {}, 'TEAMS_WEBHOOK_SECRET is not set'],
    [
      'with the Teams token still an unresolved Key Vault reference',
      { TEAMS_WEBHOOK_SECRET: KEY_VAULT_REFERENCE, STORAGE_CONNECTION_STRING: STORAGE },
      'TEAMS_WEBHOOK_SECRET is still the Key Vault reference',
    ],
  ])('answers the webhook 503 naming what to set, %s, and logs it', async (_case, env, problem) => {
    const handlers = createFunctionHandlers(() => readConfig(env), fakeServices);
    const { context, errors } = recordingContext();
    const response = await handlers.teams(request(), context);
    expect(response.status).toBe(503);
    expect(bodyText(response)).toContain(problem);
    expect(bodyText(response)).toContain('not configured yet');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(problem);
  });

  it('skips the tick with a log line while a setting is missing, instead of failing every minute', async () => {
    const services = fakeServices();
    const handlers = createFunctionHandlers(
      () => readConfig({}),
      () => services,
    );
    const { context, errors } = recordingContext();
    await expect(handlers.siteTimer(timer, context)).resolves.toBeUndefined();
    expect(errors[0]).toContain('TEAMS_WEBHOOK_SECRET');
    expect(services.ticks).toBe(0);
  });

  it('works as soon as the setting resolves, and then builds the services only once', async () => {
    const env: Record<string, string> = {
      TEAMS_WEBHOOK_SECRET: KEY_VAULT_REFERENCE,
      STORAGE_CONNECTION_STRING: STORAGE,
    };
    const create = jest.fn(fakeServices);
    const handlers = createFunctionHandlers(() => readConfig(env), create);
    expect((await handlers.teams(request(), recordingContext().context)).status).toBe(503);
    env.TEAMS_WEBHOOK_SECRET = SECRET;
    expect((await handlers.teams(request(), recordingContext().context)).status).toBe(204);
    await handlers.siteTimer(timer, recordingContext().context);
    expect((await handlers.teams(request(), recordingContext().context)).status).toBe(204);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('never echoes the secret in its answer', async () => {
    const handlers = createFunctionHandlers(
      () => readConfig({ TEAMS_WEBHOOK_SECRET: 'c2hvcnQ=', STORAGE_CONNECTION_STRING: STORAGE }),
      fakeServices,
    );
    const response = await handlers.teams(request(), recordingContext().context);
    expect(response.status).toBe(503);
    expect(bodyText(response)).not.toContain('c2hvcnQ=');
  });
});
