import type { Connection, Dialect, TableOptions } from '../adapters/contract.js';
import { hasTableCatalog } from '../adapters/table-catalog.js';
import type { RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { writeCatalogIncremental } from './materialize-catalog-incremental.js';
import { materializeCatalogTable } from './materialize-catalog-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import {
  planIncrementalApply,
  planIncrementalBuild,
  resolveStrategy,
  type IncrementalConfig,
} from './plan-incremental.js';
import { STAGING_SUFFIX, withSuffix } from './plan-step.js';
import { planTable } from './plan-table.js';

/** What running an incremental model needs. */
export interface IncrementalRun {
  connection: Connection;
  dialect: Dialect;
  relation: RelationName;
  selectSql: string;
  config: IncrementalConfig;
  fullRefresh: boolean;
  /** options of the table a first run or a full refresh builds (e.g. Redshift dist/sort) */
  tableOptions?: TableOptions;
  /** the model's `location` (an `s3://` prefix on Athena) */
  location?: string;
  inspect?: RelationInspector;
  /** an enforced contract's DDL: a first run or a full refresh creates the table from it */
  contract?: { columns: string[]; definitions: string[] };
}

/**
 * Run an incremental model. The first run, a full refresh, or a view in the way builds
 * it like a table; later runs build the new rows beside it, compare columns, then write.
 */
export async function materializeIncremental(run: IncrementalRun): Promise<MaterializationResult> {
  const { connection, dialect, relation } = run;
  // Refuse a bad strategy or a missing key before any SQL runs.
  const strategy = resolveStrategy(dialect, run.config, relation.identifier);
  const state = await inspectWith(run.inspect, connection, relation);
  if (hasTableCatalog(connection)) {
    const config = { ...run.config, partitionBy: run.tableOptions?.partitionBy, location: run.location };
    return run.fullRefresh || state.existing !== 'table'
      ? materializeCatalogTable(connection, dialect, relation, run.selectSql, config)
      : writeCatalogIncremental(connection, dialect, relation, run.selectSql, strategy, config);
  }
  const executor = new PlanExecutor(connection, dialect);

  if (run.fullRefresh || state.existing !== 'table') {
    const options = run.tableOptions;
    await executor.run(
      planTable(dialect, { ...state, relation, selectSql: run.selectSql, options, contract: run.contract }),
    );
    return result(executor, statusMessage('SELECT', executor.rowsAffected));
  }

  const staging = withSuffix(relation, STAGING_SUFFIX);
  await executor.run(
    planIncrementalBuild(dialect, { relation, selectSql: run.selectSql, existingStaging: state.existingStaging }),
  );
  try {
    const [existingColumns, newColumns] = [await connection.getColumns(relation), await connection.getColumns(staging)];
    await executor.run(planIncrementalApply(dialect, { relation, existingColumns, newColumns, config: run.config }));
  } catch (error) {
    // Best effort: the next run drops a leftover staging table anyway.
    await connection.execute(dialect.dropRelation(staging, 'table')).catch(() => undefined);
    throw error;
  }
  return result(executor, statusMessage(strategy === 'merge' ? 'MERGE' : 'INSERT', executor.rowsAffected));
}

function result(executor: PlanExecutor, message: string): MaterializationResult {
  return { kind: 'table', rowsAffected: executor.rowsAffected, executedSql: executor.executedSql, message };
}
