import type { Config } from '../config';
import { createServices, type Services } from './services';

export type ServicesResult = { ok: true; services: Services } | { ok: false; problem: string };

/**
 * One set of services per process, shared by every function in the app, built when the first invocation needs
 * it — never when the function files load. Azure loads the app before a Key Vault reference resolves (the first
 * `azd up` deploys before the Teams token is stored), and an app that throws while loading is reported as failed
 * with no function registered. A failure is not kept: the next invocation reads the settings again, so the app
 * works as soon as the setting resolves.
 */
export function servicesOnFirstUse(
  readConfig: () => Config,
  create: (config: Config) => Services = createServices,
): () => ServicesResult {
  let services: Services | undefined;
  return () => {
    if (services) return { ok: true, services };
    try {
      services = create(readConfig());
      return { ok: true, services };
    } catch (error) {
      // Settings errors (ConfigError) say which setting and how to fix it, and never echo a secret.
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  };
}
