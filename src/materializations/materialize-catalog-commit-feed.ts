/**
 * One batch of a commit-fed model on a catalog warehouse (Athena): the table after the batch
 * (`plan-catalog-commit-feed.ts`; a full build: the model over every commit) is built at a
 * fresh location beside the table, and one catalog update points the table at it and stores
 * the cursor (`feed/catalog-feed-state.ts`). The rows and the cursor therefore change
 * together or not at all, whatever stops the run (src/feed/CONTEXT.md "Exactly once").
 */
import { randomUUID } from 'node:crypto';
import type { Dialect } from '../adapters/contract.js';
import type { CatalogConnection, CatalogTable } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import { buildLocation, locationsIn, ownedRoots } from './catalog-data.js';
import { cursorProperty, CURSOR_PROPERTY } from '../feed/catalog-feed-state.js';
import { CatalogPlanExecutor } from './execute-catalog-plan.js';
import { catalogLocation, readTableState, replaceCatalogTable } from './materialize-catalog-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import type { FeedRun } from './materialize-commit-feed.js';
import { catalogFeedSelect, readsBatchTwice } from './plan-catalog-commit-feed.js';
import { planCatalogBuild, planCatalogDrop } from './plan-catalog-table.js';
import { feedBatchSql } from './feed-batch-sql.js';
import { feedStaging } from './plan-commit-feed.js';

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
  const { deltaSql, ...rest } = feedBatchSql(dialect, run);
  // A rebuild reading the batch twice (replace_key) reads it from a table built first: Trino would
  // otherwise plan the model's query (its CTEs inlined) twice. Read once, it stays inline: a
  // statement fewer to start and wait for, and one less table to drop.
  const staged = new StagedDelta(executor, dialect, relation, build.location, table);
  const twice = readsBatchTwice(run);
  try {
    const selectSql = catalogFeedSelect(dialect, {
      relation,
      columns: table.columns,
      deltaSql: twice ? await staged.build(deltaSql) : deltaSql,
      ...rest,
    });
    executor.rowsAffected = undefined;
    await replaceCatalogTable(executor, dialect, { ...build, selectSql });
  } finally {
    // a failed cleanup must not hide the outcome; the next batch drops the leftovers first
    if (twice) await staged.drop().catch(() => undefined);
  }
  return result(executor, run.uniqueKey?.length ? 'MERGE' : 'INSERT');
}

/** The batch's staging table (`<model>__strata_tmp_delta`), at a fresh location. */
class StagedDelta {
  private readonly roots: string[];
  private readonly keep: string[];

  constructor(
    private readonly executor: CatalogPlanExecutor,
    private readonly dialect: Dialect,
    private readonly relation: RelationName,
    private readonly location: string | undefined,
    live: CatalogTable,
  ) {
    this.roots = ownedRoots(executor.catalog.dataLocation, location);
    this.keep = locationsIn({ table: live, partitions: [] });
  }

  /** Build `selectSql` into the table (a leftover of a killed run dropped first); the SELECT reading it. */
  async build(selectSql: string): Promise<string> {
    await this.drop('a leftover staging table');
    const staging = feedStaging(this.relation, 'delta');
    const location = buildLocation(this.executor.catalog.dataLocation, staging, randomUUID(), this.location);
    await this.executor.run([planCatalogBuild(this.dialect, staging, { selectSql, location }, 'build the delta')]);
    return `SELECT * FROM ${this.dialect.renderRelation(staging)}`;
  }

  async drop(what = 'the delta'): Promise<void> {
    const staging = feedStaging(this.relation, 'delta');
    const state = await readTableState(this.executor.catalog, staging);
    await this.executor.run(planCatalogDrop(this.dialect, staging, state, this.roots, this.keep, { what }));
  }
}

/** The rows of the table the batch made (the rebuild writes all of them). */
function result(executor: CatalogPlanExecutor, verb: 'SELECT' | 'INSERT' | 'MERGE'): MaterializationResult {
  const rows = executor.rowsAffected;
  return { kind: 'table', rowsAffected: rows, executedSql: executor.executedSql, message: statusMessage(verb, rows) };
}
