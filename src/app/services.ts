import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { ShareClient } from '@azure/storage-file-share';
import type { Config } from '../config';
import type {
  AuditLog,
  DeliveryLedger,
  DeliveryOutcome,
  DeliveryQueue,
  DeliverySender,
  SitePublisher,
  SiteRenderer,
  StateStore,
} from '../core/ports';
import type { Delivery } from '../core/subscribers/deliveries';
import { deliver, type DeliverDeps } from './deliver';
import type { Catalog } from '../core/model/catalog';
import { auditEntry } from './auditEntry';
import type { CommandDeps } from './commandDeps';
import { PublishQueue } from './publishQueue';
import { runClockTick } from './runClockTick';
import { runCommand } from './runCommand';
import { TransactionQueue } from './transactionQueue';
import { findCatalogFile, loadCatalog } from '../adapters/catalogFile';
import { createDeliveryQueue } from '../adapters/queue/storageDeliveryQueue';
import { BlobDeliveryLedger } from '../adapters/storage/blobDeliveryLedger';
import { readSubscriberEndpoints } from '../adapters/subscribers/endpoints';
import { httpSender } from '../adapters/subscribers/httpSender';
import { findTemplatesDir } from '../adapters/render/templatesDir';
import { loadSiteRenderer } from '../adapters/render/handlebarsRenderer';
import { memoizeRenderer } from '../adapters/render/memoizeRenderer';
import { BlobAuditLog } from '../adapters/storage/blobAuditLog';
import { createBlobServiceClient } from '../adapters/storage/blobClient';
import { BlobSitePublisher } from '../adapters/storage/blobSitePublisher';
import { BlobStateStore } from '../adapters/storage/blobStateStore';
import { createShareClient } from '../adapters/storage/fileShareClient';
import { FileSharePublisher } from '../adapters/storage/fileSharePublisher';
import { ApiMirrorPublisher } from '../adapters/storage/apiMirrorPublisher';
import { MultiPublisher } from '../adapters/storage/multiPublisher';
import { createWebhookHandler, REPLY_DEADLINE_MS } from '../adapters/teams/webhookHandler';

export interface Services {
  store: StateStore;
  publisher: SitePublisher;
  audit: AuditLog;
  render: SiteRenderer;
  commandDeps: CommandDeps;
  teamsWebhook: ReturnType<typeof createWebhookHandler>;
  catalog: Catalog;
  /** The timer's work: move the state to now and publish, or finish a publish that failed. */
  tick: () => ReturnType<typeof runClockTick>;
  /** The queue function's work: one delivery to one subscriber. */
  deliver: (delivery: Delivery) => Promise<DeliveryOutcome>;
  /** What the delivering side is made of (the local worker receives from this queue). */
  deliverDeps: DeliverDeps;
  /** Subscribers that cannot be reached as configured, one line each; logged when the services start. */
  subscriberProblems: string[];
}

export interface ServiceOptions {
  blobService?: BlobServiceClient;
  /** The Azure Files share, when PUBLISH_TARGETS includes fileshare; made from the config when left out. */
  shareClient?: ShareClient;
  clock?: () => string;
  templatesDir?: string;
  catalog?: Catalog;
  /** How long a webhook request may take before its storage calls are aborted; Teams' limit by default. */
  replyDeadlineMs?: number;
  /** The delivery queue; the Storage queue `deliveries` by default. */
  deliveryQueue?: DeliveryQueue;
  deliveryLedger?: DeliveryLedger;
  send?: DeliverySender;
  /** Delivery tuning for tests: first retry delay, tries, per-try timeout. */
  delivery?: Pick<DeliverDeps, 'backoffBaseMs' | 'maxAttempts' | 'sendTimeoutMs'>;
  /** How long the timer leaves a save's changes to the command that saved them (30 s by default). */
  notifyGraceMs?: number;
}

/** One publisher per PUBLISH_TARGETS entry; several are written together, each file to every target. */
function createSitePublisher(
  config: Config,
  blobService: BlobServiceClient,
  options: ServiceOptions,
): SitePublisher {
  const publishers = (config.publishTargets ?? ['blob']).map((target): SitePublisher => {
    if (target === 'blob') return new BlobSitePublisher(blobService.getContainerClient(config.siteContainer));
    if (!config.fileShare)
      throw new Error('PUBLISH_TARGETS includes fileshare without a file share setting.');
    return new FileSharePublisher(options.shareClient ?? createShareClient(config.storage, config.fileShare));
  });
  const [only] = publishers;
  const site = publishers.length === 1 && only ? only : new MultiPublisher(publishers);
  if (!config.apiContainer) return site;
  return new ApiMirrorPublisher(
    site,
    new BlobSitePublisher(blobService.getContainerClient(config.apiContainer)),
  );
}

/**
 * The composition root: real adapters wired into the core. Function files call this and register triggers.
 * Each call is one Function App instance: its own queues, so two calls on one storage meet only at the ETags.
 */
export function createServices(config: Config, options: ServiceOptions = {}): Services {
  const blobService = options.blobService ?? createBlobServiceClient(config.storage);
  const stateContainer = blobService.getContainerClient(config.stateContainer);
  const store = new BlobStateStore(stateContainer);
  const publisher = createSitePublisher(config, blobService, options);
  const audit = new BlobAuditLog(stateContainer);
  const catalog = options.catalog ?? loadCatalog(config.statusConfigFile ?? findCatalogFile());
  // Each command renders the state the site shows and the one it saved; the next renders the latter again.
  const render = memoizeRenderer(
    loadSiteRenderer({
      templatesDir: options.templatesDir ?? findTemplatesDir(),
      pageTitle: config.pageTitle,
      catalog,
      ...(config.pageUrl ? { pageUrl: config.pageUrl } : {}),
    }),
  );
  const clock = options.clock ?? (() => new Date().toISOString());
  const subscribers = catalog.subscribers ?? [];
  const { endpoints, problems } = readSubscriberEndpoints(config.subscriberSettings ?? {}, subscribers);
  // Reported when the app starts, never skipped silently: `subscribers` in chat shows the same lines.
  for (const problem of problems) console.warn(JSON.stringify({ event: 'subscriber.unreachable', problem }));
  const queue = options.deliveryQueue ?? createDeliveryQueue(config.storage, config.deliveryQueueServiceUri);
  const ledger = options.deliveryLedger ?? new BlobDeliveryLedger(stateContainer);
  const deliverDeps: DeliverDeps = {
    queue,
    ledger,
    audit,
    send: options.send ?? httpSender,
    endpoints,
    clock,
    random: Math.random,
    ...options.delivery,
  };
  const commandDeps: CommandDeps = {
    store,
    publisher,
    audit,
    render,
    catalog,
    transactions: new TransactionQueue(),
    publishes: new PublishQueue(),
    clock,
    sleep: (ms) => sleep(ms),
    random: Math.random,
    // The Functions host sends console output to Application Insights as traces.
    log: (message) => console.error(message),
    pageTitle: config.pageTitle,
    ...(config.pageUrl ? { pageUrl: config.pageUrl } : {}),
  };
  if (subscribers.length > 0) {
    commandDeps.notify = {
      queue,
      ledger,
      clock,
      problems,
      settings: {
        pageTitle: config.pageTitle,
        catalog,
        ...(config.pageUrl ? { pageUrl: config.pageUrl } : {}),
      },
      ...(options.notifyGraceMs === undefined ? {} : { graceMs: options.notifyGraceMs }),
    };
  }
  const teamsWebhook = createWebhookHandler({
    secret: config.teamsSecret,
    allowedTenantIds: config.allowedTenantIds,
    allowedUserIds: config.allowedUserIds,
    run: (input) => runCommand(commandDeps, input),
    auditRefusal: (input, reason) =>
      audit.append(auditEntry(clock(), input, { outcome: 'refused', detail: reason })),
    now: Date.now,
    replyDeadlineMs: options.replyDeadlineMs ?? REPLY_DEADLINE_MS,
  });
  return {
    store,
    publisher,
    audit,
    render,
    catalog,
    commandDeps,
    teamsWebhook,
    tick: () => runClockTick(commandDeps),
    deliver: (delivery) => deliver(deliverDeps, delivery),
    deliverDeps,
    subscriberProblems: problems,
  };
}
