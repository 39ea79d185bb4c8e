import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BlobServiceClient } from '@azure/storage-blob';
import { signBody } from '../../src/adapters/teams/signature';
import { bundleFunctions, type BundleReport } from '../../scripts/bundle';
import { teamsActivity } from '../../scripts/teamsActivity';
import { azuriteConnectionString } from '../support/testApp';

// The deployment package, built as `npm run bundle` builds it, run the way the Functions worker runs it: in a
// fresh node process, from a folder with no node_modules anywhere above it, answering a signed Teams request
// with state and page in Azurite.

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const harness = path.join(__dirname, 'bundleHarness.cjs');

interface HarnessResult {
  startedMs: number;
  loadedMs: number;
  repliedMs: number;
  registered: string[];
  programmingModel: string;
  status: number;
  replyBody: string;
  timerError?: string;
  errors: unknown[];
  loadedFiles: string[];
}

let workDir: string;
let report: BundleReport;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'status-bundle-'));
  report = await bundleFunctions({ outDir: path.join(workDir, 'package'), root });
}, 60_000);
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function containers() {
  const service = BlobServiceClient.fromConnectionString(azuriteConnectionString());
  const suffix = randomUUID().slice(0, 8);
  const [state, site] = [
    service.getContainerClient(`state-${suffix}`),
    service.getContainerClient(`web-${suffix}`),
  ];
  await state.create();
  await site.create();
  return { state, site };
}

async function runHarness(options: {
  secret: Buffer;
  body: Buffer;
  authorization?: string;
  stateContainer: string;
  siteContainer: string;
  timer?: string;
  /** Settings as the Function App has them; by default every setting the app needs. */
  settings?: Record<string, string>;
}): Promise<HarnessResult> {
  const { stdout } = await run(process.execPath, [harness], {
    cwd: workDir,
    // Only what the Function App would have: no NODE_OPTIONS, no NODE_PATH, nothing of this project's.
    env: {
      PATH: process.env.PATH ?? '',
      BUNDLE_DIR: report.outDir,
      HARNESS_FUNCTION: 'teams',
      HARNESS_BODY: options.body.toString('base64'),
      ...(options.authorization ? { HARNESS_AUTHORIZATION: options.authorization } : {}),
      ...(options.timer ? { HARNESS_TIMER: options.timer } : {}),
      ...(options.settings ?? {
        TEAMS_WEBHOOK_SECRET: options.secret.toString('base64'),
        STORAGE_CONNECTION_STRING: azuriteConnectionString(),
        STATE_CONTAINER: options.stateContainer,
        SITE_CONTAINER: options.siteContainer,
        PAGE_TITLE: 'Bundled status',
        PAGE_URL: 'https://status.example.com/',
      }),
    },
  });
  return JSON.parse(stdout) as HarnessResult;
}

describe('the deployment bundle (npm run bundle)', () => {
  it('holds a bundle per function, one shared bundle, host.json, the runtime assets and a package.json naming the functions', () => {
    const functions = readdirSync(path.join(root, 'functions'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `functions/${name.replace(/\.ts$/, '.js')}`)
      .sort();
    expect(report.functions.map((file) => file.path)).toEqual(functions);
    expect(report.shared.path).toBe('lib/shared.js');
    const manifest = JSON.parse(readFileSync(path.join(report.outDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.main).toBe('functions/*.js');
    expect(manifest).not.toHaveProperty('dependencies');
    expect(readFileSync(path.join(report.outDir, 'host.json'), 'utf8')).toBe(
      readFileSync(path.join(root, 'host.json'), 'utf8'),
    );
    expect(existsSync(path.join(report.outDir, 'templates', 'index.hbs'))).toBe(true);
    if (existsSync(path.join(root, 'status.config.json'))) {
      expect(existsSync(path.join(report.outDir, 'status.config.json'))).toBe(true);
    }
    expect(existsSync(path.join(report.outDir, 'node_modules'))).toBe(false);
  });

  it('keeps one copy of the app, in the shared bundle: each function bundle is only its own few lines', () => {
    for (const file of report.functions) expect(file.bytes).toBeLessThan(8 * 1024);
    expect(report.shared.bytes).toBeGreaterThan(100 * 1024);
  });

  it('reports the size of each bundle, raw and gzipped', () => {
    for (const file of [report.shared, ...report.functions]) {
      expect(file.bytes).toBe(readFileSync(path.join(report.outDir, file.path)).length);
      expect(file.gzipBytes).toBeGreaterThan(0);
      expect(file.gzipBytes).toBeLessThan(file.bytes);
    }
  });

  it('loads in a fresh node process and answers a signed Teams request', async () => {
    const { state, site } = await containers();
    const secret = randomBytes(32);
    const body = Buffer.from(
      JSON.stringify(teamsActivity('open Chat is down | We are investigating')),
      'utf8',
    );
    const result = await runHarness({
      secret,
      body,
      authorization: `HMAC ${signBody(body, secret)}`,
      stateContainer: state.containerName,
      siteContainer: site.containerName,
    });

    expect(result.status).toBe(200);
    // Changed by the replies issue: a change is answered with one text message.
    expect(JSON.stringify(JSON.parse(result.replyBody) as unknown)).toContain('Opened INC-1');
    expect(result.registered.sort()).toEqual(['deliver', 'siteTimer', 'teams']);
    expect(result.programmingModel).toMatch(/^@azure\/functions@4\./);
    expect(result.errors).toEqual([]);
    const index = (await site.getBlobClient('index.html').downloadToBuffer()).toString('utf8');
    expect(index).toContain('Chat is down');
  });

  it('needs nothing outside its own folder: it loads its bundles, and nothing else', async () => {
    const { state, site } = await containers();
    const secret = randomBytes(32);
    const body = Buffer.from(JSON.stringify(teamsActivity('list')), 'utf8');
    const result = await runHarness({
      secret,
      body,
      authorization: `HMAC ${signBody(body, secret)}`,
      stateContainer: state.containerName,
      siteContainer: site.containerName,
    });
    const outside = result.loadedFiles.filter((file) => file !== harness && !file.startsWith(report.outDir));
    expect(outside).toEqual([]);
    // The shared bundle once, however many functions load it.
    expect(result.loadedFiles.filter((file) => file.startsWith(report.outDir)).sort()).toEqual(
      [report.shared, ...report.functions].map((file) => path.join(report.outDir, file.path)).sort(),
    );
  });

  it('refuses an unsigned request with 401 and stores nothing', async () => {
    const { state, site } = await containers();
    const body = Buffer.from(JSON.stringify(teamsActivity('open Chat is down')), 'utf8');
    const result = await runHarness({
      secret: randomBytes(32),
      body,
      stateContainer: state.containerName,
      siteContainer: site.containerName,
    });
    expect(result.status).toBe(401);
    const stored = [];
    for await (const blob of state.listBlobsFlat()) stored.push(blob.name);
    expect(stored).toEqual([]);
  });

  it('runs the timer function from its bundle too', async () => {
    const { state, site } = await containers();
    const secret = randomBytes(32);
    const body = Buffer.from(JSON.stringify(teamsActivity('help')), 'utf8');
    const result = await runHarness({
      secret,
      body,
      authorization: `HMAC ${signBody(body, secret)}`,
      stateContainer: state.containerName,
      siteContainer: site.containerName,
      timer: 'siteTimer',
    });
    expect(result.timerError).toBeUndefined();
    expect(await site.getBlobClient('index.html').exists()).toBe(true);
  });

  // The first `azd up` deploys the app before the Teams token is in Key Vault: the Functions host must still load
  // it and register its functions (with FUNCTIONS_NODE_BLOCK_ON_ENTRY_POINT_ERROR=true a throw while loading fails
  // the deployment), and the webhook must say what to set.
  // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#functions_node_block_on_entry_point_error
  it.each([
    ['no settings at all', {}, 'TEAMS_WEBHOOK_SECRET is not set'],
    [
      'the Teams token still an unresolved Key Vault reference',
      {
        TEAMS_WEBHOOK_SECRET:
          '@Microsoft.KeyVault(SecretUri=https://kv-status.vault.azure.net/secrets/teams-webhook-secret/)',
        STORAGE_ACCOUNT_URL: 'https://ststatus.blob.core.windows.net',
      },
      'TEAMS_WEBHOOK_SECRET is still the Key Vault reference',
    ],
  ])(
    'loads with %s: every function registers (the webhook, the timer, the queue function), the webhook answers 503 naming the setting, the timer skips',
    async (_case, settings, problem) => {
      const body = Buffer.from(JSON.stringify(teamsActivity('list')), 'utf8');
      const result = await runHarness({
        secret: randomBytes(32),
        body,
        stateContainer: 'unused',
        siteContainer: 'unused',
        timer: 'siteTimer',
        settings,
      });
      expect(result.registered.sort()).toEqual(['deliver', 'siteTimer', 'teams']);
      expect(result.status).toBe(503);
      expect(result.replyBody).toContain(problem);
      expect(result.timerError).toBeUndefined();
      // One log line per invocation (the webhook's and the timer's), each naming the setting.
      const logged = result.errors.map((entry) => JSON.stringify(entry));
      expect(logged).toHaveLength(2);
      for (const line of logged) expect(line).toContain(problem);
    },
  );
});
