import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signDelivery } from '../../src/adapters/subscribers/httpSender';

// Local HTTP receivers standing in for a Teams Workflows webhook or a customer's webhook endpoint, each with a
// behaviour: answer, fail some tries first, stay down, hang, or answer slowly.

export type Behaviour =
  | { kind: 'ok' }
  /** Answers 500 to the first `times` tries of each delivery ID, then 200. */
  | { kind: 'failFirst'; times: number }
  | { kind: 'down' }
  /** Never answers (until closed). */
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number };

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface Receiver {
  url: string;
  /** Every request, answered or not. */
  requests: ReceivedRequest[];
  /** Bodies answered with 2xx, parsed. */
  accepted: () => unknown[];
  /** Whether a request's X-Status-Signature is the HMAC of its raw body with `secret`. */
  signatureValid: (request: ReceivedRequest, secret: string) => boolean;
  close: () => Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = { kind: 'ok' }): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const tries = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['x-status-delivery'] ?? '');
      const attempt = (tries.get(id) ?? 0) + 1;
      tries.set(id, attempt);
      const answer = (status: number) => {
        requests.push({ headers: request.headers, body, status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      };
      switch (behaviour.kind) {
        case 'ok':
          return answer(202);
        case 'failFirst':
          return answer(attempt <= behaviour.times ? 500 : 200);
        case 'down':
          return answer(503);
        case 'hang':
          requests.push({ headers: request.headers, body, status: 0 });
          return;
        case 'slow':
          setTimeout(() => answer(200), behaviour.ms);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    accepted: () =>
      requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => JSON.parse(r.body) as unknown),
    signatureValid: (r, secret) => r.headers['x-status-signature'] === signDelivery(r.body, secret),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `check` holds (deliveries are asynchronous); fails with `what` after `ms`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
