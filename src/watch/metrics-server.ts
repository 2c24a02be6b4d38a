/**
 * `--metrics-port`: the watcher's metrics on the same ops server as the ingester's
 * (`/metrics` in the Prometheus text format, `/healthz`), on 127.0.0.1 unless
 * `--metrics-host` says otherwise.
 */
import { StrataError } from '../errors/strata-error.js';
import { startOpsServer, type OpsServer } from '../ops/http-server.js';
import type { WatchMetrics } from './watch-metrics.js';

/** The port of `--metrics-port`, checked (0 picks a free one). */
export function metricsPort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new StrataError(`--metrics-port must be a port number (0-65535), got '${text}'`, {
      hint: 'For example: --metrics-port 9464',
    });
  return port;
}

/** Serve `metrics` until closed; a port already in use is a clear error. */
export async function serveWatchMetrics(metrics: WatchMetrics, host: string, port: number): Promise<OpsServer> {
  try {
    return await startOpsServer(
      host,
      port,
      () => ({ healthy: true, detail: { watching: true } }),
      () => metrics.registry.format(),
    );
  } catch (error) {
    throw new StrataError(`cannot serve metrics on ${host}:${port}: ${(error as Error).message}`, {
      hint: 'Choose a free port with --metrics-port (0 picks one and prints it)',
    });
  }
}
