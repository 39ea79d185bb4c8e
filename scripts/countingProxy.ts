import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The faults Azurite's `fault-inject` request header names (upstream Azurite's PreflightMiddlewareFactory).
 * - ServerInternalError: 500 before the request is handled; nothing is applied.
 * - NoResponseThenWaitIndefinitely / NoResponseThenCloseConnection: nothing is applied, no answer ever comes
 *   (the socket stays open, or is closed).
 * - PartialResponseThenWaitIndefinitely / PartialResponseThenCloseConnection: the request IS applied, but the
 *   answer is cut short (all but its last byte, or nothing when it has no body), then hangs or is closed.
 */
export type FaultKind =
  | 'ServerInternalError'
  | 'NoResponseThenWaitIndefinitely'
  | 'NoResponseThenCloseConnection'
  | 'PartialResponseThenWaitIndefinitely'
  | 'PartialResponseThenCloseConnection';

/** The request header Azurite reads the fault from. */
export const FAULT_HEADER = 'fault-inject';

export interface StorageRequest {
  method: string;
  /** Path without the account segment, e.g. `/status-data/state.json`. */
  path: string;
  /** The query string with its `?` (e.g. `?comp=appendblock`), or empty. */
  query: string;
  /** Request body bytes: what the call wrote. */
  bytes: number;
  /** SHA-1 of the request body (base64), so a rewrite of unchanged content can be told apart. */
  bodyHash: string;
  /** The storage service's answer (0 when the request never got one). */
  status: number;
  /** Response body bytes: what the call read. */
  responseBytes: number;
  /** The request's preconditions, so tests can tell a create (`If-None-Match: *`) from an update. */
  ifMatch?: string;
  ifNoneMatch?: string;
  /** The fault enacted on this request, if a rule matched it. */
  fault?: FaultKind;
}

export interface FaultRule {
  /** HTTP method to match (any when left out). */
  method?: string;
  /** Matched against the path without the account segment: a suffix (`/state.json`) or a pattern. */
  path: string | RegExp;
  /** What to do to a matching request; with none, the request is only delayed and/or observed. */
  fault?: FaultKind;
  /** Hold a matching request this long before acting on it (slow storage). */
  delayMs?: number;
  /** Runs (and is awaited) when a request matches, before the fault: stop Azurite mid-command, a barrier. */
  onMatch?: (request: StorageRequest) => void | Promise<void>;
  /** How many matching requests the rule applies to; every one until removed when left out. */
  times?: number;
}

export interface CountingProxy {
  port: number;
  requests: StorageRequest[];
  /** Adds a fault rule (first matching rule wins); returns a function that removes it. */
  inject: (rule: FaultRule) => () => void;
  clearFaults: () => void;
  /**
   * Storage goes away: every open connection is cut and new ones are reset on arrival, until `comeBack()`. Unlike
   * a fault rule this takes down requests already in flight, as a crashed or unreachable account does.
   */
  goAway: () => void;
  comeBack: () => void;
  close: () => Promise<void>;
}

function matches(rule: FaultRule, record: StorageRequest): boolean {
  if (rule.method && rule.method.toUpperCase() !== record.method) return false;
  return typeof rule.path === 'string' ? record.path.endsWith(rule.path) : rule.path.test(record.path);
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The body Azure Storage answers an internal error with. */
const INTERNAL_ERROR_BODY =
  '<?xml version="1.0" encoding="utf-8"?><Error><Code>InternalError</Code><Message>[Fault Injection] ServerInternalError</Message></Error>';

/**
 * Sits between the SDK and Azurite and records every request, so tests can say which storage calls were made
 * and the benchmark can count them by kind. A request is recorded once its response has been passed on.
 *
 * It also injects faults. Azurite 3.37.0's Blob service, the version we pin, does not implement the
 * `fault-inject` header (nothing in node_modules/azurite/dist reads it), so the proxy enacts each fault itself
 * with Azurite's semantics (see FaultKind), and still sends the header on requests it forwards, so an Azurite that
 * honours it would do the same.
 */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const requests: StorageRequest[] = [];
  let rules: { rule: FaultRule; left: number }[] = [];
  const sockets = new Set<Socket>();
  let away = false;

  const pickRule = (record: StorageRequest): FaultRule | undefined => {
    const entry = rules.find((candidate) => candidate.left > 0 && matches(candidate.rule, record));
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.rule;
  };

  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(incoming.url ?? '/', 'http://proxy');
        const record: StorageRequest = {
          method: incoming.method ?? '',
          path: url.pathname.replace(/^\/[^/]+/, ''),
          query: url.search,
          bytes: body.length,
          bodyHash: createHash('sha1').update(body).digest('base64'),
          status: 0,
          responseBytes: 0,
        };
        const ifMatch = header(incoming.headers['if-match']);
        const ifNoneMatch = header(incoming.headers['if-none-match']);
        if (ifMatch) record.ifMatch = ifMatch;
        if (ifNoneMatch) record.ifNoneMatch = ifNoneMatch;
        // Recorded on arrival, so the order is the order the SDK sent them in; completed as the answer passes.
        requests.push(record);
        if (away) {
          incoming.socket.destroy();
          return;
        }

        const rule = pickRule(record);
        if (rule?.fault) record.fault = rule.fault;
        if (rule?.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
        if (rule?.onMatch) await rule.onMatch(record);
        if (away) {
          incoming.socket.destroy();
          return;
        }

        switch (rule?.fault) {
          case 'ServerInternalError':
            record.status = 500;
            outgoing.writeHead(500, {
              'content-type': 'application/xml',
              'x-ms-error-code': 'InternalError',
              'content-length': Buffer.byteLength(INTERNAL_ERROR_BODY),
            });
            outgoing.end(INTERNAL_ERROR_BODY);
            return;
          case 'NoResponseThenWaitIndefinitely':
            // The socket stays open with no answer; the client's own timeout must end the wait.
            return;
          case 'NoResponseThenCloseConnection':
            incoming.socket.end();
            return;
          default:
            forward(incoming, outgoing, body, record, rule?.fault);
        }
      })();
    });
  });

  const forward = (
    incoming: http.IncomingMessage,
    outgoing: http.ServerResponse,
    body: Buffer,
    record: StorageRequest,
    fault: FaultKind | undefined,
  ) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: incoming.method,
        path: incoming.url,
        headers: fault ? { ...incoming.headers, [FAULT_HEADER]: fault } : incoming.headers,
      },
      (response) => {
        record.status = response.statusCode ?? 0;
        if (!fault) {
          response.on('data', (chunk: Buffer) => (record.responseBytes += chunk.length));
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
          return;
        }
        // A partial response: the service applied the request; the client gets all but the last byte, or,
        // with no body, nothing at all (Azurite closes before its headers are flushed).
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => {
          const answer = Buffer.concat(parts);
          if (answer.length > 0) {
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            outgoing.write(answer.subarray(0, answer.length - 1));
            record.responseBytes = answer.length - 1;
          }
          if (fault === 'PartialResponseThenCloseConnection') incoming.socket.end();
        });
      },
    );
    request.on('error', () => outgoing.destroy());
    request.end(body);
  };

  server.on('connection', (socket: Socket) => {
    if (away) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    inject: (rule) => {
      const entry = { rule, left: rule.times ?? Number.POSITIVE_INFINITY };
      rules.push(entry);
      return () => {
        rules = rules.filter((candidate) => candidate !== entry);
      };
    },
    clearFaults: () => {
      rules = [];
    },
    goAway: () => {
      away = true;
      for (const socket of sockets) socket.destroy();
    },
    comeBack: () => {
      away = false;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The SDK's keep-alive sockets would otherwise hold close() open for as long as they stay connected;
        // hanging faults leave sockets open on purpose.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}
