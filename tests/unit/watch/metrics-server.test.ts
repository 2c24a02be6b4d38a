import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { metricsPort, serveWatchMetrics } from '../../../src/watch/metrics-server.js';
import { WatchMetrics } from '../../../src/watch/watch-metrics.js';

describe('--metrics-port', () => {
  it('takes a port number, and names the option for anything else', () => {
    expect(metricsPort('9465')).toBe(9465);
    expect(metricsPort('0')).toBe(0);
    for (const bad of ['http', '-1', '70000', '1.5'])
      expect(() => metricsPort(bad)).toThrow(new RegExp(`--metrics-port must be a port number .*'${bad}'`));
  });

  it('serves the metrics on /metrics, and a port in use is a clear error', async () => {
    const metrics = new WatchMetrics();
    metrics.record({ model: 'orders_daily', status: 'success', seconds: 1, builtAt: 0, commits: [] });
    const server = await serveWatchMetrics(metrics, '127.0.0.1', 0);
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      expect(await response.text()).toContain('strata_model_runs_total{model="orders_daily",status="success"} 1\n');
      const taken = serveWatchMetrics(metrics, '127.0.0.1', server.port);
      await expect(taken).rejects.toThrow(StrataError);
      await expect(taken).rejects.toThrow(`cannot serve metrics on 127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });
});
