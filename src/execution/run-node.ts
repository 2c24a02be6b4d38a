import type { Connection } from '../adapters/contract.js';
import type { NodeResult } from '../artifacts/run-results-json.js';
import { failureText } from '../errors/user-error.js';
import type { NodeExecution, RunContext } from './run-context.js';
import type { ExecutableNode, NodeRunner } from './runners/node-runner.js';

/**
 * The steps every node shares around its runner's `execute`: time the compile and execute
 * phases, and turn a failure into an `error` result so the run carries on with other nodes.
 */
export async function runNode(
  runner: NodeRunner,
  ctx: RunContext,
  node: ExecutableNode,
  connection: Connection,
  thread: number,
): Promise<NodeResult> {
  const startedAt = new Date();
  let execution: NodeExecution;
  try {
    execution = await runner.execute(ctx, node, connection);
  } catch (error) {
    execution = { status: 'error', adapterMessage: 'ERROR', message: failureText(error) };
  }
  const completedAt = new Date();
  const compileDone = execution.compileCompletedAt ?? startedAt;
  return {
    uniqueId: node.uniqueId,
    status: execution.status,
    timings: [
      { name: 'compile', startedAt: execution.compileStartedAt ?? startedAt, completedAt: compileDone },
      { name: 'execute', startedAt: compileDone, completedAt },
    ],
    threadId: `Thread-${thread + 1}`,
    executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
    message: execution.message ?? execution.adapterMessage,
    failures: execution.failures,
    rowsAffected: execution.rowsAffected,
    compiledSql: execution.compiledSql,
    relationName: execution.relationName,
    adapterMessage: execution.adapterMessage,
    warnings: execution.warnings,
    batchResults: execution.batchResults,
  };
}

/** The result of a node that did not run, with why. */
export function skippedResult(uniqueId: string, reason: string): NodeResult {
  return {
    uniqueId,
    status: 'skipped',
    timings: [],
    threadId: 'main',
    executionTime: 0,
    message: `Skipped: ${reason}`,
  };
}
