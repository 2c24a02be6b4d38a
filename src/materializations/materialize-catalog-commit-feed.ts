/**
 * One batch of a commit-fed model on a catalog warehouse (Athena): the table after the batch
 * (`plan-catalog-commit-feed.ts`; a full build: the model over every commit) is built at a
 * fresh location beside the table, and one catalog update points the table at it and stores
 * the cursor (`feed/catalog-feed-state.ts`). The rows and the cursor therefore change
 * together or not at all, whatever stops the run (src/feed/CONTEXT.md "Exactly once").
 */
import type { CatalogConnection } from '../adapters/table-catalog.js';
import { cursorProperty, CURSOR_PROPERTY } from '../feed/catalog-feed-state.js';
import { CatalogPlanExecutor } from './execute-catalog-plan.js';
import { catalogLocation, replaceCatalogTable } from './materialize-catalog-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import type { FeedRun } from './materialize-commit-feed.js';
import { catalogFeedSelect } from './plan-catalog-commit-feed.js';
import { inWindows } from './plan-commit-feed.js';

/** Run one batch on a connection whose tables are files plus a catalog entry. */
export async function materializeCatalogCommitFeed(
  connection: CatalogConnection,
  run: FeedRun,
): Promise<MaterializationResult> {
  const { dialect, relation, model, cursor } = run;
  if (model === undefined || cursor === undefined) throw new Error(`no cursor for the batch of ${relation.identifier}`);
  const catalog = connection.tableCatalog;
  const executor = new CatalogPlanExecutor(connection, catalog);
  const build = {
    relation,
    partitionBy: run.tableOptions?.partitionBy,
    location: catalogLocation({ location: run.location }),
    properties: { [CURSOR_PROPERTY]: cursorProperty(model, cursor) },
  };
  const table = run.build ? undefined : await catalog.getTable(relation);
  if (table === undefined || table.kind !== 'table') {
    await replaceCatalogTable(executor, dialect, { ...build, selectSql: run.deltaSql });
    return result(executor, 'SELECT');
  }
  const windowed = run.windows.length > 0 && run.eventTime !== undefined && run.windowsSql !== undefined;
  const selectSql = catalogFeedSelect(dialect, {
    relation,
    columns: table.columns,
    deltaSql: windowed ? inWindows(dialect, run.deltaSql, run.eventTime!, run.windows, false) : run.deltaSql,
    windowsSql: windowed ? inWindows(dialect, run.windowsSql!, run.eventTime!, run.windows, true) : undefined,
    windows: windowed ? run.windows : [],
    eventTime: run.eventTime,
    uniqueKey: run.uniqueKey,
    sumColumns: run.sumColumns,
    replaceKey: run.replaceKey,
    replaceFrom: run.replaceFrom,
  });
  await replaceCatalogTable(executor, dialect, { ...build, selectSql });
  return result(executor, run.uniqueKey?.length ? 'MERGE' : 'INSERT');
}

/** The rows of the table the batch made (the rebuild writes all of them). */
function result(executor: CatalogPlanExecutor, verb: 'SELECT' | 'INSERT' | 'MERGE'): MaterializationResult {
  const rows = executor.rowsAffected;
  return { kind: 'table', rowsAffected: rows, executedSql: executor.executedSql, message: statusMessage(verb, rows) };
}
