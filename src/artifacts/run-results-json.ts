/**
 * run_results.json in dbt's run_results v6 shape. `NodeResult` is what the runner
 * records per executed (or skipped) node.
 */
import { redactSecrets } from '../config/redact-secrets.js';
import { invocationMetadata, isoTime, type Invocation } from './invocation-metadata.js';
import { batchResultsToJson, type BatchResults } from '../microbatch/batch-results.js';

/** dbt's schema URL; readers dispatch on it. */
export const RUN_RESULTS_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

/**
 * Models and seeds end `success`/`error`/`skipped` (a microbatch model also `partial success`);
 * tests `pass`/`warn`/`fail`/`error`/`skipped`; exposures in `build` `no-op`.
 */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'partial success' | 'no-op';

/** One phase of a node's execution. */
export interface PhaseTiming {
  name: 'compile' | 'execute';
  startedAt: Date;
  completedAt: Date;
}

/** The outcome of one node in an invocation, as the runner records it. */
export interface NodeResult {
  uniqueId: string;
  status: NodeStatus;
  /** compile then execute; empty for a node skipped before compiling */
  timings: PhaseTiming[];
  /** the worker that ran it, e.g. `Thread-1` */
  threadId: string;
  /** wall seconds; default: from the first start to the last completion of `timings` */
  executionTime?: number;
  /** human message: an error, `3 failing rows`, `skipped: upstream failed`... */
  message?: string;
  /** data tests: failing row count */
  failures?: number;
  rowsAffected?: number;
  compiledSql?: string;
  /** rendered relation the node built, when it built one */
  relationName?: string;
  /** the warehouse's own status text, e.g. `OK`, `CREATE TABLE` */
  adapterMessage?: string;
  /** warnings to print before the node's result line (not written to run_results.json) */
  warnings?: string[];
  /** a microbatch model: the batches that succeeded and failed */
  batchResults?: BatchResults;
}

/** Invocation facts written beside the results. */
export interface RunResultsMeta extends Invocation {
  elapsedSeconds: number;
  /** the command's arguments (select, exclude, target name...); secret-looking keys are masked */
  args: Record<string, unknown>;
  /** when the invocation began (dbt 1.9+'s `invocation_started_at`): microbatch models' clock, kept by retry */
  invocationStartedAt?: Date;
}

/** Results as a JSON-ready object shaped like dbt's run_results v6. */
export function runResultsToJson(results: NodeResult[], meta: RunResultsMeta): Record<string, unknown> {
  return {
    metadata: {
      ...invocationMetadata(RUN_RESULTS_SCHEMA_VERSION, meta),
      ...(meta.invocationStartedAt ? { invocation_started_at: isoTime(meta.invocationStartedAt) } : {}),
    },
    results: results.map(resultToJson),
    elapsed_time: meta.elapsedSeconds,
    args: redactSecrets(meta.args),
  };
}

/** Kinds dbt compiles nothing for: their results' `compiled` is null rather than false, and seeds name no relation. */
const UNCOMPILED_KINDS = new Set(['seed', 'exposure']);

function resultToJson(result: NodeResult): Record<string, unknown> {
  const uncompiled = UNCOMPILED_KINDS.has(result.uniqueId.slice(0, result.uniqueId.indexOf('.')));
  return {
    status: result.status,
    timing: result.timings.map((t) => ({
      name: t.name,
      started_at: isoTime(t.startedAt),
      completed_at: isoTime(t.completedAt),
    })),
    thread_id: result.threadId,
    execution_time: result.executionTime ?? spanSeconds(result.timings),
    adapter_response: adapterResponse(result),
    // a passing test or unit test has no message in dbt's results (its log line says PASS)
    message: result.status === 'pass' ? null : (result.message ?? null),
    failures: result.failures ?? null,
    unique_id: result.uniqueId,
    compiled: uncompiled ? null : result.compiledSql !== undefined,
    compiled_code: result.compiledSql ?? null,
    relation_name: uncompiled ? null : (result.relationName ?? null),
    batch_results: result.batchResults ? batchResultsToJson(result.batchResults) : null,
  };
}

function adapterResponse(result: NodeResult): Record<string, unknown> {
  const response: Record<string, unknown> = {};
  if (result.adapterMessage !== undefined) {
    response['_message'] = result.adapterMessage;
    // the statement without its row count, as dbt's adapters report it: `INSERT 2` is code `INSERT`
    response['code'] = result.adapterMessage.replace(/(?: \d+)+$/, '');
  }
  if (result.rowsAffected !== undefined) response['rows_affected'] = result.rowsAffected;
  return response;
}

function spanSeconds(timings: PhaseTiming[]): number {
  if (timings.length === 0) return 0;
  const start = Math.min(...timings.map((t) => t.startedAt.getTime()));
  const end = Math.max(...timings.map((t) => t.completedAt.getTime()));
  return (end - start) / 1000;
}
