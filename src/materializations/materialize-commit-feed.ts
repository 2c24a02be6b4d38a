import type { Connection, Dialect, TableOptions } from '../adapters/contract.js';
import type { OnSchemaChange, RelationName } from '../manifest/types.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import { StrataError } from '../errors/strata-error.js';
import { hasTableCatalog } from '../adapters/table-catalog.js';
import type { FeedCursor } from '../feed/commit-feed-reader.js';
import { materializeCatalogCommitFeed } from './materialize-catalog-commit-feed.js';
import { PlanExecutor } from './execute-plan.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { feedBatchSql } from './feed-batch-sql.js';
import { feedStaging, planFeedApply, planFeedBuild } from './plan-commit-feed.js';
import { inTransaction } from './plan-step.js';
import { planTable, type SwapState } from './plan-table.js';

/** One batch of a commit-fed model, compiled. */
export interface FeedRun {
  connection: Connection;
  dialect: Dialect;
  relation: RelationName;
  /** the model over the new commits' files (a full build: over every commit's files) */
  deltaSql: string;
  /** the model over the files of the re-aggregated windows */
  windowsSql?: string;
  windows: BatchWindow[];
  eventTime?: string;
  uniqueKey?: string[];
  sumColumns?: string[];
  replaceKey?: string[];
  replaceFrom?: string;
  onSchemaChange?: OnSchemaChange;
  /** forget the model's cursor (before a full build) */
  clearState: string[];
  /** move the model's cursor past the batch */
  writeState: string[];
  /** the model's unique id and its cursor after the batch (a catalog warehouse stores them with the table) */
  model?: string;
  cursor?: FeedCursor;
  /** the model's `location` (a catalog warehouse builds its table there) */
  location?: string;
  /** build the table from every commit (first run, full refresh): what exists at its name now */
  build?: SwapState;
  tableOptions?: TableOptions;
  contract?: { columns: string[]; definitions: string[] };
}

/**
 * Run one batch. A full build forgets the cursor first, swaps the table in, then stores the
 * cursor: a crash between leaves no cursor, and the next run builds in full again. An
 * incremental batch writes its rows and the cursor in one transaction.
 */
export async function materializeCommitFeed(run: FeedRun): Promise<MaterializationResult> {
  const { connection, dialect, relation } = run;
  if (hasTableCatalog(connection)) return materializeCatalogCommitFeed(connection, run);
  const executor = new PlanExecutor(connection, dialect);
  if (run.build) {
    await executor.run(run.clearState.map((sql) => ({ sql, purpose: "forget the model's commit cursor" })));
    const input = {
      ...run.build,
      relation,
      selectSql: run.deltaSql,
      options: run.tableOptions,
      contract: run.contract,
    };
    await executor.run(planTable(dialect, input));
    const rows = executor.rowsAffected;
    const state = run.writeState.map((sql) => ({ sql, purpose: "store the model's commit cursor" }));
    await executor.run(inTransaction(dialect, state, dialect.capabilities.transactions && state.length > 1));
    return result(executor, statusMessage('SELECT', rows), rows);
  }
  const { deltaSql, windowsSql, ...merge } = feedBatchSql(dialect, run);
  // the rows a keyed batch writes: its delta's and its windows'
  let built = 0;
  for (const step of planFeedBuild(dialect, relation, deltaSql, windowsSql)) {
    await executor.run([step]);
    if (step.reportsRows) built += executor.rowsAffected ?? 0;
  }
  try {
    if (run.uniqueKey?.length) await requireOneRowPerKey(connection, dialect, relation, run.uniqueKey);
    const existingColumns = await connection.getColumns(relation);
    const deltaColumns = await connection.getColumns(feedStaging(relation, 'delta'));
    const apply = planFeedApply(dialect, {
      relation,
      existingColumns,
      deltaColumns,
      ...merge,
      onSchemaChange: run.onSchemaChange,
      state: run.writeState,
    });
    await executor.run(apply);
  } catch (error) {
    // Best effort: the next batch drops leftover staging tables anyway.
    for (const part of ['delta', 'windows'] as const)
      await connection.execute(dialect.dropRelation(feedStaging(relation, part), 'table')).catch(() => undefined);
    throw error;
  }
  if (!run.uniqueKey?.length) return result(executor, statusMessage('INSERT', executor.rowsAffected));
  return result(executor, statusMessage('MERGE', built), built);
}

/**
 * A delta merged on the key must hold one row per key: two would both be inserted as new,
 * or update the same row in an order no one chose.
 */
async function requireOneRowPerKey(
  connection: Connection,
  dialect: Dialect,
  relation: RelationName,
  uniqueKey: string[],
): Promise<void> {
  const keys = uniqueKey.map((key) => dialect.quoteIdentifier(key)).join(', ');
  const staging = dialect.renderRelation(feedStaging(relation, 'delta'));
  const sql = `select count(*) as n from (select ${keys} from ${staging} group by ${keys} having count(*) > 1) _dup`;
  const duplicated = Number((await connection.query(sql)).rows[0]?.n ?? 0);
  if (duplicated === 0) return;
  throw new StrataError(
    `Commit-fed model ${relation.identifier}: the batch holds ${duplicated} unique_key value(s) on more than one row`,
    { hint: 'A model merged on unique_key makes one row per key: group by it (and sum what merge_sum_columns adds).' },
  );
}

function result(executor: PlanExecutor, message: string, rows = executor.rowsAffected): MaterializationResult {
  return { kind: 'table', rowsAffected: rows, executedSql: executor.executedSql, message };
}
