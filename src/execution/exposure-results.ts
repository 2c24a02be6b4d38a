import type { NodeResult } from '../artifacts/run-results-json.js';
import type { ExposureNode } from '../exposures/exposure-node.js';
import type { Manifest } from '../manifest/types.js';
import { skippedResult } from './run-node.js';
import type { RunProgress } from './run-progress.js';

/** dbt's message and adapter detail of an exposure's result. */
const NO_OP = 'NO-OP';

/** The statuses after which what reads a node is not reached, as the scheduler skips children. */
const NOT_SUCCEEDED = new Set(['error', 'fail', 'skipped', 'partial success']);

/** The selected exposures among `selected`, in the order of `selected`. */
export function selectedExposures(manifest: Manifest, selected: ReadonlySet<string>): ExposureNode[] {
  const exposures: ExposureNode[] = [];
  for (const id of selected) {
    const exposure = manifest.exposures?.get(id);
    if (exposure) exposures.push(exposure);
  }
  return exposures;
}

/**
 * `build`'s exposures, after the nodes they read: dbt 1.11 builds nothing for an exposure
 * but reports each selected one as a `no-op` result (`NO-OP exposure tier_board`), or skips
 * it when a node it reads did not succeed or the run was stopped.
 */
export function exposureResults(
  exposures: ExposureNode[],
  results: ReadonlyMap<string, NodeResult>,
  progress: RunProgress,
  stopped: boolean,
): NodeResult[] {
  return exposures.map((exposure) => {
    const failed = exposure.dependsOn.find((id) => NOT_SUCCEEDED.has(results.get(id)?.status ?? ''));
    if (stopped || failed !== undefined) {
      const reason = failed === undefined ? 'the run was stopped' : `upstream ${failed} did not succeed`;
      const result = skippedResult(exposure.uniqueId, reason);
      progress.line(exposure.uniqueId, 'skip', `SKIP exposure ${exposure.name}`, 'SKIP');
      return result;
    }
    const now = new Date();
    const result: NodeResult = {
      uniqueId: exposure.uniqueId,
      status: 'no-op',
      timings: [
        { name: 'compile', startedAt: now, completedAt: now },
        { name: 'execute', startedAt: now, completedAt: now },
      ],
      threadId: 'Thread-1',
      executionTime: 0,
      message: NO_OP,
      failures: 0,
    };
    progress.line(exposure.uniqueId, 'no-op', `NO-OP exposure ${exposure.name}`, NO_OP, 0);
    return result;
  });
}
