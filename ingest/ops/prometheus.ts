/** The Prometheus text format, shared with `--watch`'s model metrics. */
export * from '../../src/ops/prometheus.js';
