import { setTimeout as sleep } from 'node:timers/promises';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from './config';
import type { AuditLog, SitePublisher, SiteRenderer, StateStore } from './core/ports';
import type { Catalog } from './core/catalog';
import { runClockTick, runCommand, type CommandDeps } from './core/runCommand';
import { loadCatalog } from './adapters/catalogFile';
import { findTemplatesDir } from './adapters/render/templatesDir';
import { loadSiteRenderer } from './adapters/render/handlebarsRenderer';
import { BlobAuditLog } from './adapters/storage/blobAuditLog';
import { createBlobServiceClient } from './adapters/storage/blobClient';
import { BlobSitePublisher } from './adapters/storage/blobSitePublisher';
import { BlobStateStore } from './adapters/storage/blobStateStore';
import { createWebhookHandler } from './adapters/teams/webhookHandler';

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
  clock?: () => string;
  templatesDir?: string;
  catalog?: Catalog;
}

/** The composition root: real adapters wired into the core. Function files call this and register triggers. */
export function createServices(config: Config, options: ServiceOptions = {}): Services {
  const blobService = options.blobService ?? createBlobServiceClient(config.storage);
  const stateContainer = blobService.getContainerClient(config.stateContainer);
  const store = new BlobStateStore(stateContainer);
  const publisher = new BlobSitePublisher(blobService.getContainerClient(config.siteContainer));
  const audit = new BlobAuditLog(stateContainer);
  const catalog = options.catalog ?? loadCatalog();
  const render = loadSiteRenderer(options.templatesDir ?? findTemplatesDir(), config.pageTitle);
  const clock = options.clock ?? (() => new Date().toISOString());
  const commandDeps: CommandDeps = {
    store,
    publisher,
    audit,
    render,
    catalog,
    clock,
    sleep: (ms) => sleep(ms),
    random: Math.random,
    pageTitle: config.pageTitle,
    ...(config.pageUrl ? { pageUrl: config.pageUrl } : {}),
  };
  const teamsWebhook = createWebhookHandler({
    secret: config.teamsSecret,
    allowedTenantIds: config.allowedTenantIds,
    allowedUserIds: config.allowedUserIds,
    run: (input) => runCommand(commandDeps, input),
    auditRefusal: (input, reason) =>
      audit.append({
        at: clock(),
        actor: input.actor,
        text: input.text,
        outcome: 'refused',
        detail: reason,
        ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      }),
    now: Date.now,
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

let shared: Services | undefined;

/** One set of services per process, shared by every function in the app; settings read once. */
export function sharedServices(readConfigFromEnv: () => Config): Services {
  shared ??= createServices(readConfigFromEnv());
  return shared;
}
