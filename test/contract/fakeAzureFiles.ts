import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEV_ACCOUNT, DEV_KEY } from '../../scripts/azurite';

// Azurite has no Azure Files. This is the slice of the FileREST API the file share publisher uses (shares,
// directories, create file, put range, rename, get properties, download, delete), in memory, with the service's
// status codes and error codes, so the real SDK and the real adapter can be exercised without an account. It
// records every request it was asked to serve, and can be told to fail some.

export interface FakeFile {
  content: Buffer;
  contentType: string | undefined;
  cacheControl: string | undefined;
  metadata: Record<string, string>;
}

interface Share {
  directories: Set<string>;
  files: Map<string, FakeFile>;
}

export type FakeOperation =
  | 'createShare'
  | 'deleteShare'
  | 'createDirectory'
  | 'deleteDirectory'
  | 'createFile'
  | 'putRange'
  | 'rename'
  | 'getProperties'
  | 'download'
  | 'deleteFile';

export interface FakeRequest {
  operation: FakeOperation;
  share: string;
  /** Path inside the share, no leading slash ('' for the share itself). */
  path: string;
}

export interface FakeFailure {
  /** Which requests fail, and how often (once by default). */
  when: (request: FakeRequest) => boolean;
  status: number;
  code: string;
  times?: number;
  /** Never answer at all, as a stuck connection would (status and code are then not used). */
  hang?: boolean;
}

export interface FakeAzureFiles {
  /** A connection string the SDK accepts (Azurite's well-known account, with this server as FileEndpoint). */
  connectionString: string;
  requests: FakeRequest[];
  share: (name: string) => { files: Map<string, FakeFile>; directories: Set<string> } | undefined;
  failNext: (failure: FakeFailure) => void;
  close: () => Promise<void>;
}

/** Thrown to leave a request unanswered. */
class Hang extends Error {}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

function metadataFrom(request: IncomingMessage): Record<string, string> | undefined {
  const entries = Object.entries(request.headers)
    .filter(([name]) => name.startsWith('x-ms-meta-'))
    .map(([name, value]) => [name.slice('x-ms-meta-'.length), String(value)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startFakeAzureFiles(): Promise<FakeAzureFiles> {
  const shares = new Map<string, Share>();
  const requests: FakeRequest[] = [];
  const failures: FakeFailure[] = [];

  /** `/account/share/a/b` (or `/share/a/b`: the SDK's rename drops the account of path-style URLs). */
  function locate(url: URL): { share: string; path: string } {
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === DEV_ACCOUNT) segments.shift();
    return { share: segments[0] ?? '', path: segments.slice(1).join('/') };
  }

  function operationOf(request: IncomingMessage, url: URL): FakeOperation | undefined {
    const restype = url.searchParams.get('restype');
    const comp = url.searchParams.get('comp');
    const method = request.method ?? '';
    if (restype === 'share')
      return method === 'PUT' ? 'createShare' : method === 'DELETE' ? 'deleteShare' : undefined;
    if (restype === 'directory')
      return method === 'PUT' ? 'createDirectory' : method === 'DELETE' ? 'deleteDirectory' : undefined;
    if (method === 'PUT' && comp === 'range') return 'putRange';
    if (method === 'PUT' && comp === 'rename') return 'rename';
    if (method === 'PUT' && !comp && header(request, 'x-ms-type') === 'file') return 'createFile';
    if (method === 'HEAD' && !comp) return 'getProperties';
    if (method === 'GET' && !comp) return 'download';
    if (method === 'DELETE' && !comp) return 'deleteFile';
    return undefined;
  }

  function shareOf(name: string): Share {
    const share = shares.get(name);
    if (!share) throw new FakeError(404, 'ShareNotFound');
    return share;
  }

  function parentMustExist(share: Share, path: string): void {
    if (!share.directories.has(parentOf(path))) throw new FakeError(404, 'ParentNotFound');
  }

  function fileAt(share: Share, path: string): FakeFile {
    parentMustExist(share, path);
    const file = share.files.get(path);
    if (!file) throw new FakeError(404, 'ResourceNotFound');
    return file;
  }

  function serve(request: IncomingMessage, body: Buffer, url: URL, response: ServerResponse): void {
    const operation = operationOf(request, url);
    if (!operation) throw new FakeError(400, 'UnsupportedByFake');
    const { share: shareName, path } = locate(url);
    const served: FakeRequest = { operation, share: shareName, path };
    requests.push(served);
    const failure = failures.find((candidate) => candidate.when(served));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      throw failure.hang ? new Hang() : new FakeError(failure.status, failure.code);
    }

    switch (operation) {
      case 'createShare': {
        if (shares.has(shareName)) throw new FakeError(409, 'ShareAlreadyExists');
        shares.set(shareName, { directories: new Set(['']), files: new Map() });
        return void response.writeHead(201).end();
      }
      case 'deleteShare': {
        if (!shares.delete(shareName)) throw new FakeError(404, 'ShareNotFound');
        return void response.writeHead(202).end();
      }
      case 'createDirectory': {
        const share = shareOf(shareName);
        parentMustExist(share, path);
        if (share.directories.has(path) || share.files.has(path))
          throw new FakeError(409, 'ResourceAlreadyExists');
        share.directories.add(path);
        return void response.writeHead(201).end();
      }
      case 'deleteDirectory': {
        const share = shareOf(shareName);
        if (!share.directories.has(path)) throw new FakeError(404, 'ResourceNotFound');
        const prefix = `${path}/`;
        const inside = [...share.files.keys(), ...share.directories].some((entry) =>
          entry.startsWith(prefix),
        );
        if (inside) throw new FakeError(409, 'DirectoryNotEmpty');
        share.directories.delete(path);
        return void response.writeHead(202).end();
      }
      case 'createFile': {
        const share = shareOf(shareName);
        parentMustExist(share, path);
        if (share.directories.has(path)) throw new FakeError(409, 'ResourceAlreadyExists');
        // Like the service: the file exists at its full size, zero-filled, before any range is written.
        share.files.set(path, {
          content: Buffer.alloc(Number(header(request, 'x-ms-content-length') ?? '0')),
          contentType: header(request, 'x-ms-content-type'),
          cacheControl: header(request, 'x-ms-cache-control'),
          metadata: metadataFrom(request) ?? {},
        });
        return void response.writeHead(201).end();
      }
      case 'putRange': {
        const file = fileAt(shareOf(shareName), path);
        const range = /^bytes=(\d+)-(\d+)$/.exec(header(request, 'x-ms-range') ?? '');
        if (!range || header(request, 'x-ms-write') !== 'update')
          throw new FakeError(400, 'InvalidHeaderValue');
        const start = Number(range[1]);
        if (Number(range[2]) - start + 1 !== body.length || start + body.length > file.content.length)
          throw new FakeError(416, 'InvalidRange');
        body.copy(file.content, start);
        return void response.writeHead(201).end();
      }
      case 'rename': {
        const share = shareOf(shareName);
        const source = locate(new URL(header(request, 'x-ms-file-rename-source') ?? '', url));
        if (source.share !== shareName) throw new FakeError(400, 'InvalidHeaderValue');
        const file = fileAt(share, source.path);
        parentMustExist(share, path);
        const replace = header(request, 'x-ms-file-rename-replace-if-exists') === 'true';
        if (share.directories.has(path) || (share.files.has(path) && !replace))
          throw new FakeError(409, 'ResourceAlreadyExists');
        share.files.delete(source.path);
        share.files.set(path, {
          ...file,
          contentType: header(request, 'x-ms-content-type') ?? file.contentType,
          metadata: metadataFrom(request) ?? file.metadata,
        });
        return void response.writeHead(200).end();
      }
      case 'getProperties':
      case 'download': {
        const file = fileAt(shareOf(shareName), path);
        // Large downloads come in ranges (x-ms-range: bytes=start-end, inclusive).
        const range = /^bytes=(\d+)-(\d*)$/.exec(
          header(request, 'x-ms-range') ?? header(request, 'range') ?? '',
        );
        const start = range ? Number(range[1]) : 0;
        const end = range?.[2] ? Math.min(Number(range[2]) + 1, file.content.length) : file.content.length;
        const content = file.content.subarray(start, end);
        response.writeHead(range && operation === 'download' ? 206 : 200, {
          'content-length': operation === 'download' ? content.length : file.content.length,
          ...(range ? { 'content-range': `bytes ${start}-${end - 1}/${file.content.length}` } : {}),
          'x-ms-type': 'File',
          ...(file.contentType ? { 'content-type': file.contentType } : {}),
          ...(file.cacheControl ? { 'cache-control': file.cacheControl } : {}),
          ...Object.fromEntries(
            Object.entries(file.metadata).map(([key, value]) => [`x-ms-meta-${key}`, value]),
          ),
        });
        return void response.end(operation === 'download' ? content : undefined);
      }
      case 'deleteFile': {
        const share = shareOf(shareName);
        fileAt(share, path);
        share.files.delete(path);
        return void response.writeHead(202).end();
      }
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake-azure-files');
      response.setHeader('x-ms-request-id', randomUUID());
      response.setHeader('x-ms-version', header(request, 'x-ms-version') ?? '2025-05-05');
      response.setHeader('date', new Date().toUTCString());
      response.setHeader('etag', `"0x${Date.now().toString(16).toUpperCase()}"`);
      response.setHeader('last-modified', new Date().toUTCString());
      try {
        serve(request, Buffer.concat(chunks), url, response);
      } catch (error) {
        if (error instanceof Hang) return;
        const { status, code } = error instanceof FakeError ? error : new FakeError(500, 'InternalError');
        const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code} (fake Azure Files)</Message></Error>`;
        response.writeHead(status, { 'x-ms-error-code': code, 'content-type': 'application/xml' });
        response.end(request.method === 'HEAD' ? undefined : xml);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};FileEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
    requests,
    share: (name) => shares.get(name),
    failNext: (failure) => failures.push(failure),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The SDK keeps connections alive; close would otherwise wait for them to time out.
        server.closeAllConnections();
      }),
  };
}
