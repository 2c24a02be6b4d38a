/**
 * A ref-fed model (a commit-fed model reading no Bronze source, src/feed/CONTEXT.md "Models
 * fed by their upstream"): its batch is the offsets its feeders hold past its own cursor.
 * `feed_rows('x')` reads the rows of `x` in that batch, `ref('x')` the whole relation, so the
 * model computes what the new rows change (the keys they touch) and the batch is applied
 * with the cursor in one transaction, like any commit-fed batch.
 */
import type { Connection } from '../../adapters/contract.js';
import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import type { ModelNode } from '../../manifest/types.js';
import { introspectionOn } from '../introspection-queries.js';
import { nodeFailure } from '../node-failure.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { applyFeedBatch, storedCursor } from './apply-feed-batch.js';
import { feedersRewound, rangesBetween, upstreamBound, upstreamFeed } from './upstream-feed.js';

/** Run the model's next batch: the rows its feeders hold that it has not seen. */
export async function runRefFedModel(ctx: RunContext, node: ModelNode, connection: Connection): Promise<NodeExecution> {
  const compileStartedAt = new Date();
  const { dialect } = ctx.session;
  const { relation, config } = node;
  const feed = upstreamFeed(ctx, node);
  // the feeders ran before this model in this run (they are its ancestors): their cursors are final
  const bound = await upstreamBound(connection, dialect, feed);
  const stored = await storedCursor(connection, dialect, relation, node.uniqueId);
  const exists = ctx.relations.get(relation)?.kind === 'table';
  const fullRefresh = config.fullRefresh ?? ctx.fullRefresh;
  // feeders behind this model's cursor were rebuilt from a feed that started over: so is this model
  const incremental = exists && !fullRefresh && stored.size > 0 && !feedersRewound(stored, bound);
  const ranges = incremental ? rangesBetween(stored, bound) : new Map();
  if (incremental && ranges.size === 0) {
    return { status: 'success', adapterMessage: 'NO NEW COMMITS', rowsAffected: 0, compileStartedAt };
  }
  const noRows = ctx.compiler.readsNoRows;

  let compiled: CompiledSql | undefined;
  try {
    const run = introspectionOn(async () => connection);
    compiled = incremental
      ? await ctx.compiler.compileFeedRowsSqlWith(node, { modelId: node.uniqueId, ranges, ...feed }, run)
      : await ctx.compiler.compileModelSqlWith(node, false, run);
    await writeCompiledSql(ctx.targetDir, node, compiled.sql);
  } catch (error) {
    throw await nodeFailure(ctx, node, compiled, error);
  }
  const compileCompletedAt = new Date();
  // `--empty` moves no cursor (a full build's stays empty, so the next run builds in full)
  const nextCursor = noRows ? (incremental ? stored : new Map()) : bound;
  const execution = await applyFeedBatch(ctx, node, connection, { compiled, windows: [], incremental, nextCursor });
  const offsets = [...ranges.values()].flat().reduce((sum, range) => sum + range.end - range.start, 0);
  const described = incremental ? `${execution.adapterMessage} (${offsets} new offsets)` : execution.adapterMessage;
  return { ...execution, adapterMessage: described, compileStartedAt, compileCompletedAt };
}
