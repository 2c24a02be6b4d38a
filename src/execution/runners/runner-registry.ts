import type { ManifestNode } from '../../manifest/types.js';
import { modelRunner } from './model-runner.js';
import type { ExecutableNode, NodeRunner } from './node-runner.js';
import { seedRunner } from './seed-runner.js';
import { snapshotRunner } from './snapshot-runner.js';
import { testRunner } from './test-runner.js';
import { unitTestRunner } from './unit-test-runner.js';

/**
 * The runner of each resource type. A new node type (snapshot, unit test, hook...) is one
 * runner file beside these and one line here; this type makes the compiler ask for it.
 */
const REGISTERED: { [T in ExecutableNode['resourceType']]: NodeRunner<Extract<ExecutableNode, { resourceType: T }>> } =
  {
    model: modelRunner,
    seed: seedRunner,
    test: testRunner,
    snapshot: snapshotRunner,
    unit_test: unitTestRunner,
  };

const RUNNERS = new Map<string, NodeRunner>(Object.entries(REGISTERED));

/** The runner of a node. A node no runner runs (a source) is a bug in the caller, reported with its type and id. */
export function runnerFor(node: ManifestNode): NodeRunner {
  const runner = RUNNERS.get(node.resourceType);
  if (!runner) {
    throw new Error(
      `No runner for resource type '${node.resourceType}' (${node.uniqueId}); ` +
        `runners are registered in src/execution/runners/runner-registry.ts`,
    );
  }
  return runner;
}
