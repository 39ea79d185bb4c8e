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

/** Starts Azurite's Blob service from node_modules and resolves once it listens, with the port it chose. */
export function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(options.port), '--skipApiVersionCheck'];
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on http:\/\/[\d.]+:(\d+)/.exec(output);
      if (!match?.[1]) return;
      child.stdout.off('data', onData);
      const port = Number(match[1]);
      resolve({
        port,
        connectionString: devConnectionString(port),
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
    child.once('exit', (code) => reject(new Error(`Azurite exited (${code}) before listening:\n${output}`)));
  });
}

/** Starts Azurite's Queue service (the delivery queue) the same way; `port` 0 picks a free one. */
export function startAzuriteQueue(
  options: AzuriteOptions,
): Promise<Omit<RunningAzurite, 'connectionString'>> {
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/queue/main.js');
  const args = [
    main,
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(options.port),
    '--skipApiVersionCheck',
  ];
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
      reject(new Error(`Azurite (queue) exited (${code}) before listening:\n${output}`)),
    );
  });
}
