import { StrataError } from '../errors/strata-error.js';
import type { ProjectNode } from '../manifest/types.js';
import { stateRelations } from './defer-setup.js';
import { planExecution, type ExecutionPlan } from './execution-plan.js';
import { isRunnable, type ExecutableNode, type NodeRunner } from './runners/node-runner.js';
import { cloneRunner } from './runners/clone-runner.js';
import { runnerFor } from './runners/runner-registry.js';
import type { Session } from './session.js';

/** A node of the plan with the runner of its type. */
export interface PlannedNode {
  node: ExecutableNode;
  runner: NodeRunner;
}

/** What a task runs: the plan, and each planned node with its runner. */
export interface TaskUnits {
  plan: ExecutionPlan;
  units: Map<string, PlannedNode>;
}

/**
 * Order the selected nodes and find every node's runner before anything runs, so a type
 * without one stops nothing halfway. `clone` runs every node with the clone runner, none
 * waiting for another.
 */
export function planTaskUnits(
  session: Session,
  selected: Set<string>,
  kind: string,
  state: string | undefined,
): TaskUnits {
  const { manifest } = session.parsed;
  const topological = planExecution(manifest, session.graph, selected, kind === 'build');
  // clones read the state, not each other: none waits for another, as in dbt
  const plan = kind === 'clone' ? { ...topological, prerequisites: new Map<string, string[]>() } : topological;
  const runnerOf = kind === 'clone' ? cloneRunnerOf(session, state) : runnerFor;
  // build's exposures are in the plan, in graph order, but no runner runs them (exposure-results.ts)
  const nodes = plan.order.flatMap((id) => manifest.nodes.get(id) ?? []);
  const units = new Map(nodes.map((node) => [node.uniqueId, planned(node, runnerOf)]));
  return { plan, units };
}

function planned(node: ProjectNode, runnerOf: (node: ExecutableNode) => NodeRunner): PlannedNode {
  // the plan holds only the command's resource types, none of which is an analysis
  if (!isRunnable(node)) throw new Error(`${node.uniqueId} is compiled only and cannot be planned to run`);
  return { node, runner: runnerOf(node) };
}

/** `clone` runs every node with the clone runner, reading the state manifest's relations. */
function cloneRunnerOf(session: Session, state: string | undefined): () => NodeRunner {
  if (state === undefined) {
    throw new StrataError('strata clone needs --state DIR: the folder of the manifest whose relations it clones', {
      hint: 'For example: strata clone --state prod-artifacts',
    });
  }
  const runner = cloneRunner(stateRelations(session.parsed.manifest, state, session.target)) as NodeRunner;
  return () => runner;
}
