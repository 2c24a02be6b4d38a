import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import type { Connection } from '../../adapters/contract.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import type { ModelNode, SnapshotNode } from '../../manifest/types.js';
import { introspectionOn } from '../introspection-queries.js';
import { nodeFailure } from '../node-failure.js';
import type { RunContext } from '../run-context.js';

/** A node's SQL compiled just before it runs, and when compiling ended. */
export interface CompiledForRun {
  compiled: CompiledSql;
  compileCompletedAt: Date;
}

/**
 * Compile a model or snapshot just before it runs, its introspective calls (run_query...) on
 * this worker's own connection, and keep the SQL under target/compiled; a failure is the
 * node's failure, naming its file.
 */
export async function compileForRun(
  ctx: RunContext,
  node: ModelNode | SnapshotNode,
  incremental: boolean,
  connection: Connection,
): Promise<CompiledForRun> {
  let compiled: CompiledSql | undefined;
  try {
    compiled = await ctx.compiler.compileModelSqlWith(
      node,
      incremental,
      introspectionOn(async () => connection),
    );
    await writeCompiledSql(ctx.targetDir, node, compiled.sql);
    return { compiled, compileCompletedAt: new Date() };
  } catch (error) {
    throw await nodeFailure(ctx, node, compiled, error);
  }
}
