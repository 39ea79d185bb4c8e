import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { ShareClient } from '@azure/storage-file-share';
import type { Config } from '../config';
import type { AuditLog, SitePublisher, SiteRenderer, StateStore } from '../core/ports';
import type { Catalog } from '../core/model/catalog';
import { auditEntry } from './auditEntry';
import type { CommandDeps } from './commandDeps';
import { PublishQueue } from './publishQueue';
import { runClockTick } from './runClockTick';
import { runCommand } from './runCommand';
import { SerialQueue } from './serialQueue';
import { loadCatalog } from '../adapters/catalogFile';
import { findTemplatesDir } from '../adapters/render/templatesDir';
import { loadSiteRenderer } from '../adapters/render/handlebarsRenderer';
import { memoizeRenderer } from '../adapters/render/memoizeRenderer';
import { BlobAuditLog } from '../adapters/storage/blobAuditLog';
import { createBlobServiceClient } from '../adapters/storage/blobClient';
import { BlobSitePublisher } from '../adapters/storage/blobSitePublisher';
import { BlobStateStore } from '../adapters/storage/blobStateStore';
import { createShareClient } from '../adapters/storage/fileShareClient';
import { FileSharePublisher } from '../adapters/storage/fileSharePublisher';
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
  return publishers.length === 1 && only ? only : new MultiPublisher(publishers);
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
  const catalog = options.catalog ?? loadCatalog();
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
  const commandDeps: CommandDeps = {
    store,
    publisher,
    audit,
    render,
    catalog,
    transactions: new SerialQueue(),
    publishes: new PublishQueue(),
    clock,
    sleep: (ms) => sleep(ms),
    random: Math.random,
    // The Functions host sends console output to Application Insights as traces.
    log: (message) => console.error(message),
    pageTitle: config.pageTitle,
    ...(config.pageUrl ? { pageUrl: config.pageUrl } : {}),
  };
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
  };
}
