import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { azuriteConnectionString } from '../support/testApp';

// What a newcomer does: `npm start`, then `npm run send`, then looks at the page. Real processes, real HTTP.

const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);
let host: ChildProcess;
let functionsUrl: string;
let siteUrl: string;
const secret = randomBytes(32).toString('base64');
const env = {
  ...process.env,
  STORAGE_CONNECTION_STRING: azuriteConnectionString(),
  STATE_CONTAINER: `state-${randomUUID().slice(0, 8)}`,
  SITE_CONTAINER: `web-${randomUUID().slice(0, 8)}`,
  TEAMS_WEBHOOK_SECRET: secret,
  PAGE_TITLE: 'E2E status',
  PORT: '0',
  SITE_PORT: '0',
};

beforeAll(async () => {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root },
  );
  host = spawn(process.execPath, ['dist/scripts/start.js'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    host.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const functions = /Functions: +(http:\/\/localhost:\d+)\/api\/teams/.exec(output);
      const site = /Status page: (http:\/\/localhost:\d+)\//.exec(output);
      if (functions?.[1] && site?.[1]) {
        functionsUrl = functions[1];
        siteUrl = site[1];
        resolve();
      }
    });
    host.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    host.once('exit', (code) => reject(new Error(`host exited ${code}:\n${output}`)));
  });
}, 60_000);

afterAll(() => {
  host?.kill('SIGTERM');
});

async function send(text: string): Promise<string> {
  const port = new URL(functionsUrl).port;
  const { stdout } = await run(process.execPath, ['dist/scripts/send.js', text, '--user', 'Grace Hopper'], {
    cwd: root,
    env: { ...env, PORT: port },
  });
  return stdout;
}

describe('npm start and npm run send', () => {
  it('serves the green page before any incident, and 404.html for unknown paths', async () => {
    const index = await fetch(`${siteUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('All Systems Operational');
    const missing = await fetch(`${siteUrl}/no/such/page`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
  });

  it('drives an incident from open to close and the page follows', async () => {
    expect(await send('open Chat is down | Investigating')).toContain('Opened INC-1: Chat is down');
    let page = await (await fetch(`${siteUrl}/`)).text();
    expect(page).toContain('class="page p-major"');
    expect(page).toContain('Chat is down');
    expect((await fetch(`${siteUrl}/incidents/INC-1.html`)).status).toBe(200);

    expect(await send('update identified Load balancer misconfigured')).toContain(
      'Updated INC-1 (identified)',
    );
    expect(await send('close Service restored')).toContain('Resolved INC-1');
    page = await (await fetch(`${siteUrl}/`)).text();
    expect(page).toContain('All Systems Operational');
    expect(page).toContain('Service restored');
  });

  it('answers a wrong signature with 401 and changes nothing', async () => {
    const before = await (await fetch(`${siteUrl}/`)).text();
    const response = await fetch(`${functionsUrl}/api/teams`, {
      method: 'POST',
      headers: {
        authorization: `HMAC ${randomBytes(32).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ type: 'message', text: '<at>Status</at> open Fake incident' }),
    });
    expect(response.status).toBe(401);
    expect(await (await fetch(`${siteUrl}/`)).text()).toBe(before);
  });
});
