import type { NodeResult } from '../artifacts/run-results-json.js';
import type { ExposureNode } from '../exposures/exposure-node.js';
import { skippedResult } from './run-node.js';
import type { RunProgress } from './run-progress.js';

/** dbt's message and adapter detail of an exposure's result. */
const NO_OP = 'NO-OP';

/**
 * An exposure's turn in `build`: dbt 1.11 schedules each selected exposure in graph order,
 * after the nodes it reads (not their tests), builds nothing, and reports it as a `no-op`
 * result: `2 of 6 NO-OP exposure tier_board .... [NO-OP in 0.00s]`.
 */
export function exposureNoOp(exposure: ExposureNode, progress: RunProgress, thread: number): NodeResult {
  const now = new Date();
  progress.line(exposure.uniqueId, 'no-op', `NO-OP exposure ${exposure.name}`, NO_OP, 0);
  return {
    uniqueId: exposure.uniqueId,
    status: 'no-op',
    timings: [
      { name: 'compile', startedAt: now, completedAt: now },
      { name: 'execute', startedAt: now, completedAt: now },
    ],
    threadId: `Thread-${thread + 1}`,
    executionTime: 0,
    message: NO_OP,
    failures: 0,
  };
}

/** An exposure whose inputs did not succeed, or whose run was stopped: `SKIP exposure tier_board`. */
export function exposureSkipped(exposure: ExposureNode, progress: RunProgress, reason: string): NodeResult {
  progress.line(exposure.uniqueId, 'skip', `SKIP exposure ${exposure.name}`, 'SKIP');
  return skippedResult(exposure.uniqueId, reason);
}
