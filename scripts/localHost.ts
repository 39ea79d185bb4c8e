import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import Module from 'node:module';
import path from 'node:path';
import {
  HttpRequest,
  HttpResponse,
  InvocationContext,
  type HttpResponseInit,
  type Timer,
} from '@azure/functions';
import type { BlobServiceClient } from '@azure/storage-blob';
import type * as FunctionsCore from './functionsCore';
import type { Registration } from './functionsCore';
import { blobNameProblem } from '../src/adapters/storage/blobName';

/** The local host refuses bodies past this before the function sees them (the function's own limit is lower). */
const HOST_BODY_LIMIT = 1024 * 1024;

type ModuleWithResolve = typeof Module & {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};

/** Loads the compiled function files with our stand-in for the worker's core module; returns what they registered. */
export function loadFunctions(functionsDir: string): Registration[] {
  const shim = require.resolve('./functionsCore');
  const mod = Module as ModuleWithResolve;
  const resolve = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === '@azure/functions-core' ? shim : resolve.call(this, request, ...rest);
  };
  // Loaded by path, at run time: the same module instance the function files will reach through the hook.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const core = require(shim) as typeof FunctionsCore;
  for (const file of readdirSync(functionsDir).filter((name) => /\.[cm]?js$/.test(name))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(functionsDir, file));
  }
  return core.registrations;
}

function trigger(registration: Registration) {
  return Object.values(registration.bindings).find(
    (binding) => binding.direction === 'in' && binding.type.endsWith('Trigger'),
  );
}

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HOST_BODY_LIMIT) {
        resolve(undefined);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Node keeps only the first of some duplicated headers; like the Functions host, join them all. */
function joinHeaders(rawHeaders: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? '').toLowerCase();
    const value = rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function context(functionName: string): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    logHandler: (level, ...args) => {
      if (level === 'error' || level === 'warning') console.error(`[${functionName}]`, ...args);
      else if (process.env.LOCAL_HOST_VERBOSE) console.log(`[${functionName}]`, ...args);
    },
  });
}

async function send(response: ServerResponse, init: HttpResponseInit | HttpResponse): Promise<void> {
  const result = init instanceof HttpResponse ? init : new HttpResponse(init);
  const body = Buffer.from(await result.arrayBuffer());
  response.writeHead(result.status, Object.fromEntries(result.headers.entries()));
  response.end(body);
}

/** Serves the function routes at /api/<route>, as `func start` does. */
export function createFunctionsServer(registrations: Registration[]): http.Server {
  const routes = registrations.flatMap((registration) => {
    const binding = trigger(registration);
    return binding?.type === 'httpTrigger'
      ? [
          {
            registration,
            route: `/api/${binding.route ?? registration.name}`,
            methods: binding.methods ?? ['GET', 'POST'],
          },
        ]
      : [];
  });
  return http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const match = routes.find((candidate) => candidate.route === url.pathname);
      if (!match) return send(response, { status: 404, body: 'No function at this route.' });
      if (!match.methods.includes(request.method ?? ''))
        return send(response, { status: 405, body: 'Method not allowed.' });
      const body = await readBody(request);
      if (body === undefined) return send(response, { status: 413, body: 'Request body too large.' });
      const httpRequest = new HttpRequest({
        method: request.method ?? 'GET',
        url: url.href,
        headers: joinHeaders(request.rawHeaders),
        body: { bytes: body },
      });
      const result = (await match.registration.handler(
        httpRequest,
        context(match.registration.name),
      )) as HttpResponseInit;
      return send(response, result);
    })().catch((error: unknown) => {
      console.error(error);
      if (!response.headersSent) response.writeHead(500).end('Local host error.');
    });
  });
}

/**
 * Runs timer functions now and then once a minute (the local host does not parse NCRONTAB; our timers run
 * every minute). Resolves after the first run, so the site exists before the host says it is ready.
 */
export async function startTimers(registrations: Registration[]): Promise<() => void> {
  const timers = registrations.filter((registration) => trigger(registration)?.type === 'timerTrigger');
  const tick = () =>
    Promise.all(
      timers.map(async (timer) => {
        const info: Timer = {
          isPastDue: false,
          schedule: { adjustForDST: false },
          scheduleStatus: { last: '', next: '', lastUpdated: '' },
        };
        await timer.handler(info, context(timer.name));
      }),
    ).catch((error: unknown) => console.error(error));
  await tick();
  const interval = setInterval(() => void tick(), 60_000);
  return () => clearInterval(interval);
}

const INDEX_DOCUMENT = 'index.html';
/** Where the Statuspage API lives: readable from any origin. */
const CORS_PREFIX = 'api/v2/';
const CORS_HEADERS = { 'access-control-allow-origin': '*' };

/** The blob path a request names, decoded once; undefined when its escapes are malformed. */
export function sitePath(requestUrl: string): string | undefined {
  try {
    return decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
}
const ERROR_DOCUMENT = '404.html';

/**
 * Serves the `$web` container the way the Azure static website does: `/` and directories → their index.html,
 * unknown paths → 404.html with status 404.
 */
export function createSitePreviewServer(blobService: BlobServiceClient, siteContainer: string): http.Server {
  const container = blobService.getContainerClient(siteContainer);
  const fetchBlob = async (name: string) => {
    try {
      const blob = container.getBlobClient(name);
      const buffer = await blob.downloadToBuffer();
      const properties = await blob.getProperties();
      return { buffer, contentType: properties.contentType, cacheControl: properties.cacheControl };
    } catch {
      return undefined;
    }
  };
  return http.createServer((request, response) => {
    void (async () => {
      const pathname = sitePath(request.url ?? '/');
      // The Statuspage JSON is read by widgets on other origins (Atlassian's status-widget fetches summary.json):
      // anyone may read it, as in Azure (docs/deploy.md, "Reading the JSON from other sites"). No credentials.
      const api = pathname?.startsWith(CORS_PREFIX) ?? false;
      const cors = api ? CORS_HEADERS : {};
      if (request.method === 'OPTIONS' && api) {
        response
          .writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'GET, HEAD',
            'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
            'access-control-max-age': '3600',
          })
          .end();
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const candidates =
        pathname === undefined
          ? []
          : pathname === '' || pathname.endsWith('/')
            ? [`${pathname}${INDEX_DOCUMENT}`]
            : [pathname, `${pathname}/${INDEX_DOCUMENT}`];
      let status = 200;
      let found;
      // A name that could leave the container (`/..%2fstatus-data%2fstate.json` once served the state) is
      // never asked for: the storage service would normalise it into another container's path.
      for (const name of candidates)
        if (!found && blobNameProblem(name) === undefined) found = await fetchBlob(name);
      if (!found) {
        status = 404;
        found = await fetchBlob(ERROR_DOCUMENT);
      }
      if (!found) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.');
        return;
      }
      response.writeHead(status, {
        ...cors,
        'content-type': found.contentType ?? 'application/octet-stream',
        ...(found.cacheControl ? { 'cache-control': found.cacheControl } : {}),
        'content-length': found.buffer.length,
      });
      response.end(request.method === 'HEAD' ? undefined : found.buffer);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
}

/** A port the local host listens on, by the setting that chose it. */
export interface NamedPort {
  setting: string;
  port: number;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * The ports among these that cannot be listened on (0 asks for any free port and always can), checked before
 * anything is started, so a taken port is said at once and by its setting's name.
 */
export async function takenPorts(ports: readonly NamedPort[]): Promise<NamedPort[]> {
  const taken: NamedPort[] = [];
  for (const [index, entry] of ports.entries()) {
    if (entry.port === 0) continue;
    const earlier = ports.slice(0, index).some((other) => other.port === entry.port);
    if (earlier || !(await isFree(entry.port))) taken.push(entry);
  }
  return taken;
}

export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
