import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StorageRequest {
  method: string;
  /** Path without the account segment, e.g. `/status-data/state.json`. */
  path: string;
  bytes: number;
}

export interface CountingProxy {
  port: number;
  requests: StorageRequest[];
  close: () => Promise<void>;
}

/** Sits between the SDK and Azurite and records every request, so a test can say which storage calls were made. */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const requests: StorageRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(incoming.url ?? '/', 'http://proxy');
      requests.push({
        method: incoming.method ?? '',
        path: url.pathname.replace(/^\/[^/]+/, ''),
        bytes: body.length,
      });
      const forward = http.request(
        {
          host: '127.0.0.1',
          port: targetPort,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (response) => {
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
