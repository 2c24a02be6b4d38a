/**
 * The ops HTTP server of the long-running processes (the ingester, `--watch`):
 * `/healthz` (200 when healthy, 503 otherwise, with a small JSON body saying why; the
 * ingester's is ingest/ops/health-status.ts) and `/metrics` (Prometheus text format).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scrubSecretValues } from '../config/secret-env.js';

export interface HealthStatus {
  healthy: boolean;
  detail: Record<string, unknown>;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** More GET endpoints by path (the commit feed's `/commits`). */
export type OpsRoutes = Record<string, (request: IncomingMessage, response: ServerResponse) => void>;

export async function startOpsServer(
  host: string,
  port: number,
  health: () => HealthStatus,
  metrics: () => string,
  routes: OpsRoutes = {},
): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      const status = health();
      response.writeHead(status.healthy ? 200 : 503, { 'content-type': 'application/json' });
      // the detail quotes write errors, which may quote a secret setting's value
      response.end(
        scrubSecretValues(JSON.stringify({ status: status.healthy ? 'ok' : 'unavailable', ...status.detail })),
      );
      return;
    }
    if (path === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(metrics());
      return;
    }
    const route = path === undefined ? undefined : routes[path];
    if (route) {
      route(request, response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /healthz or /metrics\n');
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
