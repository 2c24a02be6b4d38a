/**
 * A microbatch model runs as batches (see microbatch/CONTEXT.md): each compiled for its
 * window and replacing that window of the table. The first batch runs alone (it may create
 * the table), the middle ones at once where the warehouse and the model allow, the last one
 * alone after them; a failed batch fails alone, and the model ends `partial success`.
 */
import type { Connection } from '../../adapters/contract.js';
import { writeCompiledSql } from '../../artifacts/write-artifacts.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import { failureText } from '../../errors/user-error.js';
import { withGrants } from '../../grants/with-grants.js';
import { withNodeHooks } from '../../hooks/node-hooks.js';
import type { ModelNode } from '../../manifest/types.js';
import { materializeBatch } from '../../materializations/materialize-microbatch.js';
import { batchId, formatBatchStart, type BatchWindow } from '../../microbatch/batch-window.js';
import type { BatchResults } from '../../microbatch/batch-results.js';
import { lastEventTime } from '../../microbatch/last-event-time.js';
import { planBatches, requireMicrobatchConfig } from '../../microbatch/plan-batches.js';
import { contractSpecOf } from '../contract-spec.js';
import { introspectionOn } from '../introspection-queries.js';
import { nodeFailure } from '../node-failure.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';
import { relationText } from './node-runner.js';

/** True for an incremental model whose strategy is microbatch. */
export function isMicrobatch(node: ModelNode): boolean {
  return node.config.materialized === 'incremental' && node.config.incrementalStrategy === 'microbatch';
}

/** Run a microbatch model's batches between its hooks; the result carries dbt's `batch_results`. */
export async function runMicrobatchModel(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
): Promise<NodeExecution> {
  const compileStartedAt = new Date();
  const { eventTime, batchSize } = requireMicrobatchConfig(node);
  const fullRefresh = node.config.fullRefresh ?? ctx.fullRefresh;
  const exists = ctx.relations.get(node.relation)?.kind === 'table';
  const request = ctx.microbatch ?? {};
  const incremental = exists && !fullRefresh;
  const retried = request.retryBatches?.get(node.uniqueId);
  // the table is the state: where its newest event time is, the run resumes (no missed batch)
  const resume = incremental && !retried && !request.window;
  const batches =
    retried ??
    planBatches({
      model: node,
      incremental,
      now: request.now ?? ctx.session.parsed.context.invocation.runStartedAt,
      window: request.window,
      lastEventTime: resume
        ? await lastEventTime(connection, ctx.session.dialect, node.relation, eventTime)
        : undefined,
    });
  const results: BatchResults = { successful: [...(request.doneBatches?.get(node.uniqueId) ?? [])], failed: [] };
  let lastCompiled: CompiledSql | undefined;
  let rows = 0;
  let built = exists && !fullRefresh;
  const failures: string[] = [];
  const warnings: string[] = [];
  const contract = contractSpecOf(node, ctx.session.parsed.manifest, ctx.session.dialect);

  const number = new Map(batches.map((window, index) => [window, index + 1]));
  const what = (window: BatchWindow) =>
    `batch ${formatBatchStart(window.start, batchSize)} of ${relationText(node.relation)}`;
  const runBatch = async (window: BatchWindow, on: Connection): Promise<void> => {
    const id = batchId(window.start, batchSize);
    const index = number.get(window) ?? 0;
    const startedAt = Date.now();
    const seconds = () => (Date.now() - startedAt) / 1000;
    ctx.reporter?.start(index, batches.length, what(window), 'Batch ');
    let compiled: CompiledSql | undefined;
    try {
      const filter = { modelId: node.uniqueId, window };
      // is_incremental() is true in every batch after the one that builds the table
      compiled = await ctx.compiler.compileBatchSqlWith(
        node,
        built,
        filter,
        introspectionOn(async () => on),
      );
      lastCompiled = compiled;
      const state = built ? undefined : await ctx.relations.inspect(node.relation);
      const result = await materializeBatch({
        connection: on,
        dialect: ctx.session.dialect,
        relation: node.relation,
        selectSql: compiled.sql,
        eventTime,
        window,
        batchId: id,
        build: state,
        onSchemaChange: node.config.onSchemaChange,
        tableOptions: { partitionBy: node.config.partitionBy, extra: node.config.extra },
        location: node.config.location,
        contract,
      });
      warnings.push(...(result.warnings ?? []));
      if (!built) ctx.relations.set(node.relation, 'table');
      built = true;
      rows += result.rowsAffected ?? 0;
      results.successful.push(window);
      ctx.reporter?.result(
        index,
        batches.length,
        'ok',
        `OK created ${what(window)}`,
        result.message,
        seconds(),
        'Batch ',
      );
    } catch (error) {
      results.failed.push(window);
      ctx.reporter?.result(
        index,
        batches.length,
        'error',
        `ERROR creating ${what(window)}`,
        'ERROR',
        seconds(),
        'Batch ',
      );
      const failure = await nodeFailure(ctx, node, compiled, error);
      failures.push(`batch ${formatBatchStart(window.start, batchSize)}: ${failureText(failure)}`);
    }
  };

  const result = await withNodeHooks(ctx, node, connection, async (buildConnection) => {
    const [first, ...rest] = batches;
    if (first) await runBatch(first, buildConnection);
    if (results.failed.length > 0) {
      // as dbt: when the first batch fails, the others are not tried (they are failed too)
      results.failed.push(...rest);
    } else {
      const middle = rest.slice(0, -1);
      const last = rest.slice(-1);
      if (middle.length > 1 && concurrent(ctx, node)) {
        await runAtOnce(ctx, middle, buildConnection, runBatch);
      } else {
        for (const window of middle) await runBatch(window, buildConnection);
      }
      for (const window of last) await runBatch(window, buildConnection);
    }
    const succeeded = results.successful.length;
    const kind = built ? 'table' : 'ephemeral';
    const message = `${succeeded > 0 ? 'SUCCESS' : 'ERROR'}`;
    return withGrants(ctx, node, buildConnection, { kind, rowsAffected: rows, executedSql: [], message } as const);
  });
  if (lastCompiled) await writeCompiledSql(ctx.targetDir, node, lastCompiled.sql);
  const execution = built ? await builtRelation(ctx, node, result) : { status: 'success' as const, adapterMessage: '' };
  const total = results.successful.length + results.failed.length;
  const status =
    results.failed.length === 0 ? 'success' : results.successful.length === 0 ? 'error' : 'partial success';
  const adapterMessage =
    status === 'success'
      ? `SUCCESS (${total} batch${total === 1 ? '' : 'es'})`
      : status === 'error'
        ? 'ERROR'
        : `PARTIAL SUCCESS (${results.successful.length}/${total})`;
  return {
    ...execution,
    status,
    adapterMessage,
    message: [adapterMessage, ...failures].join('\n'),
    rowsAffected: rows,
    compiledSql: lastCompiled?.sql,
    compileStartedAt,
    compileCompletedAt: compileStartedAt,
    batchResults: results,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * dbt's rule: batches run at once when the warehouse allows it and the model does not read
 * itself (`{{ this }}`), unless `concurrent_batches` says otherwise; hooks keep them in order.
 */
function concurrent(ctx: RunContext, node: ModelNode): boolean {
  if (!ctx.session.dialect.capabilities.concurrentBatches || ctx.session.target.threads < 2) return false;
  if ((node.config.preHook?.length ?? 0) + (node.config.postHook?.length ?? 0) > 0) return false;
  return node.config.concurrentBatches ?? !readsItself(node.rawSql);
}

/** The template names `this` inside an expression or statement. */
function readsItself(rawSql: string): boolean {
  return /\{[{%][^}]*\bthis\b/.test(rawSql);
}

/**
 * Run `windows` on the model's own connection and on the connections of worker threads that
 * are idle, each taking the next batch when free: batches share the run's `threads`, so the
 * run never holds more connections than threads. Only idle ones are borrowed, never waited
 * for: where connections are pooled per thread (Snowflake), waiting for one while holding
 * this node's would deadlock once every thread runs a microbatch model
 * (dbt-labs/dbt-core#11420). Each time this connection takes a batch, it looks for a thread
 * that has become idle since.
 */
async function runAtOnce(
  ctx: RunContext,
  windows: BatchWindow[],
  own: Connection,
  runBatch: (window: BatchWindow, on: Connection) => Promise<void>,
): Promise<void> {
  const queue = [...windows];
  const helping: Array<Promise<void>> = [];
  const drain = async (connection: Connection) => {
    for (let window = queue.shift(); window; window = queue.shift()) await runBatch(window, connection);
  };
  const borrow = async () => {
    while (queue.length > 1) {
      const borrowed = await ctx.idleConnections?.borrowIdle();
      if (!borrowed) return;
      helping.push(drain(borrowed.connection).finally(borrowed.giveBack));
    }
  };
  while (queue.length > 0) {
    // a borrowed connection takes its first batch at once, so one is left for this one
    await borrow();
    const window = queue.shift();
    if (window) await runBatch(window, own);
  }
  // batches another connection took are finished before the last batch starts
  await Promise.all(helping);
}
