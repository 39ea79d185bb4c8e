import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function devConnectionString(port: number, queuePort?: number): string {
  const queue = queuePort === undefined ? '' : `QueueEndpoint=http://127.0.0.1:${queuePort}/${DEV_ACCOUNT};`;
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};${queue}`;
}

export interface RunningAzurite {
  port: number;
  connectionString: string;
  process: ChildProcess;
  stop: () => Promise<void>;
}

export interface AzuriteOptions {
  /** 0 picks a free port. */
  port: number;
  /** A folder to persist to; without it, storage lives in memory. */
  location?: string;
}

type AzuriteService = 'blob' | 'queue';

/** Starts Azurite's Blob service from node_modules and resolves once it listens, with the port it chose. */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const started = await startAzuriteService('blob', options);
  return { ...started, connectionString: devConnectionString(started.port) };
}

/** Starts Azurite's Queue service (the delivery queue) the same way; `port` 0 picks a free one. */
export function startAzuriteQueue(
  options: AzuriteOptions,
): Promise<Omit<RunningAzurite, 'connectionString'>> {
  return startAzuriteService('queue', options);
}

function startAzuriteService(
  service: AzuriteService,
  options: AzuriteOptions,
): Promise<Omit<RunningAzurite, 'connectionString'>> {
  const main = path.join(
    path.dirname(require.resolve('azurite/package.json')),
    `dist/src/${service}/main.js`,
  );
  const args = [
    main,
    `--${service}Host`,
    '127.0.0.1',
    `--${service}Port`,
    String(options.port),
    '--skipApiVersionCheck',
    // Azurite sends usage data to Microsoft unless told not to: not from a user's `npm start`, nor from tests.
    '--disableTelemetry',
    // No access log on its console (nobody reads it). With telemetry off, ~15 % less of its CPU per request.
    '--silent',
  ];
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // However this process ends (an error, process.exit, a signal it handles), its Azurite ends with it: an orphan
  // would hold the port and the data folder, and each retry would add one.
  const stopOnExit = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on http:\/\/[\d.]+:(\d+)/.exec(output);
      if (!match?.[1]) return;
      child.stdout.off('data', onData);
      resolve({
        port: Number(match[1]),
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`Azurite (${service}) exited (${code}) before listening:\n${output}`)),
    );
  });
}
