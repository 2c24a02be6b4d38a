import { inDatabase } from '../../artifacts/artifact-relation.js';
import { writeRunSql } from '../../artifacts/write-artifacts.js';
import { targetDatabase } from '../../adapters/registry.js';
import type { MaterializationResult } from '../../materializations/materialization-result.js';
import type { ModelNode, SeedNode, SnapshotNode } from '../../manifest/types.js';
import type { NodeExecution, RunContext } from '../run-context.js';

/**
 * What every node that builds a relation does once it is built: remember the relation's kind
 * for later `is_incremental()` checks, keep the executed SQL under target/run/ (a bulk load
 * appears there as a comment), and report the warehouse's answer and what it should tell the user.
 */
export async function builtRelation(
  ctx: RunContext,
  node: ModelNode | SeedNode | SnapshotNode,
  result: MaterializationResult,
): Promise<NodeExecution> {
  if (result.kind !== 'ephemeral') ctx.relations.set(node.relation, result.kind);
  await writeRunSql(ctx.targetDir, node, result.executedSql.join(';\n\n') + ';\n');
  return {
    status: 'success',
    adapterMessage: result.message,
    rowsAffected: result.rowsAffected,
    // named as the artifacts name it: with a DuckDB target's catalog, as dbt-duckdb does
    relationName: ctx.session.dialect.renderRelation(inDatabase(node.relation, targetDatabase(ctx.session.target))),
    warnings: result.warnings,
  };
}
