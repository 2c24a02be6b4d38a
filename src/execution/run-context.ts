import type { Adapter } from '../adapters/contract.js';
import type { Compiler } from '../compile/compiler.js';
import type { RelationCache } from './relation-cache.js';
import type { Session } from './session.js';
import type { UnitTestTarget } from '../unit-tests/unit-test-target.js';
import type { BatchResults } from '../microbatch/batch-results.js';
import type { Reporter } from './reporter.js';
import type { MicrobatchRequest } from '../microbatch/microbatch-request.js';
import type { IdleConnections } from './worker-connections.js';

/** Everything a node runner needs during one invocation. */
export interface RunContext {
  session: Session;
  adapter: Adapter;
  compiler: Compiler;
  relations: RelationCache;
  /** absolute target folder (artifacts, compiled and run SQL) */
  targetDir: string;
  fullRefresh: boolean;
  /** `--store-failures` for every test */
  storeFailures: boolean;
  /** where unit tests run: in-memory DuckDB, or the target with `--unit-target` */
  unitTarget: UnitTestTarget;
  /** where a microbatch model prints its `Batch 1 of 3 ...` lines (none: silent) */
  reporter?: Reporter;
  /** microbatch models: `--event-time-start/-end`, and on retry the batches to run again */
  microbatch?: MicrobatchRequest;
  /** the connections of idle worker threads, which a microbatch model's batches may borrow */
  idleConnections?: IdleConnections;
}

/** What one node's execution produced, before it is turned into a NodeResult. */
export interface NodeExecution {
  /** models and seeds: success/error; tests: pass/warn/fail/error */
  status: 'success' | 'error' | 'pass' | 'warn' | 'fail' | 'partial success';
  /** short text for the result line, e.g. `CREATE VIEW`, `INSERT 120`, `FAIL 3` */
  adapterMessage: string;
  /** longer text for run_results and the failure summary */
  message?: string;
  failures?: number;
  rowsAffected?: number;
  compiledSql?: string;
  relationName?: string;
  compileStartedAt?: Date;
  compileCompletedAt?: Date;
  /** printed before the node's result line, e.g. constraints the warehouse does not enforce */
  warnings?: string[];
  /** a microbatch model: the batches that succeeded and failed */
  batchResults?: BatchResults;
}
