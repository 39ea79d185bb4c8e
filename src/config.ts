// Settings are read once, at the edge, and fail fast with a message that says how to fix them.

export type StorageConfig =
  { kind: 'connectionString'; connectionString: string } | { kind: 'accountUrl'; accountUrl: string };

/** Where the page is published: the storage static website (`$web`), an Azure Files share, or both. */
export type PublishTarget = 'blob' | 'fileshare';

export interface FileShareConfig {
  shareName: string;
  /**
   * The Azure Files endpoint when storage is reached with managed identity (FILE_SERVICE_URL, or derived from
   * STORAGE_ACCOUNT_URL); with a connection string the connection string says where files live.
   */
  serviceUrl?: string;
}

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
  /**
   * At least one, each once, in the order given. readConfig always sets it; a config built by hand (tests,
   * tools) may leave it out for the static website alone.
   */
  publishTargets?: PublishTarget[];
  /** Present exactly when `publishTargets` includes `fileshare`. */
  fileShare?: FileShareConfig;
  /** STATUS_CONFIG_FILE: the path of status.config.json; found upwards from the app when unset. */
  statusConfigFile?: string;
  /** DELIVERY_QUEUE__queueServiceUri: the delivery queue's endpoint with managed identity (the trigger's too). */
  deliveryQueueServiceUri?: string;
  /** Every SUBSCRIBER_* setting, read against the declared subscribers once the catalog is loaded. */
  subscriberSettings?: Record<string, string>;
  /**
   * API_CONTAINER: a blob container that also receives the Statuspage JSON, served from the blob endpoint with
   * CORS (`api` gives Statuspage's own paths, `/api/v2/summary.json`). Unset: the JSON is only in the site.
   */
  apiContainer?: string;
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

/** Blob Storage's rule for container names: 3–63 lower-case letters, digits and single hyphens. */
function containerName(name: string, value: string): string {
  if (/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) return value;
  throw new ConfigError(
    `${name} "${value}" is not a blob container name: 3 to 63 lower-case letters, digits and single hyphens, e.g. "api".`,
  );
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

const PUBLISH_TARGETS: readonly PublishTarget[] = ['blob', 'fileshare'];

function isPublishTarget(value: string): value is PublishTarget {
  return PUBLISH_TARGETS.some((target) => target === value);
}

function publishTargets(env: Env): PublishTarget[] {
  const given = list(env, 'PUBLISH_TARGETS');
  if (given.length === 0) return ['blob'];
  const targets: PublishTarget[] = [];
  for (const value of given) {
    if (!isPublishTarget(value)) {
      throw new ConfigError(
        `PUBLISH_TARGETS names "${value}", which is not a publish target: use blob (the storage static website), fileshare (an Azure Files share), or both: blob,fileshare.`,
      );
    }
    if (!targets.includes(value)) targets.push(value);
  }
  return targets;
}

/** Azure Files share names: 3-63 lower-case letters, digits and single hyphens, starting with a letter or digit. */
const SHARE_NAME = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

function fileShare(env: Env, storage: StorageConfig): FileShareConfig {
  const shareName = setting(env, 'FILE_SHARE_NAME');
  if (!shareName) {
    throw new ConfigError(
      'PUBLISH_TARGETS includes fileshare, so FILE_SHARE_NAME must name the Azure Files share to publish to.',
    );
  }
  if (!SHARE_NAME.test(shareName)) {
    throw new ConfigError(
      `FILE_SHARE_NAME "${shareName}" is not a valid share name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.`,
    );
  }
  if (storage.kind === 'connectionString') {
    const { connectionString } = storage;
    const emulator = /UseDevelopmentStorage=true|AccountName=devstoreaccount1/i.test(connectionString);
    if (emulator && !/FileEndpoint=/i.test(connectionString)) {
      throw new ConfigError(
        'PUBLISH_TARGETS includes fileshare, but STORAGE_CONNECTION_STRING is the storage emulator, which has no Azure Files. Use PUBLISH_TARGETS=blob locally, or a connection string to a real storage account.',
      );
    }
    return { shareName };
  }
  const given = setting(env, 'FILE_SERVICE_URL');
  if (given !== undefined) {
    if (!/^https:\/\/[^/]+/.test(given)) {
      throw new ConfigError(
        'FILE_SERVICE_URL must be the https Azure Files endpoint, e.g. https://<account>.file.core.windows.net',
      );
    }
    return { shareName, serviceUrl: given };
  }
  // The file endpoint of the same account: https://<account>.blob.<suffix> → https://<account>.file.<suffix>.
  const derived = /^(https:\/\/[^./]+)\.blob\.([^/]+)/.exec(storage.accountUrl);
  if (!derived) {
    throw new ConfigError(
      `Cannot tell the Azure Files endpoint from STORAGE_ACCOUNT_URL "${storage.accountUrl}": set FILE_SERVICE_URL, e.g. https://<account>.file.core.windows.net`,
    );
  }
  return { shareName, serviceUrl: `${derived[1]}.file.${derived[2]}` };
}

export function readConfig(env: Env = process.env): Config {
  const secret = teamsSecret(env);
  const storageConfig = storage(env);
  const targets = publishTargets(env);
  const config: Config = {
    teamsSecret: secret,
    storage: storageConfig,
    stateContainer: setting(env, 'STATE_CONTAINER') ?? 'status-data',
    siteContainer: setting(env, 'SITE_CONTAINER') ?? '$web',
    pageTitle: setting(env, 'PAGE_TITLE') ?? 'Service status',
    allowedTenantIds: list(env, 'ALLOWED_TENANT_IDS'),
    allowedUserIds: list(env, 'ALLOWED_USER_IDS'),
    publishTargets: targets,
  };
  if (targets.includes('fileshare')) config.fileShare = fileShare(env, storageConfig);
  const statusConfigFile = setting(env, 'STATUS_CONFIG_FILE');
  if (statusConfigFile) config.statusConfigFile = statusConfigFile;
  const apiContainer = setting(env, 'API_CONTAINER');
  if (apiContainer) config.apiContainer = containerName('API_CONTAINER', apiContainer);
  const queueServiceUri = setting(env, 'DELIVERY_QUEUE__queueServiceUri');
  if (queueServiceUri) config.deliveryQueueServiceUri = queueServiceUri;
  const subscriberSettings: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('SUBSCRIBER_') && value !== undefined) subscriberSettings[name] = value;
  }
  if (Object.keys(subscriberSettings).length > 0) config.subscriberSettings = subscriberSettings;
  const url = pageUrl(env);
  if (url) config.pageUrl = url;
  return config;
}
