import type { Connection } from '../adapters/contract.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { runProjectHooks } from '../hooks/run-hooks.js';
import type { Manifest } from '../manifest/types.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { Reporter } from './reporter.js';
import type { RunContext } from './run-context.js';
import type { PlannedNode } from './task-units.js';

/**
 * Whether the project has `on-run-start` / `on-run-end` hooks: they need the warehouse, and a
 * run without them (offline unit tests) may never connect.
 */
export function hasProjectHooks(manifest: Manifest): boolean {
  return (manifest.operations?.size ?? 0) > 0;
}

/**
 * `on-run-end`, with dbt's `results` (the units' results, in plan order) and the relations
 * the units that ran built (their schemas are dbt's `schemas`).
 */
export async function runEndHooks(
  ctx: RunContext,
  planned: { plan: ExecutionPlan; units: Map<string, PlannedNode> },
  results: Map<string, NodeResult>,
  connection: Connection,
  reporter: Reporter,
): Promise<NodeResult[]> {
  const ran = planned.plan.order.flatMap((id) => results.get(id) ?? []);
  const built = ran.flatMap((result) => {
    // build's exposures are results too, but build nothing
    const unit = planned.units.get(result.uniqueId);
    return result.status === 'skipped' || !unit ? [] : (unit.runner.relationOf(unit.node) ?? []);
  });
  return runProjectHooks(ctx, 'on-run-end', connection, reporter, { results: ran, built });
}
