import type { RunningAzurite } from '../../scripts/azurite';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis as { azurite?: RunningAzurite; azuriteQueue?: Pick<RunningAzurite, 'stop'> };
  await Promise.all([running.azurite?.stop(), running.azuriteQueue?.stop()]);
}
