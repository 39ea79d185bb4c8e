import { subscriberSettingName, type SubscriberDefinition } from '../../core/model/catalog';
import type { SubscriberEndpoint } from '../../core/ports';

export interface SubscriberEndpoints {
  endpoints: Record<string, SubscriberEndpoint>;
  /** One line per subscriber that cannot be reached, saying which setting to fix; reported when the app starts. */
  problems: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** SUBSCRIBER_<NAME>_URL and _SECRET for each declared subscriber. */
export function readSubscriberEndpoints(
  env: Env,
  subscribers: readonly SubscriberDefinition[],
): SubscriberEndpoints {
  const endpoints: Record<string, SubscriberEndpoint> = {};
  const problems: string[] = [];
  for (const subscriber of subscribers) {
    const key = `SUBSCRIBER_${subscriberSettingName(subscriber.name)}`;
    const raw = env[`${key}_URL`]?.trim();
    const secret = env[`${key}_SECRET`]?.trim();
    if (!raw) {
      problems.push(
        `Subscriber "${subscriber.name}" has no URL: set ${key}_URL (in Azure, a Key Vault reference).`,
      );
      continue;
    }
    if (raw.startsWith('@Microsoft.KeyVault(') || secret?.startsWith('@Microsoft.KeyVault(')) {
      problems.push(
        `Subscriber "${subscriber.name}": the Key Vault reference in ${key}_URL or ${key}_SECRET did not resolve; check the secret exists and the app's identity has "Key Vault Secrets User".`,
      );
      continue;
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      problems.push(`Subscriber "${subscriber.name}": ${key}_URL is not a URL.`);
      continue;
    }
    // Plain http only to this machine (local receivers); anything else would send signed bodies in clear.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
      problems.push(`Subscriber "${subscriber.name}": ${key}_URL must be https.`);
      continue;
    }
    if (subscriber.kind === 'webhook' && !secret) {
      problems.push(
        `Subscriber "${subscriber.name}" has no signing secret: set ${key}_SECRET so the receiver can verify requests (they are sent unsigned meanwhile).`,
      );
    }
    endpoints[subscriber.name] = { url: url.href, ...(secret ? { secret } : {}) };
  }
  return { endpoints, problems };
}
