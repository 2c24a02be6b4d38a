import type { NodeResult } from '../artifacts/run-results-json.js';
import { NO_WAREHOUSE } from '../unit-tests/unit-test-target.js';
import type { ExecutionPlan } from './execution-plan.js';
import { exposureNoOp, exposureSkipped } from './exposure-results.js';
import type { RunContext } from './run-context.js';
import { runNode, skippedResult } from './run-node.js';
import type { RunProgress } from './run-progress.js';
import { runSchedule } from './scheduler.js';
import type { PlannedNode } from './task-units.js';
import type { WorkerConnections } from './worker-connections.js';

/** What running the planned units needs. */
export interface UnitsRun {
  ctx: RunContext;
  plan: ExecutionPlan;
  units: Map<string, PlannedNode>;
  connections: WorkerConnections;
  progress: RunProgress;
  threads: number;
  failFast?: boolean;
  signal?: AbortSignal;
}

/**
 * Run the plan's units on `threads` workers, each on its worker's connection (offline unit
 * tests and build's exposures on none), reporting each start and end; a unit after a failure, or after Ctrl-C, is
 * skipped with the reason. Returns each unit's result.
 */
export async function runUnits(run: UnitsRun): Promise<Map<string, NodeResult>> {
  const { ctx, units, connections, progress } = run;
  const { manifest } = ctx.session.parsed;
  const results = new Map<string, NodeResult>();
  await runSchedule({
    threads: run.threads,
    order: run.plan.order,
    prerequisites: run.plan.prerequisites,
    failFast: run.failFast,
    signal: run.signal,
    name: (id) => manifest.nodes.get(id)?.name ?? manifest.exposures?.get(id)?.name ?? id,
    execute: async (id, thread) => {
      const exposure = manifest.exposures?.get(id);
      if (exposure) {
        results.set(id, exposureNoOp(exposure, progress, thread));
        return 'success';
      }
      const { runner, node } = units.get(id)!;
      // unit tests on a target of their own (or offline) use none of the run's connections
      const apart = node.resourceType === 'unit_test' && ctx.unitTarget.ownConnections;
      const connection = apart ? NO_WAREHOUSE : await connections.claim(thread);
      progress.started(runner, node);
      const result = await runNode(runner, ctx, node, connection, thread).finally(() => connections.release(thread));
      results.set(id, result);
      progress.finished(runner, node, result);
      // as in dbt, a partly built microbatch model holds back its children
      return ['error', 'fail', 'partial success'].includes(result.status) ? 'failure' : 'success';
    },
    skip: (id, cause) => {
      const reason = cause
        ? `upstream ${manifest.nodes.get(cause)?.name ?? cause} did not succeed`
        : 'the run was stopped';
      const exposure = manifest.exposures?.get(id);
      if (exposure) {
        results.set(id, exposureSkipped(exposure, progress, reason));
        return;
      }
      const { runner, node } = units.get(id)!;
      results.set(id, skippedResult(id, reason));
      progress.skipped(runner, node);
    },
  });
  return results;
}
