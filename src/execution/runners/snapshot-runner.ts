import type { Connection } from '../../adapters/contract.js';
import { withGrants } from '../../grants/with-grants.js';
import { withNodeHooks } from '../../hooks/node-hooks.js';
import { materializeSnapshot } from '../../materializations/materialize-snapshot.js';
import type { SnapshotNode } from '../../manifest/types.js';
import { nodeFailure } from '../node-failure.js';
import { compileForRun } from './compile-for-run.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';
import { relationText, type NodeRunner } from './node-runner.js';

/** Runs a snapshot: `snapshot main.orders_snapshot`, `OK snapshotted ...`, `SKIP relation ...` (dbt's lines). */
export const snapshotRunner: NodeRunner<SnapshotNode> = {
  resourceType: 'snapshot',
  describe: (node) => `snapshot ${relationText(node.relation)}`,
  relationOf: (node) => node.relation,
  execute: runSnapshot,
  resultLine: (node, result) =>
    `${result.status === 'error' ? 'ERROR snapshotting' : 'OK snapshotted'} ${relationText(node.relation)}`,
  skipLine: (node) => `SKIP relation ${relationText(node.relation)}`,
  summaryKind: () => 'snapshot',
};

/** Compile the snapshot's query just before it runs, then record its changes between its hooks. */
async function runSnapshot(ctx: RunContext, node: SnapshotNode, connection: Connection): Promise<NodeExecution> {
  const compileStartedAt = new Date();
  const { compiled, compileCompletedAt } = await compileForRun(ctx, node, false, connection);
  const sql = compiled.sql;
  const result = await withNodeHooks(ctx, node, connection, async (buildConnection) => {
    try {
      const recorded = await materializeSnapshot({
        connection: buildConnection,
        dialect: ctx.session.dialect,
        relation: node.relation,
        selectSql: sql,
        config: node.snapshot,
        inspect: (relation) => ctx.relations.inspect(relation),
      });
      return await withGrants(ctx, node, buildConnection, recorded);
    } catch (error) {
      throw await nodeFailure(ctx, node, compiled, error);
    }
  });
  const execution = await builtRelation(ctx, node, result);
  return { ...execution, compiledSql: sql, compileStartedAt, compileCompletedAt };
}
