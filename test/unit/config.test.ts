import { ConfigError, readConfig } from '../../src/config';

const SECRET = 'dGVhbXMtc3RhdHVzLXBhZ2UtdGVzdC1zZWNyZXQ=';
const CONNECTION_STRING = 'UseDevelopmentStorage=true';
const KEY_VAULT_REFERENCE =
  '@Microsoft.KeyVault(SecretUri=https://kv-status.vault.azure.net/secrets/teams-secret/)';

const baseEnv = (fields: Record<string, string | undefined> = {}) => ({
  TEAMS_WEBHOOK_SECRET: SECRET,
  STORAGE_CONNECTION_STRING: CONNECTION_STRING,
  ...fields,
});

/** The ConfigError readConfig throws for an environment; fails the spec when it throws nothing or something else. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected readConfig to throw a ConfigError');
}

describe('readConfig', () => {
  describe('defaults', () => {
    it('uses status-data, $web and "Service status", with no page URL and no allowlists', () => {
      const config = readConfig(baseEnv());
      expect(config).toEqual({
        teamsSecret: Buffer.from(SECRET, 'base64'),
        storage: { kind: 'connectionString', connectionString: CONNECTION_STRING },
        stateContainer: 'status-data',
        siteContainer: '$web',
        pageTitle: 'Service status',
        allowedTenantIds: [],
        allowedUserIds: [],
        publishTargets: ['blob'],
      });
      expect(config).not.toHaveProperty('pageUrl');
      expect(config).not.toHaveProperty('fileShare');
    });

    it('treats empty and blank settings as unset', () => {
      const config = readConfig(
        baseEnv({
          STATE_CONTAINER: '',
          SITE_CONTAINER: '   ',
          PAGE_TITLE: '',
          PAGE_URL: ' ',
          ALLOWED_TENANT_IDS: '',
        }),
      );
      expect(config.stateContainer).toBe('status-data');
      expect(config.siteContainer).toBe('$web');
      expect(config.pageTitle).toBe('Service status');
      expect(config).not.toHaveProperty('pageUrl');
      expect(config.allowedTenantIds).toEqual([]);
    });

    it('takes the settings that are given, trimmed', () => {
      const config = readConfig(
        baseEnv({ STATE_CONTAINER: ' state ', SITE_CONTAINER: 'site', PAGE_TITLE: ' Contoso status ' }),
      );
      expect(config.stateContainer).toBe('state');
      expect(config.siteContainer).toBe('site');
      expect(config.pageTitle).toBe('Contoso status');
    });

    it('reads process.env when no environment is passed', () => {
      const saved = { ...process.env };
      try {
        process.env.TEAMS_WEBHOOK_SECRET = SECRET;
        process.env.STORAGE_CONNECTION_STRING = CONNECTION_STRING;
        process.env.PAGE_TITLE = 'From process.env';
        delete process.env.STORAGE_ACCOUNT_URL;
        delete process.env.PAGE_URL;
        delete process.env.ALLOWED_TENANT_IDS;
        delete process.env.ALLOWED_USER_IDS;
        delete process.env.STATE_CONTAINER;
        delete process.env.SITE_CONTAINER;
        expect(readConfig().pageTitle).toBe('From process.env');
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    });
  });

  describe('TEAMS_WEBHOOK_SECRET', () => {
    it('is decoded from base64', () => {
      const config = readConfig(baseEnv());
      expect(config.teamsSecret.toString('utf8')).toBe('teams-status-page-test-secret');
    });

    it('is trimmed before decoding', () => {
      expect(readConfig(baseEnv({ TEAMS_WEBHOOK_SECRET: ` ${SECRET}\n` })).teamsSecret).toEqual(
        Buffer.from(SECRET, 'base64'),
      );
    });

    it.each([undefined, '', '   '])(
      'is required (%p): the message names it and says where to find it',
      (value) => {
        const error = configError(baseEnv({ TEAMS_WEBHOOK_SECRET: value }));
        expect(error.message).toContain('TEAMS_WEBHOOK_SECRET');
        expect(error.message).toContain('security token');
        expect(error.message).toContain('local.settings.json');
      },
    );

    it.each([
      ['characters outside base64', 'not base64 at all!'],
      ['a bad length', 'dGVhbXMtc3RhdHVzLXBhZ2UtdGVzdC1zZWNyZXQ'],
      ['base64url characters', 'dGVhbXMt_3RhdHVzLXBhZ2UtdGVzdC1zZWNyZXQ='],
      ['fewer than 16 bytes', 'c2hvcnQtc2VjcmV0'],
    ])('refuses a value with %s', (_label, value) => {
      const error = configError(baseEnv({ TEAMS_WEBHOOK_SECRET: value }));
      expect(error.message).toContain('TEAMS_WEBHOOK_SECRET');
      expect(error.message).toContain('base64');
    });

    it('refuses an unresolved Key Vault reference with a message that says how to fix it', () => {
      const error = configError(baseEnv({ TEAMS_WEBHOOK_SECRET: KEY_VAULT_REFERENCE }));
      expect(error.message).toContain('TEAMS_WEBHOOK_SECRET');
      expect(error.message).toContain('Key Vault reference');
      expect(error.message).toContain(KEY_VAULT_REFERENCE);
      expect(error.message).toContain('Key Vault Secrets User');
    });
  });

  describe('storage', () => {
    it('is required: the message names both ways to set it', () => {
      const error = configError({ TEAMS_WEBHOOK_SECRET: SECRET });
      expect(error.message).toContain('STORAGE_CONNECTION_STRING');
      expect(error.message).toContain('STORAGE_ACCOUNT_URL');
    });

    it('uses the account URL (managed identity) when there is no connection string', () => {
      const url = 'https://ststatus.blob.core.windows.net';
      expect(readConfig({ TEAMS_WEBHOOK_SECRET: SECRET, STORAGE_ACCOUNT_URL: url }).storage).toEqual({
        kind: 'accountUrl',
        accountUrl: url,
      });
    });

    it('prefers the connection string when both are set', () => {
      const config = readConfig(baseEnv({ STORAGE_ACCOUNT_URL: 'https://ststatus.blob.core.windows.net' }));
      expect(config.storage.kind).toBe('connectionString');
    });

    it.each(['http://ststatus.blob.core.windows.net', 'ststatus.blob.core.windows.net', 'https://'])(
      'refuses an account URL that is not an https endpoint: %p',
      (url) => {
        const error = configError({ TEAMS_WEBHOOK_SECRET: SECRET, STORAGE_ACCOUNT_URL: url });
        expect(error.message).toContain('STORAGE_ACCOUNT_URL');
      },
    );

    it('refuses an unresolved Key Vault reference for the connection string', () => {
      const error = configError(baseEnv({ STORAGE_CONNECTION_STRING: KEY_VAULT_REFERENCE }));
      expect(error.message).toContain('STORAGE_CONNECTION_STRING');
      expect(error.message).toContain('Key Vault');
    });
  });

  describe('allowlists', () => {
    it('splits on commas, trims, lower-cases and drops empty entries', () => {
      const config = readConfig(
        baseEnv({
          ALLOWED_TENANT_IDS: ' 72F988BF-86F1-41AF-91AB-2D7CD011DB47 , ,Contoso-Tenant,',
          ALLOWED_USER_IDS: '6B0F4E9C-1D2A-4C3B-9E8F-A11CE0000001',
        }),
      );
      expect(config.allowedTenantIds).toEqual(['72f988bf-86f1-41af-91ab-2d7cd011db47', 'contoso-tenant']);
      expect(config.allowedUserIds).toEqual(['6b0f4e9c-1d2a-4c3b-9e8f-a11ce0000001']);
    });

    it('is empty when it is only commas and spaces', () => {
      expect(readConfig(baseEnv({ ALLOWED_USER_IDS: ' , ,, ' })).allowedUserIds).toEqual([]);
    });
  });

  describe('PAGE_URL', () => {
    it('is normalised to a full URL', () => {
      expect(readConfig(baseEnv({ PAGE_URL: 'https://status.contoso.example' })).pageUrl).toBe(
        'https://status.contoso.example/',
      );
    });

    it('accepts http for a local preview', () => {
      expect(readConfig(baseEnv({ PAGE_URL: 'http://localhost:8080/' })).pageUrl).toBe(
        'http://localhost:8080/',
      );
    });

    it('refuses a value that is not a URL, naming the setting', () => {
      const error = configError(baseEnv({ PAGE_URL: 'status page' }));
      expect(error.message).toContain('PAGE_URL');
      expect(error.message).toContain('"status page"');
    });

    it.each(['ftp://status.contoso.example/', 'javascript:alert(1)', 'file:///var/www/index.html'])(
      'refuses a URL that is not http(s): %p',
      (url) => {
        expect(configError(baseEnv({ PAGE_URL: url })).message).toBe('PAGE_URL must be an http(s) URL.');
      },
    );
  });

  describe('PUBLISH_TARGETS', () => {
    const ACCOUNT_URL = 'https://ststatus.blob.core.windows.net/';
    const identityEnv = (fields: Record<string, string | undefined>) => ({
      TEAMS_WEBHOOK_SECRET: SECRET,
      STORAGE_ACCOUNT_URL: ACCOUNT_URL,
      ...fields,
    });

    it('publishes to the static website alone when unset or blank', () => {
      expect(readConfig(baseEnv({ PUBLISH_TARGETS: undefined })).publishTargets).toEqual(['blob']);
      expect(readConfig(baseEnv({ PUBLISH_TARGETS: ' , ' })).publishTargets).toEqual(['blob']);
    });

    it('takes both targets in the order given, case-insensitive, each once', () => {
      const config = readConfig(
        identityEnv({ PUBLISH_TARGETS: ' FileShare , blob,fileshare', FILE_SHARE_NAME: 'status-site' }),
      );
      expect(config.publishTargets).toEqual(['fileshare', 'blob']);
    });

    it('refuses an unknown target, naming it and the targets there are', () => {
      const error = configError(baseEnv({ PUBLISH_TARGETS: 'blob,s3' }));
      expect(error.message).toContain('PUBLISH_TARGETS');
      expect(error.message).toContain('"s3"');
      expect(error.message).toContain('blob,fileshare');
    });

    it('needs FILE_SHARE_NAME for the fileshare target', () => {
      const error = configError(baseEnv({ PUBLISH_TARGETS: 'fileshare' }));
      expect(error.message).toContain('FILE_SHARE_NAME');
    });

    it.each(['St', 'Status-Site', 'status--site', '-status', 'status_site', 'a'.repeat(64)])(
      'refuses a share name Azure Files would refuse: %p',
      (name) => {
        const error = configError(baseEnv({ PUBLISH_TARGETS: 'fileshare', FILE_SHARE_NAME: name }));
        expect(error.message).toContain('FILE_SHARE_NAME');
        expect(error.message).toContain(name);
      },
    );

    it('uses the connection string for the share when storage has one', () => {
      const config = readConfig({
        TEAMS_WEBHOOK_SECRET: SECRET,
        STORAGE_CONNECTION_STRING:
          'DefaultEndpointsProtocol=https;AccountName=ststatus;AccountKey=a2V5;EndpointSuffix=core.windows.net',
        PUBLISH_TARGETS: 'blob,fileshare',
        FILE_SHARE_NAME: 'status-site',
      });
      expect(config.fileShare).toEqual({ shareName: 'status-site' });
    });

    it.each([
      'UseDevelopmentStorage=true',
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
    ])(
      'refuses the fileshare target on the storage emulator, which has no Azure Files: %p',
      (connectionString) => {
        const error = configError(
          baseEnv({
            STORAGE_CONNECTION_STRING: connectionString,
            PUBLISH_TARGETS: 'fileshare',
            FILE_SHARE_NAME: 'status-site',
          }),
        );
        expect(error.message).toContain('no Azure Files');
        expect(error.message).toContain('PUBLISH_TARGETS=blob');
      },
    );

    it('derives the Azure Files endpoint from STORAGE_ACCOUNT_URL with managed identity', () => {
      const config = readConfig(
        identityEnv({ PUBLISH_TARGETS: 'fileshare', FILE_SHARE_NAME: 'status-site' }),
      );
      expect(config.fileShare).toEqual({
        shareName: 'status-site',
        serviceUrl: 'https://ststatus.file.core.windows.net',
      });
    });

    it('derives it in a sovereign cloud too', () => {
      const config = readConfig(
        identityEnv({
          STORAGE_ACCOUNT_URL: 'https://ststatus.blob.core.chinacloudapi.cn',
          PUBLISH_TARGETS: 'fileshare',
          FILE_SHARE_NAME: 'status-site',
        }),
      );
      expect(config.fileShare?.serviceUrl).toBe('https://ststatus.file.core.chinacloudapi.cn');
    });

    it('prefers FILE_SERVICE_URL, and needs it when the blob endpoint does not name the account', () => {
      const given = readConfig(
        identityEnv({
          PUBLISH_TARGETS: 'fileshare',
          FILE_SHARE_NAME: 'status-site',
          FILE_SERVICE_URL: 'https://files.contoso.example',
        }),
      );
      expect(given.fileShare?.serviceUrl).toBe('https://files.contoso.example');
      const error = configError(
        identityEnv({
          STORAGE_ACCOUNT_URL: 'https://storage.contoso.example',
          PUBLISH_TARGETS: 'fileshare',
          FILE_SHARE_NAME: 'status-site',
        }),
      );
      expect(error.message).toContain('FILE_SERVICE_URL');
    });

    it('refuses a FILE_SERVICE_URL that is not https', () => {
      const error = configError(
        identityEnv({
          PUBLISH_TARGETS: 'fileshare',
          FILE_SHARE_NAME: 'status-site',
          FILE_SERVICE_URL: 'http://ststatus.file.core.windows.net',
        }),
      );
      expect(error.message).toContain('FILE_SERVICE_URL');
    });

    it('ignores FILE_SHARE_NAME when the fileshare target is not used', () => {
      expect(readConfig(baseEnv({ FILE_SHARE_NAME: 'Not Valid' }))).not.toHaveProperty('fileShare');
    });
  });

  describe('API_CONTAINER', () => {
    it('is off when unset: the JSON is only in the site', () => {
      expect(readConfig(baseEnv())).not.toHaveProperty('apiContainer');
    });

    it('names the container the Statuspage JSON is mirrored into', () => {
      expect(readConfig(baseEnv({ API_CONTAINER: ' api ' })).apiContainer).toBe('api');
    });

    it('refuses a name Blob Storage would refuse, saying what a name may hold', () => {
      for (const name of ['$web', 'Api', 'a', 'my--api', '-api', 'api/v2']) {
        const error = configError(baseEnv({ API_CONTAINER: name }));
        expect(error.message).toContain(`API_CONTAINER "${name}" is not a blob container name`);
        expect(error.message).toContain('lower-case letters, digits and single hyphens');
      }
    });
  });

  describe('ConfigError', () => {
    it('is an Error named ConfigError', () => {
      const error = configError({});
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ConfigError');
    });
  });
});
