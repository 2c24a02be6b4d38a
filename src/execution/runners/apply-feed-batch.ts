/**
 * The last step of a commit-fed model's batch, Bronze-fed or ref-fed: its rows and its cursor
 * applied together between the model's hooks (src/feed/CONTEXT.md "Exactly once"), and the
 * cursor it starts from.
 */
import type { Connection, Dialect } from '../../adapters/contract.js';
import type { CompiledSql } from '../../compile/compiled-sql.js';
import type { FeedCursor } from '../../feed/commit-feed-reader.js';
import { hasTableCatalog } from '../../adapters/table-catalog.js';
import { catalogCursor } from '../../feed/catalog-feed-state.js';
import { createStateTable, cursorFromRows, selectState, writeState } from '../../feed/feed-state.js';
import { withGrants } from '../../grants/with-grants.js';
import { withNodeHooks } from '../../hooks/node-hooks.js';
import type { ModelNode, RelationName } from '../../manifest/types.js';
import { contractDdl } from '../../materializations/contract-ddl.js';
import { materializeCommitFeed } from '../../materializations/materialize-commit-feed.js';
import type { BatchWindow } from '../../microbatch/batch-window.js';
import { contractSpecOf } from '../contract-spec.js';
import { nodeFailure } from '../node-failure.js';
import type { NodeExecution, RunContext } from '../run-context.js';
import { builtRelation } from './built-relation.js';

/** A compiled batch of a commit-fed model, Bronze-fed or ref-fed. */
export interface FeedBatchSql {
  compiled: CompiledSql;
  windowsSql?: string;
  windows: BatchWindow[];
  /** false: build the table in full (first run, full refresh) */
  incremental: boolean;
  /** the cursor stored with the batch's rows */
  nextCursor: FeedCursor;
}

/** Apply a compiled batch between the model's hooks: its rows and its cursor (src/feed/CONTEXT.md "Exactly once"). */
export async function applyFeedBatch(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  batch: FeedBatchSql,
): Promise<NodeExecution> {
  const { dialect } = ctx.session;
  const { relation, config } = node;
  const { compiled, incremental } = batch;
  const contract = contractSpecOf(node, ctx.session.parsed.manifest, dialect);
  const result = await withNodeHooks(ctx, node, connection, async (buildConnection) => {
    try {
      const built = await materializeCommitFeed({
        connection: buildConnection,
        dialect,
        relation,
        deltaSql: compiled.sql,
        windowsSql: batch.windowsSql,
        windows: batch.windows,
        eventTime: config.eventTime,
        uniqueKey: config.uniqueKey,
        sumColumns: config.mergeSumColumns,
        replaceKey: config.replaceKey,
        replaceFrom: config.replaceFrom,
        onSchemaChange: config.onSchemaChange,
        clearState: writeState(dialect, relation, node.uniqueId, new Map()),
        writeState: writeState(dialect, relation, node.uniqueId, batch.nextCursor),
        model: node.uniqueId,
        cursor: batch.nextCursor,
        location: config.location,
        build: incremental ? undefined : await ctx.relations.inspect(relation),
        tableOptions: { partitionBy: config.partitionBy, extra: config.extra },
        contract: contract && contractDdl(dialect, contract),
      });
      return await withGrants(ctx, node, buildConnection, built);
    } catch (error) {
      throw await nodeFailure(ctx, node, compiled, error);
    }
  });
  return { ...(await builtRelation(ctx, node, result)), compiledSql: compiled.sql };
}

/**
 * The model's cursor, the state table created first where missing. Two models of a schema
 * may create it at once; the one that loses the race finds it there.
 */
export async function storedCursor(connection: Connection, dialect: Dialect, relation: RelationName, model: string) {
  if (hasTableCatalog(connection)) return catalogCursor(connection.tableCatalog, relation, model);
  const read = async () => cursorFromRows((await connection.query(selectState(dialect, relation, model))).rows);
  try {
    await connection.execute(createStateTable(dialect, relation));
  } catch (error) {
    return read().catch(() => {
      throw error;
    });
  }
  return read();
}
