import type { Connection } from '../adapters/contract.js';
import { DatabaseError } from '../adapters/database-error.js';
import { StrataError } from '../errors/strata-error.js';
import { introspectionOn } from '../execution/introspection-queries.js';
import type { RunContext } from '../execution/run-context.js';
import type { HookSql, ModelNode, SeedNode, SnapshotNode } from '../manifest/types.js';
import { insideTransaction } from './hook-transaction.js';
import { renderHook } from './render-hook.js';

/** A node that builds a relation and may carry `pre_hook` / `post_hook` and `grants`. */
export type HookedNode = ModelNode | SeedNode | SnapshotNode;

type Phase = 'pre-hook' | 'post-hook';

/**
 * Build a node between its hooks, in dbt's order: the pre-hooks outside the transaction
 * (`transaction: false`), then those inside it, the build, the post-hooks inside the
 * transaction, then those outside it. Where DDL is transactional (DuckDB, PostgreSQL and
 * Redshift) the inside hooks and the build share one transaction, so a failing inside
 * post-hook rolls the build back; elsewhere (Snowflake commits each DDL statement) they
 * run in the same order, each on its own. A failing hook fails the node with the hook named;
 * a failing pre-hook stops the build. Any runner that builds a relation (models, seeds,
 * snapshots) wraps its build in this, building on the connection it is handed.
 */
export async function withNodeHooks<T>(
  ctx: RunContext,
  node: HookedNode,
  connection: Connection,
  build: (connection: Connection) => Promise<T>,
): Promise<T> {
  const pre = indexed(node.config.preHook ?? []);
  const post = indexed(node.config.postHook ?? []);
  const inside = (hooks: IndexedHook[]) => hooks.filter(({ hook }) => hook.transaction);
  const outside = (hooks: IndexedHook[]) => hooks.filter(({ hook }) => !hook.transaction);
  const { dialect } = ctx.session;
  await runHooks(ctx, node, connection, 'pre-hook', outside(pre), pre.length);
  let result: T;
  if (dialect.capabilities.transactionalDdl && inside([...pre, ...post]).length > 0) {
    await connection.execute(dialect.beginTransaction());
    try {
      const shared = insideTransaction(connection, dialect);
      await runHooks(ctx, node, shared, 'pre-hook', inside(pre), pre.length);
      result = await build(shared);
      await runHooks(ctx, node, shared, 'post-hook', inside(post), post.length);
      await connection.execute(dialect.commitTransaction());
    } catch (error) {
      // the build's or hook's error is the one to report, whatever the rollback says
      await connection.execute(dialect.rollbackTransaction()).catch(() => undefined);
      throw error;
    }
  } else {
    await runHooks(ctx, node, connection, 'pre-hook', inside(pre), pre.length);
    result = await build(connection);
    await runHooks(ctx, node, connection, 'post-hook', inside(post), post.length);
  }
  await runHooks(ctx, node, connection, 'post-hook', outside(post), post.length);
  return result;
}

interface IndexedHook {
  hook: HookSql;
  /** its place among the node's hooks of its phase, as written */
  index: number;
}

function indexed(hooks: HookSql[]): IndexedHook[] {
  return hooks.map((hook, index) => ({ hook, index }));
}

async function runHooks(
  ctx: RunContext,
  node: HookedNode,
  connection: Connection,
  phase: Phase,
  hooks: IndexedHook[],
  count: number,
): Promise<void> {
  const run = introspectionOn(async () => connection);
  for (const { hook, index } of hooks) {
    const label = `${phase} ${index + 1} of ${count}`;
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
