import type { Manifest, ManifestNode, ResourceType } from '../manifest/types.js';
import { getNode } from '../manifest/types.js';
import type { DependencyGraph } from '../graph/build-graph.js';
import { topologicalOrder } from '../graph/topo.js';
import { reachable } from '../graph/traverse.js';
import { assertNoWaitCycle } from './wait-cycle.js';

/** The units of an invocation in order, each with the units it must wait for. */
export interface ExecutionPlan {
  order: string[];
  prerequisites: Map<string, string[]>;
}

/** Ephemeral models, sources and analyses are never executed: they are inlined, only read or only compiled. */
export function isExecutable(node: ManifestNode): boolean {
  if (node.resourceType === 'source' || node.resourceType === 'analysis') return false;
  return !(node.resourceType === 'model' && node.config.materialized === 'ephemeral');
}

/**
 * Order the selected nodes (and build's exposures, which wait for what they read but
 * run nothing). A node waits for its selected parents, looking through
 * ephemeral models to their parents. With `gateOnTests` (build), a node also waits for
 * the tests of its parents, so a failing error-severity test skips what is downstream.
 */
export function planExecution(
  manifest: Manifest,
  graph: DependencyGraph,
  selected: Set<string>,
  gateOnTests: boolean,
): ExecutionPlan {
  const units = new Set([...selected].filter((id) => isExecutable(getNode(manifest, id)!)));
  const order = topologicalOrder(graph, units);
  const testsOf = new Map<string, string[]>();
  if (gateOnTests) {
    for (const id of units) {
      const node = manifest.nodes.get(id);
      if (node?.resourceType !== 'test') continue;
      for (const parent of node.dependsOn) {
        let list = testsOf.get(parent);
        if (!list) testsOf.set(parent, (list = []));
        list.push(id);
      }
    }
  }
  // As in dbt, a test gates a node only when the node descends from every parent of the
  // test: a relationships test also reads its `to` model, which may sit downstream.
  const ancestorsOf = new Map<string, Set<string>>();
  const gates = (test: string, id: string): boolean => {
    const parents = manifest.nodes.get(test)!.dependsOn;
    if (parents.length === 1) return true;
    let ancestors = ancestorsOf.get(id);
    if (!ancestors) ancestorsOf.set(id, (ancestors = reachable(graph, [id], 'ancestors')));
    return parents.every((parent) => ancestors.has(parent));
  };
  const prerequisites = new Map<string, string[]>();
  const unitTestsOf = unitTestsByModel(manifest, units);
  for (const id of order) {
    const node = getNode(manifest, id)!;
    // as in dbt, a unit test runs where its model would (after the model's parents), and gates it
    const waits = new Set<string>(unitTestsOf.get(id) ?? []);
    const stand = node.resourceType === 'unit_test' ? node.modelId : id;
    const parents = getNode(manifest, stand)!.dependsOn;
    // as in dbt, tests gate the nodes below what they test, but not an exposure (a no-op in build)
    const gated = node.resourceType !== 'test' && node.resourceType !== 'exposure';
    const stack = [...parents];
    const seen = new Set<string>();
    while (stack.length) {
      const parent = stack.pop()!;
      if (seen.has(parent)) continue;
      seen.add(parent);
      const parentNode = getNode(manifest, parent);
      if (!parentNode) continue;
      if (units.has(parent)) {
        waits.add(parent);
        if (gated) {
          for (const test of testsOf.get(parent) ?? []) if (gates(test, stand)) waits.add(test);
        }
      } else if (!isExecutable(parentNode) && parentNode.resourceType === 'model') {
        stack.push(...parentNode.dependsOn);
      }
    }
    prerequisites.set(id, [...waits]);
  }
  // the graph has no cycle (checked at parse); the waits added here must not close one either
  assertNoWaitCycle(order, prerequisites, (id) => getNode(manifest, id)?.name ?? id);
  return { order: exposuresAfterInputs(manifest, order, prerequisites), prerequisites };
}

/**
 * The order with each exposure moved to just after the last unit it waits for: ready units
 * start in this order, so an exposure is logged as soon as what it reads is built, as dbt's
 * depth-first queue does, instead of behind every node whose name sorts before its own.
 */
function exposuresAfterInputs(manifest: Manifest, order: string[], prerequisites: Map<string, string[]>): string[] {
  const exposures = order.filter((id) => manifest.exposures?.has(id));
  if (exposures.length === 0) return order;
  const placed = order.filter((id) => !manifest.exposures?.has(id));
  for (const exposure of exposures) {
    const waits = new Set(prerequisites.get(exposure));
    let after = -1;
    placed.forEach((id, index) => {
      if (waits.has(id)) after = index;
    });
    placed.splice(after + 1, 0, exposure);
  }
  return placed;
}

/** The planned unit tests of each model. */
function unitTestsByModel(manifest: Manifest, units: Set<string>): Map<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const id of units) {
    const node = manifest.nodes.get(id);
    if (node?.resourceType === 'unit_test') byModel.set(node.modelId, [...(byModel.get(node.modelId) ?? []), id]);
  }
  return byModel;
}

/** Resource types each command executes. */
export const COMMAND_RESOURCES: Record<'run' | 'test' | 'seed' | 'snapshot' | 'build' | 'clone', ResourceType[]> = {
  run: ['model'],
  test: ['test', 'unit_test'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  build: ['seed', 'model', 'snapshot', 'test', 'unit_test'],
  clone: ['seed', 'model'],
};
