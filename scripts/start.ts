// `npm start`: the whole product on this machine — an embedded Azurite (unless STORAGE_CONNECTION_STRING points
// elsewhere), the functions at http://localhost:7071/api/<route>, and the static website preview on 8080.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { devConnectionString, startAzurite, startAzuriteQueue, type RunningAzurite } from './azurite';
import {
  createFunctionsServer,
  createSitePreviewServer,
  listen,
  loadFunctions,
  startTimers,
} from './localHost';
import { createDeliveryQueue } from '../src/adapters/queue/storageDeliveryQueue';
import { startQueueTriggers } from './queueTriggers';
import { ensureLocalSettings, LOCAL_SETTINGS, loadSettings, PROJECT_ROOT } from './settings';

const DEV_STORAGE = 'UseDevelopmentStorage=true';

async function embeddedAzurite(): Promise<RunningAzurite> {
  const location = path.join(PROJECT_ROOT, '.azurite');
  mkdirSync(location, { recursive: true });
  try {
    return await startAzurite({ port: 10000, location });
  } catch {
    // Port 10000 is taken (another Azurite?): ours takes any free port instead.
    return startAzurite({ port: 0, location });
  }
}

async function prepareStorage(blobService: BlobServiceClient, stateContainer: string, siteContainer: string) {
  await blobService.getContainerClient(stateContainer).createIfNotExists();
  await blobService.getContainerClient(siteContainer).createIfNotExists();
  // In Azure the infrastructure enables the static website; here we set the same property on Azurite.
  await blobService.setProperties({
    staticWebsite: { enabled: true, indexDocument: 'index.html', errorDocument404Path: '404.html' },
  });
}

async function main(): Promise<void> {
  if (ensureLocalSettings()) console.log(`Created ${LOCAL_SETTINGS} with a new random TEAMS_WEBHOOK_SECRET.`);
  const settings = loadSettings({
    PORT: '7071',
    SITE_PORT: '8080',
    STATE_CONTAINER: 'status-data',
    SITE_CONTAINER: '$web',
  });
  let azurite: RunningAzurite | undefined;
  let queueService: Omit<RunningAzurite, 'connectionString'> | undefined;
  const configured = settings.STORAGE_CONNECTION_STRING;
  if (!configured || configured === DEV_STORAGE) {
    azurite = await embeddedAzurite();
    // Its Queue service carries deliveries to subscribers; any free port.
    queueService = await startAzuriteQueue({ port: 0, location: path.join(PROJECT_ROOT, '.azurite') });
    settings.STORAGE_CONNECTION_STRING = devConnectionString(azurite.port, queueService.port);
    console.log(
      `Azurite (blob) on http://127.0.0.1:${azurite.port}, (queue) on ${queueService.port}, data in .azurite/`,
    );
  }
  const port = Number(settings.PORT);
  const sitePort = Number(settings.SITE_PORT);
  settings.PAGE_URL ??= `http://localhost:${sitePort}/`;
  Object.assign(process.env, settings);

  const blobService = BlobServiceClient.fromConnectionString(settings.STORAGE_CONNECTION_STRING ?? '');
  await prepareStorage(blobService, settings.STATE_CONTAINER ?? '', settings.SITE_CONTAINER ?? '');

  const registrations = loadFunctions(path.join(PROJECT_ROOT, 'dist', 'functions'));
  const functions = createFunctionsServer(registrations);
  const preview = createSitePreviewServer(blobService, settings.SITE_CONTAINER ?? '$web');
  const functionsPort = await listen(functions, port);
  const previewPort = await listen(preview, sitePort);
  const stopTimers = await startTimers(registrations);
  // The delivering function, fed from the delivery queue as the Functions host feeds it.
  const deliveryQueue = createDeliveryQueue({
    kind: 'connectionString',
    connectionString: settings.STORAGE_CONNECTION_STRING ?? '',
  });
  const stopQueues = await deliveryQueue.ensureExists().then(
    () => startQueueTriggers(registrations, deliveryQueue),
    (error: unknown) => {
      // A STORAGE_CONNECTION_STRING without a queue endpoint: the page works; subscribers wait for the queue.
      console.warn(
        `No delivery queue (${error instanceof Error ? error.message : String(error)}): subscribers are not pushed.`,
      );
      return () => Promise.resolve();
    },
  );

  console.log(`\nFunctions:   http://localhost:${functionsPort}/api/teams  (POST, Teams outgoing webhook)`);
  console.log(`Status page: http://localhost:${previewPort}/`);
  console.log(`\nTry it:  npm run send -- "open Chat is down | We are investigating"\n`);

  const stop = () => {
    stopTimers();
    void stopQueues();
    functions.close();
    preview.close();
    void Promise.all([azurite?.stop(), queueService?.stop()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
