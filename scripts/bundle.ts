// `npm run bundle`: the deployment package. One esbuild bundle per function file, so a cold start reads one file
// per function instead of resolving hundreds of modules in node_modules, next to the runtime assets the code
// reads from disk (templates/, status.config.json), host.json and a package.json whose `main` lists the bundles.
// The folder is self-contained: it runs on the Functions host without node_modules and without a remote build.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';

/** The project root, found upwards (this file runs from scripts/ under jest and from dist/scripts/ under npm). */
async function findRoot(from: string): Promise<string> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (await exists(path.join(dir, 'host.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No host.json above ${from}`);
  }
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
  functions: BundledFile[];
}

export interface BundleOptions {
  /** Where the package is written; emptied first. */
  outDir: string;
  /** The project root; found from this file when left out. */
  root?: string;
}

/** esbuild settings shared by every function bundle. */
export function bundleSettings(root: string): BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    // Provided by the Functions worker at run time; the local host and the bundle test stand in for it.
    external: ['@azure/functions-core'],
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

/** Builds the deployment package into `outDir` and reports the size of each function bundle. */
export async function bundleFunctions(options: BundleOptions): Promise<BundleReport> {
  const root = options.root ?? (await findRoot(__dirname));
  const outDir = path.resolve(options.outDir);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'functions'), { recursive: true });

  const entryPoints = (await readdir(path.join(root, 'functions')))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => path.join('functions', name));
  if (entryPoints.length === 0) throw new Error(`No function files in ${path.join(root, 'functions')}`);
  // One build per function: each bundle holds everything its function needs and nothing another one does.
  await Promise.all(
    entryPoints.map((entry) =>
      build({
        ...bundleSettings(root),
        entryPoints: [entry],
        outfile: path.join(outDir, 'functions', `${path.basename(entry, '.ts')}.js`),
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

  const functions = await Promise.all(
    entryPoints.map(async (entry) => {
      const file = path.join('functions', `${path.basename(entry, '.ts')}.js`);
      const content = await readFile(path.join(outDir, file));
      return { path: file, bytes: content.length, gzipBytes: gzipSync(content).length };
    }),
  );
  return { outDir, functions };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const root = await findRoot(__dirname);
  // Relative to the project root, like the default; an absolute path is taken as it is.
  const outDir = path.resolve(root, process.argv[2] ?? path.join('dist', 'bundle'));
  const report = await bundleFunctions({ outDir, root });
  for (const file of report.functions) {
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
