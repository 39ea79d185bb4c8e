import { devConnectionString, startAzurite, startAzuriteQueue } from '../../scripts/azurite';

/** One in-memory Azurite for the whole run; each test uses containers of its own. */
export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite({ port: 0 });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { azurite?: typeof azurite }).azurite = azurite;
  // The delivery queue's suites use Azurite's Queue service.
  const queue = await startAzuriteQueue({ port: 0 });
  process.env.TEST_QUEUE_CONNECTION_STRING = devConnectionString(azurite.port, queue.port);
  (globalThis as { azuriteQueue?: typeof queue }).azuriteQueue = queue;
}
