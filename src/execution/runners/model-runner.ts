import type { Connection } from '../../adapters/contract.js';
import { materializeModel } from '../../materializations/materialize-model.js';
import { withGrants } from '../../grants/with-grants.js';
import { withNodeHooks } from '../../hooks/node-hooks.js';
import type { ModelNode } from '../../manifest/types.js';
import { contractSpecOf } from '../contract-spec.js';
import { nodeFailure } from '../node-failure.js';
import { compileForRun } from './compile-for-run.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';
import { isMicrobatch, runMicrobatchModel } from './microbatch-model.js';
import { isCommitFed, runCommitFedModel } from './commit-feed-model.js';
import { relationText, type NodeRunner } from './node-runner.js';

/** Runs a model: `sql table model main.orders`, `OK created ...`, `SKIP relation main.orders`. */
export const modelRunner: NodeRunner<ModelNode> = {
  resourceType: 'model',
  describe: (node) =>
    `sql ${isMicrobatch(node) ? 'microbatch' : node.config.materialized} model ${relationText(node.relation)}`,
  relationOf: (node) => node.relation,
  execute: runModel,
  resultLine: (node, result) =>
    `${result.status === 'error' ? 'ERROR creating' : 'OK created'} ${modelRunner.describe(node)}`,
  skipLine: (node) => `SKIP relation ${relationText(node.relation)}`,
  summaryKind: (node) => `${node.config.materialized} model`,
};

/**
 * Build one model: decide `is_incremental()` from what exists, compile, materialize between its hooks,
 * and keep the relation cache and target/compiled, target/run current.
 */
async function runModel(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeExecution> {
  if (isMicrobatch(node)) return runMicrobatchModel(ctx, node, connection);
  if (isCommitFed(node)) return runCommitFedModel(ctx, node, connection);
  const compileStartedAt = new Date();
  const existing = ctx.relations.get(node.relation);
  const fullRefresh = node.config.fullRefresh ?? ctx.fullRefresh;
  const incremental = node.config.materialized === 'incremental' && existing?.kind === 'table' && !fullRefresh;
  const { compiled, compileCompletedAt } = await compileForRun(ctx, node, incremental, connection);
  const sql = compiled.sql;
  const result = await withNodeHooks(ctx, node, connection, async (buildConnection) => {
    try {
      const built = await materializeModel({
        connection: buildConnection,
        dialect: ctx.session.dialect,
        relation: node.relation,
        compiledSql: sql,
        config: node.config,
        fullRefresh: ctx.fullRefresh,
        projectRoot: ctx.session.project.rootDir,
        modelId: node.uniqueId,
        inspect: (relation) => ctx.relations.inspect(relation),
        contract: contractSpecOf(node, ctx.session.parsed.manifest, ctx.session.dialect),
      });
      return await withGrants(ctx, node, buildConnection, built);
    } catch (error) {
      throw await nodeFailure(ctx, node, compiled, error);
    }
  });
  const execution = await builtRelation(ctx, node, result);
  return { ...execution, compiledSql: compiled.sql, compileStartedAt, compileCompletedAt };
}
