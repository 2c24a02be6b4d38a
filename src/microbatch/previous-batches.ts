import { parseEventTime } from '../config/microbatch-config.js';
import { batchWindowsFromJson } from './batch-results.js';
import type { BatchWindow } from './batch-window.js';
import type { MicrobatchRequest } from './microbatch-request.js';

/**
 * What `strata retry` asks of microbatch models, from the run_results.json it repeats: the
 * retried run's clock (so the same batches are computed, not batches of "now":
 * dbt-labs/dbt-core#11423) and its `--event-time-start/-end`; and for each model that
 * ended `partial success`, only its failed batches run again, the successful ones carried
 * into the new results (dbt-labs/dbt-core#10800).
 */
export function previousBatches(runResults: Record<string, unknown>): MicrobatchRequest {
  const metadata = record(runResults.metadata);
  const args = record(runResults.args);
  const request: MicrobatchRequest = {};
  const now = parseEventTime(metadata.invocation_started_at);
  if (now) request.now = now;
  const start = parseEventTime(args.event_time_start);
  const end = parseEventTime(args.event_time_end);
  if (start && end) request.window = { start, end };
  const retryBatches = new Map<string, BatchWindow[]>();
  const doneBatches = new Map<string, BatchWindow[]>();
  for (const result of Array.isArray(runResults.results) ? runResults.results : []) {
    const { unique_id: id, status, batch_results: batches } = record(result);
    if (status !== 'partial success') continue;
    const failed = batchWindowsFromJson(record(batches).failed);
    const successful = batchWindowsFromJson(record(batches).successful);
    if (!failed || !successful || failed.length === 0) continue;
    retryBatches.set(String(id), failed);
    doneBatches.set(String(id), successful);
  }
  if (retryBatches.size > 0) {
    request.retryBatches = retryBatches;
    request.doneBatches = doneBatches;
  }
  return request;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
