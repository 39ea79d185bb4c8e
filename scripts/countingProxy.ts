import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
}

export interface CountingProxy {
  port: number;
  requests: StorageRequest[];
  close: () => Promise<void>;
}

/**
 * Sits between the SDK and Azurite and records every request, so tests can say which storage calls were made
 * and the benchmark can count them by kind. A request is recorded once its response has been passed on.
 */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const requests: StorageRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
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
      // Recorded on arrival, so the order is the order the SDK sent them in; completed as the answer passes.
      requests.push(record);
      const forward = http.request(
        {
          host: '127.0.0.1',
          port: targetPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
          record.status = response.statusCode ?? 0;
          response.on('data', (chunk: Buffer) => (record.responseBytes += chunk.length));
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      forward.on('error', () => outgoing.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
