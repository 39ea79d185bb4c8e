// `npm start`: the whole product on this machine — an embedded Azurite (unless STORAGE_CONNECTION_STRING points
// elsewhere), the functions at http://localhost:7071/api/<route>, and the static website preview on 8080.
// Everything that can be checked is checked before anything starts (settings, secret, ports, another `npm start`),
// and whatever did start is stopped again when a later step fails.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { devConnectionString, startAzurite, startAzuriteQueue, type RunningAzurite } from './azurite';
import {
  createFunctionsServer,
  createSitePreviewServer,
  listen,
  loadFunctions,
  startTimers,
  takenPorts,
  type NamedPort,
} from './localHost';
import { createDeliveryQueue } from '../src/adapters/queue/storageDeliveryQueue';
import { startQueueTriggers } from './queueTriggers';
import { forgetHost, recordHost, runningHost, type HostRecord } from './runningHost';
import {
  ensureLocalSettings,
  LOCAL_SETTINGS,
  loadSettings,
  PROJECT_ROOT,
  SettingsFileError,
  webhookSecretProblem,
} from './settings';
import { enableStaticWebsite } from './staticWebsite';

const DEV_STORAGE = 'UseDevelopmentStorage=true';
const AZURITE_DIR = path.join(PROJECT_ROOT, '.azurite');

/** A reason not to start, said in one message that tells how to fix it. */
class StartError extends Error {
  override name = 'StartError';
}

async function embeddedAzurite(): Promise<RunningAzurite> {
  mkdirSync(AZURITE_DIR, { recursive: true });
  try {
    return await startAzurite({ port: 10000, location: AZURITE_DIR });
  } catch {
    // Port 10000 is taken (an Azurite of your own?): ours takes any free port instead.
    return startAzurite({ port: 0, location: AZURITE_DIR });
  }
}

async function prepareStorage(blobService: BlobServiceClient, stateContainer: string, siteContainer: string) {
  await blobService.getContainerClient(stateContainer).createIfNotExists();
  await blobService.getContainerClient(siteContainer).createIfNotExists();
  // In Azure, azd's postprovision hook makes the same call; here it is made on Azurite.
  await enableStaticWebsite(blobService);
}

function portNumber(setting: string, value: string | undefined): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StartError(`${setting} must be a port number from 0 to 65535, not "${value}".`);
  return port;
}

function where(host: HostRecord): string {
  const urls = [host.webhookUrl, host.siteUrl].filter(Boolean).join(' and ');
  return urls ? ` at ${urls}` : '';
}

function alreadyRunning(host: HostRecord): StartError {
  return new StartError(
    `\`npm start\` is already running in this folder (process ${host.pid})${where(host)}. ` +
      `Use that one (\`npm run send\` finds it), or stop it first: Ctrl+C in its terminal, or \`kill ${host.pid}\`.`,
  );
}

function portsTaken(taken: readonly NamedPort[], all: readonly NamedPort[]): StartError {
  if (taken.length === 1 && all.filter((entry) => entry.port === taken[0]?.port).length > 1)
    return new StartError(`PORT and SITE_PORT are both ${taken[0]?.port}: give them different ports.`);
  const list = taken.map((entry) => `${entry.port} (${entry.setting})`).join(' and ');
  return new StartError(
    `Port ${list} ${taken.length > 1 ? 'are' : 'is'} already in use on 127.0.0.1: another program listens ` +
      `there, perhaps an \`npm start\` in another folder. Stop it, or choose free ports, e.g. ` +
      `\`PORT=7072 SITE_PORT=8081 npm start\` (or "PORT" and "SITE_PORT" in ${LOCAL_SETTINGS}); ` +
      `\`npm run send\` finds the new port by itself.`,
  );
}

/** The embedded Azurite processes, so a host killed without stopping them can clean them up next time. */
function embeddedRecord(
  blob: RunningAzurite,
  queue: Omit<RunningAzurite, 'connectionString'> | undefined,
): Pick<HostRecord, 'azuritePid' | 'azuriteQueuePid'> {
  return {
    ...(blob.process.pid === undefined ? {} : { azuritePid: blob.process.pid }),
    ...(queue?.process.pid === undefined ? {} : { azuriteQueuePid: queue.process.pid }),
  };
}

async function main(): Promise<void> {
  if (ensureLocalSettings()) console.log(`Created ${LOCAL_SETTINGS} with a new random TEAMS_WEBHOOK_SECRET.`);
  const settings = loadSettings({
    PORT: '7071',
    SITE_PORT: '8080',
    STATE_CONTAINER: 'status-data',
    SITE_CONTAINER: '$web',
  });
  const secretProblem = webhookSecretProblem(settings);
  if (secretProblem) throw new StartError(secretProblem);
  const ports: NamedPort[] = [
    { setting: 'PORT', port: portNumber('PORT', settings.PORT) },
    { setting: 'SITE_PORT', port: portNumber('SITE_PORT', settings.SITE_PORT) },
  ];
  const configured = settings.STORAGE_CONNECTION_STRING;
  const embedded = !configured || configured === DEV_STORAGE;
  const other = runningHost(PROJECT_ROOT);
  // A second host on the same Azurite data folder would run a second Azurite on it.
  if (other && embedded) throw alreadyRunning(other);
  const taken = await takenPorts(ports);
  if (taken.length > 0) throw other ? alreadyRunning(other) : portsTaken(taken, ports);
  // Only the first host in a folder records itself: one started beside it (its own storage, free ports) does not
  // take `npm run send` away from it.
  const record = other ? () => undefined : (host: Omit<HostRecord, 'pid'>) => recordHost(PROJECT_ROOT, host);

  let azurite: RunningAzurite | undefined;
  let queueService: Omit<RunningAzurite, 'connectionString'> | undefined;
  const servers: Server[] = [];
  let stopTimers: (() => void) | undefined;
  let stopQueues: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    stopTimers?.();
    await stopQueues?.();
    for (const server of servers) server.close();
    await Promise.all([azurite?.stop(), queueService?.stop()]);
    forgetHost(PROJECT_ROOT);
  };
  try {
    if (embedded) {
      azurite = await embeddedAzurite();
      record({ azuritePid: azurite.process.pid, azuriteLocation: AZURITE_DIR });
      // Its Queue service carries deliveries to subscribers; any free port.
      queueService = await startAzuriteQueue({ port: 0, location: AZURITE_DIR });
      record({ ...embeddedRecord(azurite, queueService), azuriteLocation: AZURITE_DIR });
      settings.STORAGE_CONNECTION_STRING = devConnectionString(azurite.port, queueService.port);
      console.log(
        `Azurite (blob) on http://127.0.0.1:${azurite.port}, (queue) on ${queueService.port}, data in .azurite/`,
      );
    }
    settings.PAGE_URL ??= `http://localhost:${ports[1]?.port}/`;
    Object.assign(process.env, settings);

    const blobService = BlobServiceClient.fromConnectionString(settings.STORAGE_CONNECTION_STRING ?? '');
    await prepareStorage(blobService, settings.STATE_CONTAINER ?? '', settings.SITE_CONTAINER ?? '');

    const registrations = loadFunctions(path.join(PROJECT_ROOT, 'dist', 'functions'));
    const functions = createFunctionsServer(registrations);
    const preview = createSitePreviewServer(blobService, settings.SITE_CONTAINER ?? '$web');
    servers.push(functions, preview);
    const functionsPort = await listen(functions, ports[0]?.port ?? 7071);
    const previewPort = await listen(preview, ports[1]?.port ?? 8080);
    stopTimers = await startTimers(registrations);
    // The delivering function, fed from the delivery queue as the Functions host feeds it.
    const deliveryQueue = createDeliveryQueue({
      kind: 'connectionString',
      connectionString: settings.STORAGE_CONNECTION_STRING ?? '',
    });
    stopQueues = await deliveryQueue.ensureExists().then(
      () => startQueueTriggers(registrations, deliveryQueue),
      (error: unknown) => {
        // A STORAGE_CONNECTION_STRING without a queue endpoint: the page works; subscribers wait for the queue.
        console.warn(
          `No delivery queue (${error instanceof Error ? error.message : String(error)}): subscribers are not pushed.`,
        );
        return () => Promise.resolve();
      },
    );

    const webhookUrl = `http://localhost:${functionsPort}/api/teams`;
    const siteUrl = `http://localhost:${previewPort}/`;
    record({
      ...(azurite ? { ...embeddedRecord(azurite, queueService), azuriteLocation: AZURITE_DIR } : {}),
      webhookUrl,
      siteUrl,
    });
    console.log(`\nFunctions:   ${webhookUrl}  (POST, Teams outgoing webhook)`);
    console.log(`Status page: ${siteUrl}`);
    console.log(`\nTry it:  npm run send -- "open Chat is down | We are investigating"\n`);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const stop = () => void stopAll().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof StartError || error instanceof SettingsFileError) console.error(error.message);
  else {
    const message = error instanceof Error ? error.message : String(error);
    // Storage errors carry a request ID and time on further lines; the first says what went wrong.
    console.error(`npm start failed: ${message.split('\n')[0]}`);
  }
  process.exit(1);
});
