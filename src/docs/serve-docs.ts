/**
 * `strata docs serve`: a small static server for the target folder. It serves only the
 * kinds of files the site is made of (so a DuckDB database in target/ is never handed
 * out), never anything outside the folder: a path with `..`, an encoded one included,
 * or a symlink leading out is a 404.
 */
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { StrataError } from '../errors/strata-error.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.sql': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface DocsServerOptions {
  /** the folder to serve (the project's target folder) */
  root: string;
  /** 0 picks a free port */
  port: number;
  host: string;
}

export interface DocsServer {
  /** where the site is, e.g. `http://127.0.0.1:8080/` */
  url: string;
  port: number;
  /** stop listening and drop open connections */
  close(): Promise<void>;
}

/** Start serving; resolves once listening. */
export async function startDocsServer(options: DocsServerOptions): Promise<DocsServer> {
  const root = await realpath(resolve(options.root)).catch(() => resolve(options.root));
  if (!existsSync(join(root, 'index.html'))) {
    throw new StrataError(`No docs site to serve: ${join(options.root, 'index.html')} does not exist.`, {
      hint: 'Run strata docs generate first.',
    });
  }
  const server = createServer((request, response) => {
    void serveFile(root, request, response);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, options)));
    server.listen(options.port, options.host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

async function serveFile(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': CONTENT_TYPES['.txt']! }).end('Method not allowed\n');
    return;
  }
  const path = await fileInside(root, request.url ?? '/');
  const type = path === undefined ? undefined : CONTENT_TYPES[extname(path).toLowerCase()];
  const info = path === undefined || type === undefined ? undefined : await stat(path).catch(() => undefined);
  if (path === undefined || type === undefined || !info?.isFile()) {
    response.writeHead(404, { 'Content-Type': CONTENT_TYPES['.txt']! }).end('Not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The file a request path names inside `root`, or undefined when it would leave it. */
export async function fileInside(root: string, url: string): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(url.split(/[?#]/, 1)[0]!);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.includes('\\')) return undefined;
  if (path.split('/').includes('..')) return undefined;
  const file = resolve(root, path === '/' ? 'index.html' : `.${path}`);
  if (!file.startsWith(root + sep)) return undefined;
  // A symlink inside target/ must not lead out of it either.
  const real = await realpath(file).catch(() => undefined);
  return real !== undefined && real.startsWith(root + sep) ? real : undefined;
}

function listenError(error: NodeJS.ErrnoException, options: DocsServerOptions): Error {
  const where = `${options.host}:${options.port}`;
  if (error.code === 'EADDRINUSE') {
    return new StrataError(`Cannot serve the docs on ${where}: the port is already in use.`, {
      hint: `Stop the program using it, or pick another port, e.g. strata docs serve --port ${options.port + 1}`,
    });
  }
  if (error.code === 'EACCES') {
    return new StrataError(`Cannot serve the docs on ${where}: not allowed to listen on that port.`, {
      hint: 'Ports below 1024 need extra rights; pick a higher one with --port.',
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new StrataError(`Cannot serve the docs on ${where}: this machine has no address ${options.host}.`, {
      hint: 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).',
    });
  }
  return error;
}
