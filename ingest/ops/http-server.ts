/** The ops HTTP server (`/healthz`, `/metrics`), shared with `--watch`'s model metrics. */
export * from '../../src/ops/http-server.js';
