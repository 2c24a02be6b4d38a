import type { Connection } from '../adapters/contract.js';
import type { RunContext } from '../execution/run-context.js';
import type { HookedNode } from '../hooks/node-hooks.js';
import type { MaterializationResult } from '../materializations/materialization-result.js';
import { applyGrants } from './apply-grants.js';

/** A built relation with its node's `grants` applied; the grant statements join its executed SQL. */
export async function withGrants(
  ctx: RunContext,
  node: HookedNode,
  connection: Connection,
  result: MaterializationResult,
): Promise<MaterializationResult> {
  if (result.kind === 'ephemeral') return result;
  const statements = await applyGrants(connection, ctx.session.dialect, node.relation, result.kind, node.config.grants);
  return statements.length === 0 ? result : { ...result, executedSql: [...result.executedSql, ...statements] };
}
