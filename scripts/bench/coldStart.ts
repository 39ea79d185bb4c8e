// Cold start: fresh `node` processes loading the deployment package as the Functions worker does, answering one
// request each (coldStartProbe.ts), and what they loaded.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunningAzurite } from '../azurite';
import { PROJECT_ROOT } from '../settings';
import { createContainers, newContainers, PAGE_TITLE, PAGE_URL, SECRET, signedActivity } from './benchApp';
import type { ColdStartProbe } from './coldStartProbe';
import { gzipBytes, progress, summarize, type Summary } from './stats';
import { UPDATES } from './workload';

export interface ColdStartVariant {
  /** The function files the process loaded before answering. */
  functionFiles: string[];
  /** Parent's wall clock from spawning `node` to reading the first reply. */
  processStartToReplyMs: Summary;
  /** Inside the child, from its process start (performance.timeOrigin). */
  nodeBootMs: Summary;
  functionsLoadMs: Summary;
  firstRequestMs: Summary;
}

export interface ColdStart {
  /** `bundle`: the esbuild bundle; `tsc`: the compiled dist/functions/*.js and what they require. */
  artifact: 'bundle' | 'tsc';
  packageDir: string;
  note: string;
  runs: number;
  /** As the Functions worker starts: every function file the package's `main` names, then the request. */
  worker: ColdStartVariant;
  /** The webhook's file alone. */
  webhookOnly: ColdStartVariant;
  size: {
    /** The webhook's function file. */
    webhookBytes: number;
    webhookGzipBytes: number;
    /** Every function file the package's `main` names. */
    functionFilesBytes: number;
    functionFilesGzipBytes: number;
    /**
     * Every JavaScript file the process had loaded by its first reply (the probe aside): with the bundle, the
     * function files and the shared bundle they require.
     */
    loadedModules: number;
    loadedBytes: number;
    loadedGzipBytes: number;
    modulesLoadedByFirstRequest: number;
    /** By package under node_modules, or by file within the deployment package. */
    largestPackages: { name: string; bytes: number }[];
  };
}

/** Run by `node` in a process of its own: the compiled coldStartProbe.ts next to this file. */
const PROBE_FILE = path.join(__dirname, 'coldStartProbe.js');

/** Where the bench builds its own bundle (git-ignored with the rest of bench-results/). */
const BENCH_BUNDLE_DIR = path.join('bench-results', 'bundle');

function runNode(args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => resolve(code === 0 ? '' : stderr.trim() || `exit ${code}`));
  });
}

interface Package {
  artifact: 'bundle' | 'tsc';
  dir: string;
  /** The webhook's function file, relative to `dir`. */
  webhook: string;
  note: string;
}

/**
 * The deployment package, built fresh by the project's bundler (scripts/bundle.ts) so the figure is never that
 * of a stale bundle; without a bundler, the tsc output, labelled as such.
 */
async function findPackage(): Promise<Package> {
  const bundler = path.join(__dirname, '..', 'bundle.js');
  const webhook = path.join('functions', 'teamsWebhook.js');
  if (existsSync(bundler)) {
    const failure = await runNode([bundler, BENCH_BUNDLE_DIR]);
    const dir = path.join(PROJECT_ROOT, BENCH_BUNDLE_DIR);
    if (!failure && existsSync(path.join(dir, webhook)))
      return {
        artifact: 'bundle',
        dir,
        webhook,
        note: `the esbuild bundle, built by dist/scripts/bundle.js into ${BENCH_BUNDLE_DIR}`,
      };
    progress(`the bundler failed (${failure.split('\n')[0] ?? ''}); measuring the tsc output instead`);
  }
  return {
    artifact: 'tsc',
    dir: PROJECT_ROOT,
    webhook: path.join('dist', webhook),
    note: 'NOT the bundle (no bundler could be run): the tsc output, dist/functions/*.js requiring dist/src and node_modules',
  };
}

function runProbe(
  env: NodeJS.ProcessEnv,
  profileDir: string | undefined,
): Promise<{ wallMs: number; probe: ColdStartProbe }> {
  return new Promise((resolve, reject) => {
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const started = performance.now();
    const child = spawn(process.execPath, [...profile, PROBE_FILE], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let wallMs: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (wallMs === undefined && stdout.includes('\n')) wallMs = performance.now() - started;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0 || wallMs === undefined)
        return reject(new Error(`Cold-start probe failed (${code}):\n${stderr}`));
      resolve({ wallMs, probe: JSON.parse(stdout.split('\n')[0] ?? '') as ColdStartProbe });
    });
  });
}

/** A loaded file's owner: its package under node_modules, or its path within the deployment package. */
function ownerOf(file: string, packageDir: string): string {
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
  return match?.[1]?.replace(/\\/g, '/') ?? path.relative(packageDir, file);
}

function toVariant(results: { wallMs: number; probe: ColdStartProbe }[]): ColdStartVariant {
  return {
    functionFiles: results[0]?.probe.functionFiles ?? [],
    processStartToReplyMs: summarize(results.map((r) => r.wallMs)),
    nodeBootMs: summarize(results.map((r) => r.probe.scriptStartMs)),
    functionsLoadMs: summarize(results.map((r) => r.probe.functionsLoadedMs - r.probe.scriptStartMs)),
    firstRequestMs: summarize(results.map((r) => r.probe.firstReplyMs - r.probe.functionsLoadedMs)),
  };
}

export async function measureColdStart(
  azurite: RunningAzurite,
  runs: number,
  profileDir: string | undefined,
): Promise<ColdStart> {
  const pkg = await findPackage();
  const containers = newContainers('cold');
  await createContainers(azurite.connectionString, containers);
  const worker: { wallMs: number; probe: ColdStartProbe }[] = [];
  const webhookOnly: { wallMs: number; probe: ColdStartProbe }[] = [];
  for (let run = 0; run < runs * 2; run++) {
    // Alternated, so drift on the machine falls on both alike.
    const alone = run % 2 === 1;
    const { body, authorization } = signedActivity(`open Cold start ${run} | ${UPDATES[0]}`, 'Grace Hopper');
    const env = {
      PATH: process.env.PATH,
      TEAMS_WEBHOOK_SECRET: SECRET.toString('base64'),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      STATE_CONTAINER: containers.state,
      SITE_CONTAINER: containers.site,
      PAGE_TITLE,
      PAGE_URL,
      BENCH_PACKAGE_DIR: pkg.dir,
      ...(alone ? { BENCH_ONLY_FILE: pkg.webhook } : {}),
      BENCH_BODY: body.toString('base64'),
      BENCH_AUTHORIZATION: authorization,
    };
    const result = await runProbe(env, profileDir);
    if (result.probe.status !== 200 || !result.probe.replyText.startsWith('Opened'))
      throw new Error(`Cold start: unexpected reply ${result.probe.status} ${result.probe.replyText}`);
    (alone ? webhookOnly : worker).push(result);
  }
  const last = worker.at(-1)?.probe;
  const loaded = (last?.modulesAtReply ?? []).filter(
    (module) => module !== PROBE_FILE && /\.[cm]?js$/.test(module),
  );
  const contents = loaded.map((module) => readFileSync(module));
  const byPackage = new Map<string, number>();
  loaded.forEach((module, i) => {
    const owner = ownerOf(module, pkg.dir);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + (contents[i]?.length ?? 0));
  });
  const webhook = readFileSync(path.join(pkg.dir, pkg.webhook));
  const functionFiles = (last?.functionFiles ?? []).map((file) => readFileSync(path.join(pkg.dir, file)));
  return {
    artifact: pkg.artifact,
    packageDir: path.relative(PROJECT_ROOT, pkg.dir) || '.',
    note: pkg.note,
    runs,
    worker: toVariant(worker),
    webhookOnly: toVariant(webhookOnly),
    size: {
      webhookBytes: webhook.length,
      webhookGzipBytes: gzipBytes(webhook),
      functionFilesBytes: functionFiles.reduce((sum, content) => sum + content.length, 0),
      functionFilesGzipBytes: functionFiles.reduce((sum, content) => sum + gzipBytes(content), 0),
      loadedModules: loaded.length,
      loadedBytes: contents.reduce((sum, content) => sum + content.length, 0),
      loadedGzipBytes: gzipBytes(Buffer.concat(contents)),
      modulesLoadedByFirstRequest: (last?.modulesAtReply.length ?? 0) - (last?.modulesAtLoad.length ?? 0),
      largestPackages: [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, bytes]) => ({ name, bytes })),
    },
  };
}
