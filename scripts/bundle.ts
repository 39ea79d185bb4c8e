// `npm run bundle`: the deployment package. A bundle per function file plus one shared bundle of the app, so a
// cold start reads a few files instead of resolving some five hundred modules in node_modules; next to them the
// runtime assets the code reads from disk (templates/, status.config.json), host.json, and a package.json whose
// `main` names the function bundles. The folder is self-contained: it runs on the Functions host without
// node_modules and without a remote build.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type OnResolveArgs, type Plugin } from 'esbuild';
import { findUpwards } from '../src/adapters/findUpwards';

/** The project root, found upwards (this file runs from scripts/ under jest and from dist/scripts/ under npm). */
function findRoot(from: string): string {
  const hostJson = findUpwards(from, 'host.json');
  if (!hostJson) throw new Error(`No host.json above ${from}`);
  return path.dirname(hostJson);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Read at run time relative to the code (see findTemplatesDir), so they travel next to the bundles. */
const RUNTIME_ASSETS = ['templates', 'status.config.json'];

/** Node 22 on Flex Consumption; 20 is the oldest the project supports locally, and the bundle test runs on it. */
const TARGET = 'node20';

/**
 * ESM code bundled into CommonJS loses `import.meta.url` (esbuild leaves it undefined). Some Azure SDK builds
 * read it at load time (@azure/storage-common in some versions; `open`, under @azure/identity, in this one), so
 * each bundle defines it once, from its own file name.
 */
const IMPORT_META_URL = '__bundleImportMetaUrl';
const BANNER = `const ${IMPORT_META_URL} = require('node:url').pathToFileURL(__filename).href;`;

export interface BundledFile {
  /** Relative to the bundle folder. */
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  outDir: string;
  /** The code every function shares, loaded once per process. */
  shared: BundledFile;
  /** One small bundle per function file: its own code, and what it takes from the shared bundle. */
  functions: BundledFile[];
}

export interface BundleOptions {
  /** Where the package is written; emptied first. */
  outDir: string;
  /** The project root; found from this file when left out. */
  root?: string;
}

/** Relative to the bundle folder; function bundles reach it as `../lib/shared.js`. */
export const SHARED_BUNDLE = 'lib/shared.js';
const SHARED_FROM_FUNCTIONS = `../${SHARED_BUNDLE}`;

/** esbuild settings shared by every bundle. */
export function bundleSettings(root: string): BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    // Provided by the Functions worker at run time; the local host and the bundle test stand in for it.
    // apache-arrow: storage-blob imports it on demand only to list blobs in Arrow format, which we never ask for;
    // bundled, it was 232 KiB (a tenth of the bundle) compiled at every cold start.
    external: ['@azure/functions-core', 'apache-arrow'],
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: BANNER },
    minify: true,
    // The SDKs and our errors are told apart by name in places (error.name === 'AbortError'); keep names.
    keepNames: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  };
}

/** Is this an import written in one of the function files themselves (not in what they import)? */
const fromFunctionFile = (args: OnResolveArgs, entries: ReadonlySet<string>) =>
  args.kind === 'import-statement' && entries.has(args.importer);

/** The modules the function files import, as written: `@azure/functions`, `../src/services`, … */
async function importsOfFunctionFiles(root: string, entries: ReadonlySet<string>): Promise<string[]> {
  const specifiers = new Set<string>();
  const collect: Plugin = {
    name: 'collect-function-imports',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (!fromFunctionFile(args, entries)) return undefined;
        specifiers.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    ...bundleSettings(root),
    entryPoints: [...entries],
    outdir: 'unused',
    write: false,
    sourcemap: false,
    plugins: [collect],
  });
  return [...specifiers].sort();
}

/**
 * Function bundles take every module their function file imports from the shared bundle, at run time, by the
 * specifier written in the file: the module is then loaded once per process whichever function loads first.
 */
function fromSharedBundle(entries: ReadonlySet<string>): Plugin {
  const namespace = 'shared-bundle';
  return {
    name: 'from-shared-bundle',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        if (args.path === SHARED_FROM_FUNCTIONS) return { path: args.path, external: true };
        return fromFunctionFile(args, entries) ? { path: args.path, namespace } : undefined;
      });
      plugin.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(SHARED_FROM_FUNCTIONS)}).modules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

async function measure(outDir: string, file: string): Promise<BundledFile> {
  const content = await readFile(path.join(outDir, file));
  return { path: file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/**
 * Builds the deployment package into `outDir`: `functions/<name>.js`, one small bundle per function file, and
 * `lib/shared.js`, one bundle of everything they import. The Functions worker loads every file `main` names when
 * an instance starts, so bundling each function with its own copy of the app would have every instance parse the
 * app (two megabytes) once per function, and keep one set of clients and settings per function instead of the
 * one set per process that sharedFunctionHandlers promises.
 */
export async function bundleFunctions(options: BundleOptions): Promise<BundleReport> {
  const root = options.root ?? findRoot(__dirname);
  const outDir = path.resolve(options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'functions'), { recursive: true });

  const functionsDir = path.join(root, 'functions');
  const names = (await readdir(functionsDir)).filter((name) => name.endsWith('.ts')).sort();
  if (names.length === 0) throw new Error(`No function files in ${functionsDir}`);
  const entries = new Set(names.map((name) => path.join(functionsDir, name)));

  const specifiers = await importsOfFunctionFiles(root, entries);
  await build({
    ...bundleSettings(root),
    stdin: {
      contents: [
        ...specifiers.map((specifier, index) => `import * as m${index} from ${JSON.stringify(specifier)};`),
        `export const modules = {${specifiers.map((specifier, index) => `${JSON.stringify(specifier)}: m${index}`).join(', ')}};`,
      ].join('\n'),
      // Resolved as the function files resolve them.
      resolveDir: functionsDir,
      sourcefile: 'functions/shared.ts',
      loader: 'ts',
    },
    outfile: path.join(outDir, SHARED_BUNDLE),
  });
  await Promise.all(
    [...entries].map((entry) =>
      build({
        ...bundleSettings(root),
        entryPoints: [entry],
        outfile: path.join(outDir, 'functions', `${path.basename(entry, '.ts')}.js`),
        plugins: [fromSharedBundle(entries)],
      }),
    ),
  );

  for (const asset of RUNTIME_ASSETS) {
    const source = path.join(root, asset);
    if (await exists(source)) await cp(source, path.join(outDir, asset), { recursive: true });
  }
  await cp(path.join(root, 'host.json'), path.join(outDir, 'host.json'));
  const project = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  // No dependencies: everything is in the bundles. `main` is how the Node.js worker finds the function files.
  const manifest = { name: project.name, version: project.version, private: true, main: 'functions/*.js' };
  await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  return {
    outDir,
    shared: await measure(outDir, SHARED_BUNDLE),
    functions: await Promise.all(
      names.map((name) => measure(outDir, path.posix.join('functions', name.replace(/\.ts$/, '.js')))),
    ),
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const root = findRoot(__dirname);
  // Relative to the project root, like the default; an absolute path is taken as it is.
  const outDir = path.resolve(root, process.argv[2] ?? path.join('dist', 'bundle'));
  const report = await bundleFunctions({ outDir, root });
  for (const file of [report.shared, ...report.functions]) {
    console.log(`${file.path}  ${kib(file.bytes)} (${kib(file.gzipBytes)} gzipped)`);
  }
  console.log(`\nDeployment package: ${path.relative(process.cwd(), outDir) || '.'}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
