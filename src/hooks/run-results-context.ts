import type { NodeResult } from '../artifacts/run-results-json.js';

/**
 * The `results` an on-run-end hook sees: one object per node result with dbt's fields
 * (`status`, `node`, `execution_time`, `message`, `failures`, `adapter_response`, `timing`,
 * `thread_id`, `unique_id`), `node` being the node as dbt's `graph` shows it.
 */
export function runResultsContext(results: NodeResult[], nodes: Record<string, unknown>): Record<string, unknown>[] {
  return results.map((result) => ({
    status: result.status,
    node: nodes[result.uniqueId] ?? { unique_id: result.uniqueId },
    unique_id: result.uniqueId,
    execution_time: result.executionTime ?? 0,
    message: result.message ?? null,
    failures: result.failures ?? null,
    thread_id: result.threadId,
    adapter_response: {
      ...(result.adapterMessage === undefined ? {} : { _message: result.adapterMessage, code: result.adapterMessage }),
      ...(result.rowsAffected === undefined ? {} : { rows_affected: result.rowsAffected }),
    },
    timing: result.timings.map((timing) => ({
      name: timing.name,
      started_at: timing.startedAt.toISOString(),
      completed_at: timing.completedAt.toISOString(),
    })),
  }));
}
