import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A newcomer's first hour, as they would meet it: `npm start` and `npm run send` in a fresh copy of the project
// (so its local.settings.json, .azurite/ and .local-host.json are its own), with the traps people fell into.

const root = path.resolve(__dirname, '..', '..');
let sandbox: string;

/** The environment of a newcomer's shell: none of the project's settings. */
function newcomerEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(PORT|SITE_PORT|STORAGE_|TEAMS_|STATE_|SITE_|PAGE_|WEBHOOK_URL|STATUS_)/.test(name))
      delete env[name];
  return { ...env, ...overrides };
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  waitFor: (pattern: RegExp) => Promise<RegExpExecArray>;
}

function run(script: 'start' | 'send', args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [path.join(sandbox, 'dist', 'scripts', `${script}.js`), ...args], {
    cwd: sandbox,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (match) {
          listeners.delete(check);
          resolve(match);
        }
      };
      listeners.add(check);
      check();
      void exited.then(() => {
        check();
        reject(new Error(`exited before printing ${pattern}:\n${output}`));
      });
    });
  return { child, output: () => output, exited, waitFor };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Azurite is stopped by a signal when its host exits; give it the moment that takes, then ask once more. */
async function stopsAnswering(port: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (!(await portAnswers(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const localSettings = () => path.join(sandbox, 'local.settings.json');

beforeAll(() => {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'status-newcomer-'));
  for (const file of ['local.settings.example.json', 'status.config.json', 'host.json', 'package.json'])
    copyFileSync(path.join(root, file), path.join(sandbox, file));
  cpSync(path.join(root, 'templates'), path.join(sandbox, 'templates'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(sandbox, 'node_modules'), 'dir');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      path.join(sandbox, 'dist'),
    ],
    { cwd: root },
  );
}, 120_000);

afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

beforeEach(() => {
  rmSync(localSettings(), { force: true });
  rmSync(path.join(sandbox, '.local-host.json'), { force: true });
});

describe('npm start', () => {
  let occupant: Server | undefined;
  afterEach(() => occupant?.close());

  it("refuses a taken port by its setting's name before it starts anything, and says how to choose another", async () => {
    occupant = createServer();
    await new Promise<void>((resolve) => occupant!.listen(0, '127.0.0.1', resolve));
    const taken = (occupant.address() as AddressInfo).port;
    const start = run('start', [], newcomerEnv({ PORT: String(taken), SITE_PORT: '0' }));
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain(`Port ${taken} (PORT) is already in use`);
    expect(start.output()).toContain('PORT=7072 SITE_PORT=8081 npm start');
    expect(start.output()).not.toContain('Azurite (blob) on');
    expect(start.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it('stops the Azurite it started when a later step fails, so a retry finds no orphan', async () => {
    const start = run(
      'start',
      [],
      newcomerEnv({ PORT: '0', SITE_PORT: '0', STATE_CONTAINER: 'Not_A_Container' }),
    );
    const [, azuritePort] = await start.waitFor(/Azurite \(blob\) on http:\/\/127\.0\.0\.1:(\d+)/);
    expect(await start.exited).toBe(1);
    expect(start.output()).toMatch(/npm start failed: .+/);
    expect(await stopsAnswering(Number(azuritePort))).toBe(true);
    expect(existsSync(path.join(sandbox, '.local-host.json'))).toBe(false);
  });

  it('names a malformed local.settings.json and says that deleting it makes a new one', async () => {
    writeFileSync(localSettings(), '{ "Values": { "PORT": "7071", }');
    const start = run('start', [], newcomerEnv());
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain(`${localSettings()} is not valid JSON`);
    expect(start.output()).toContain('delete it and `npm start` writes a new one');
    expect(start.output()).not.toMatch(/\n\s+at /);
  });

  it('says that a copied local.settings.example.json still has a placeholder secret, and what to do', async () => {
    copyFileSync(path.join(sandbox, 'local.settings.example.json'), localSettings());
    const start = run('start', [], newcomerEnv({ PORT: '0', SITE_PORT: '0' }));
    expect(await start.exited).toBe(1);
    expect(start.output()).toContain('is still the placeholder from local.settings.example.json');
    expect(start.output()).toContain(`Delete ${localSettings()} and \`npm start\` writes a new one`);
    expect(start.output()).not.toContain('Azurite (blob) on');
  });
});

describe('npm run send', () => {
  it('prints one line, not a stack trace, for a malformed or copied local.settings.json', async () => {
    writeFileSync(localSettings(), 'not json');
    const malformed = run('send', ['list'], newcomerEnv());
    expect(await malformed.exited).toBe(2);
    expect(malformed.output().trim().split('\n')).toHaveLength(1);
    expect(malformed.output()).toContain(`${localSettings()} is not valid JSON`);

    copyFileSync(path.join(sandbox, 'local.settings.example.json'), localSettings());
    const copied = run('send', ['list'], newcomerEnv());
    expect(await copied.exited).toBe(2);
    expect(copied.output().trim().split('\n')).toHaveLength(1);
    expect(copied.output()).toContain('placeholder');
  });

  it('finds the npm start running in this folder on whatever port it took; a second npm start points to it', async () => {
    const host = run('start', [], newcomerEnv({ PORT: '0', SITE_PORT: '0' }));
    try {
      const [, azuritePort] = await host.waitFor(/Azurite \(blob\) on http:\/\/127\.0\.0\.1:(\d+)/);
      const [, webhook] = await host.waitFor(/Functions: +(http:\/\/localhost:\d+\/api\/teams)/);
      expect(webhook).not.toBe('http://localhost:7071/api/teams');

      const send = run('send', ['open Chat is down | Investigating'], newcomerEnv());
      expect(await send.exited).toBe(0);
      expect(send.output()).toContain('Opened INC-1: Chat is down');

      const second = run('start', [], newcomerEnv());
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(
        `already running in this folder (process ${host.child.pid}) at ${webhook}`,
      );

      host.child.kill('SIGTERM');
      expect(await host.exited).toBe(0);
      expect(await stopsAnswering(Number(azuritePort))).toBe(true);
      expect(existsSync(path.join(sandbox, '.local-host.json'))).toBe(false);

      // With no host left, send says so instead of only that nothing answered.
      const nobody = run('send', ['list'], newcomerEnv({ PORT: azuritePort ?? '' }));
      expect(await nobody.exited).toBe(1);
      expect(nobody.output()).toContain('no `npm start` is running in this folder');
    } finally {
      host.child.kill('SIGTERM');
    }
  }, 60_000);
});
