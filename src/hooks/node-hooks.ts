import type { Connection } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import { StrataError } from '../errors/strata-error.js';
import { introspectionOn } from '../execution/introspection-queries.js';
import type { RunContext } from '../execution/run-context.js';
import type { HookSql, ModelNode, SeedNode } from '../manifest/types.js';
import { renderHook } from './render-hook.js';

/** A node that builds a relation and may carry `pre_hook` / `post_hook` (a snapshot too, once it is one). */
export type HookedNode = ModelNode | SeedNode;

type Phase = 'pre-hook' | 'post-hook';

/**
 * Build a node between its hooks, in dbt's order: the pre-hooks outside the transaction
 * (`transaction: false`), then those inside it, the build, the post-hooks inside the
 * transaction, then those outside it. A failing hook fails the node with the hook named;
 * a failing pre-hook stops the build. Any runner that builds a relation (models, seeds,
 * snapshots) wraps its build in this.
 */
export async function withNodeHooks<T>(
  ctx: RunContext,
  node: HookedNode,
  connection: Connection,
  build: () => Promise<T>,
): Promise<T> {
  const pre = node.config.preHook ?? [];
  const post = node.config.postHook ?? [];
  await runHooks(ctx, node, connection, 'pre-hook', ordered(pre, [false, true]));
  const result = await build();
  await runHooks(ctx, node, connection, 'post-hook', ordered(post, [true, false]));
  return result;
}

/** The hooks with their index as written, outside-the-transaction ones where `order` puts them. */
function ordered(hooks: HookSql[], order: [boolean, boolean]): Array<{ hook: HookSql; index: number }> {
  const indexed = hooks.map((hook, index) => ({ hook, index }));
  return order.flatMap((transaction) => indexed.filter(({ hook }) => hook.transaction === transaction));
}

async function runHooks(
  ctx: RunContext,
  node: HookedNode,
  connection: Connection,
  phase: Phase,
  hooks: Array<{ hook: HookSql; index: number }>,
): Promise<void> {
  const run = introspectionOn(async () => connection);
  for (const { hook, index } of hooks) {
    const label = `${phase} ${index + 1} of ${hooks.length}`;
    try {
      const key = `${node.uniqueId}.${phase}.${index}`;
      const render = { sql: hook.sql, key, file: node.origin.file, packageName: node.packageName, node };
      const sql = (await renderHook(ctx.session.parsed, render, run)).trim();
      // a hook whose Jinja rendered nothing (`{% if target.name == 'prod' %}...`) runs nothing
      if (sql !== '') await connection.execute(sql);
    } catch (error) {
      throw hookFailure(error, label, node);
    }
  }
}

/** The hook's own error, with which hook of which node failed in front. */
function hookFailure(error: unknown, label: string, node: HookedNode): unknown {
  if (error instanceof DatabaseError) {
    return new DatabaseError(error.adapter, `${label} failed: ${error.message}`, error.sql, error, error.failure);
  }
  if (error instanceof StrataError) {
    return new StrataError(`${label} of ${node.name} failed: ${error.message}`, {
      location: error.location ?? node.origin,
      hint: error.hint,
    });
  }
  return error;
}
