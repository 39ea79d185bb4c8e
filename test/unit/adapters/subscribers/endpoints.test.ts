import { readSubscriberEndpoints } from '../../../../src/adapters/subscribers/endpoints';
import { signDelivery } from '../../../../src/adapters/subscribers/httpSender';
import { readConfig } from '../../../../src/config';
import type { SubscriberDefinition } from '../../../../src/core/model/catalog';

const subscriber = (name: string, kind: SubscriberDefinition['kind'] = 'webhook'): SubscriberDefinition => ({
  name,
  kind,
  events: ['incident'],
});

describe('readSubscriberEndpoints', () => {
  it('reads SUBSCRIBER_<NAME>_URL and _SECRET, the name upper-cased with - as _', () => {
    const { endpoints, problems } = readSubscriberEndpoints(
      {
        SUBSCRIBER_INCIDENT_ROOM_URL: 'https://prod.example/hook',
        SUBSCRIBER_INCIDENT_ROOM_SECRET: 's3cret',
      },
      [subscriber('incident-room')],
    );
    expect(endpoints).toEqual({ 'incident-room': { url: 'https://prod.example/hook', secret: 's3cret' } });
    expect(problems).toEqual([]);
  });

  it('reports, and never skips silently, a subscriber without its URL, with a URL that is not https, or an unresolved Key Vault reference', () => {
    const { endpoints, problems } = readSubscriberEndpoints(
      {
        SUBSCRIBER_B_URL: 'http://example.com/hook',
        SUBSCRIBER_C_URL: '@Microsoft.KeyVault(VaultName=v;SecretName=subscriber-c-url)',
      },
      [subscriber('a'), subscriber('b'), subscriber('c')],
    );
    expect(endpoints).toEqual({});
    expect(problems).toEqual([
      'Subscriber "a" has no URL: set SUBSCRIBER_A_URL (in Azure, a Key Vault reference).',
      'Subscriber "b": SUBSCRIBER_B_URL must be https.',
      expect.stringContaining('Subscriber "c": the Key Vault reference'),
    ]);
  });

  it('warns when a webhook has no signing secret, and still reaches it', () => {
    const { endpoints, problems } = readSubscriberEndpoints({ SUBSCRIBER_HOOK_URL: 'https://h.example/' }, [
      subscriber('hook'),
    ]);
    expect(endpoints.hook).toEqual({ url: 'https://h.example/' });
    expect(problems).toEqual([expect.stringContaining('SUBSCRIBER_HOOK_SECRET')]);
  });
});

describe('signDelivery', () => {
  it('is sha256= and the hex HMAC-SHA256 of the raw body', () => {
    // printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(signDelivery('{"a":1}', 'secret')).toBe(
      'sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494',
    );
  });
});

describe('readConfig', () => {
  const base = {
    TEAMS_WEBHOOK_SECRET: Buffer.alloc(32, 1).toString('base64'),
    STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  };

  it('reads STATUS_CONFIG_FILE and the SUBSCRIBER_ settings', () => {
    const config = readConfig({
      ...base,
      STATUS_CONFIG_FILE: '/etc/status/status.config.json',
      SUBSCRIBER_A_URL: 'https://a.example/',
    });
    expect(config.statusConfigFile).toBe('/etc/status/status.config.json');
    expect(config.subscriberSettings).toEqual({ SUBSCRIBER_A_URL: 'https://a.example/' });
  });
});
