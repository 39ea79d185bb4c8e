// Settings are read once, at the edge, and fail fast with a message that says how to fix them.

export type StorageConfig =
  { kind: 'connectionString'; connectionString: string } | { kind: 'accountUrl'; accountUrl: string };

export interface Config {
  /** The base64-decoded security token of the Teams outgoing webhook. */
  teamsSecret: Buffer;
  storage: StorageConfig;
  stateContainer: string;
  siteContainer: string;
  pageTitle: string;
  pageUrl?: string;
  allowedTenantIds: string[];
  allowedUserIds: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  if (value?.startsWith('@Microsoft.KeyVault(')) {
    throw new ConfigError(
      `${name} is still the Key Vault reference "${value}": the Function App could not resolve it. Check that the secret exists and that the app's managed identity has the "Key Vault Secrets User" role on the vault.`,
    );
  }
  return value ? value : undefined;
}

function list(env: Env, name: string): string[] {
  return (setting(env, name) ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function teamsSecret(env: Env): Buffer {
  const value = setting(env, 'TEAMS_WEBHOOK_SECRET');
  if (!value) {
    throw new ConfigError(
      'TEAMS_WEBHOOK_SECRET is not set. Paste the security token Teams showed when you created the outgoing webhook (locally: in local.settings.json under "Values").',
    );
  }
  if (!BASE64.test(value) || Buffer.from(value, 'base64').length < 16) {
    throw new ConfigError(
      'TEAMS_WEBHOOK_SECRET is not a base64 security token of at least 16 bytes. Copy it exactly as Teams showed it.',
    );
  }
  return Buffer.from(value, 'base64');
}

function storage(env: Env): StorageConfig {
  const connectionString = setting(env, 'STORAGE_CONNECTION_STRING');
  if (connectionString) return { kind: 'connectionString', connectionString };
  const accountUrl = setting(env, 'STORAGE_ACCOUNT_URL');
  if (accountUrl) {
    if (!/^https:\/\/[^/]+/.test(accountUrl)) {
      throw new ConfigError(
        `STORAGE_ACCOUNT_URL must be the https blob endpoint, e.g. https://<account>.blob.core.windows.net`,
      );
    }
    return { kind: 'accountUrl', accountUrl };
  }
  throw new ConfigError(
    'Set STORAGE_CONNECTION_STRING (local and dev) or STORAGE_ACCOUNT_URL (Azure, with managed identity).',
  );
}

function pageUrl(env: Env): string | undefined {
  const value = setting(env, 'PAGE_URL');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `PAGE_URL "${value}" is not a URL; use the public address of the page, e.g. https://status.example.com/`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError('PAGE_URL must be an http(s) URL.');
  return url.href;
}

export function readConfig(env: Env = process.env): Config {
  const config: Config = {
    teamsSecret: teamsSecret(env),
    storage: storage(env),
    stateContainer: setting(env, 'STATE_CONTAINER') ?? 'status-data',
    siteContainer: setting(env, 'SITE_CONTAINER') ?? '$web',
    pageTitle: setting(env, 'PAGE_TITLE') ?? 'Service status',
    allowedTenantIds: list(env, 'ALLOWED_TENANT_IDS'),
    allowedUserIds: list(env, 'ALLOWED_USER_IDS'),
  };
  const url = pageUrl(env);
  if (url) config.pageUrl = url;
  return config;
}
