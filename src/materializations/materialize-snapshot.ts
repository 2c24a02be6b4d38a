import type { Connection, Dialect } from '../adapters/contract.js';
import { hasTableCatalog, type CatalogConnection } from '../adapters/table-catalog.js';
import { StrataError } from '../errors/strata-error.js';
import type { RelationName } from '../manifest/types.js';
import { PlanExecutor } from './execute-plan.js';
import { inspectWith, type RelationInspector } from './introspect.js';
import { materializeCatalogTable } from './materialize-catalog-table.js';
import { statusMessage, type MaterializationResult } from './materialization-result.js';
import { planSnapshotApply, planSnapshotCreate, planSnapshotStage, requireMetaColumns } from './plan-snapshot.js';
import { normalizeSelect, STAGING_SUFFIX, withSuffix } from './plan-step.js';
import { snapshotBuildSql, snapshotChangesSql, snapshotRebuildSql, type SnapshotQueryInput } from './snapshot-sql.js';

/** What running a snapshot needs. */
export interface SnapshotRun extends SnapshotQueryInput {
  connection: Connection;
  dialect: Dialect;
  inspect?: RelationInspector;
}

/**
 * Run a snapshot: the first run builds its table; a later run records the changes. A
 * warehouse whose tables cannot be updated (Athena) rebuilds the table with the changes
 * at a new location and swaps it in, like a merge there. `--full-refresh` does not apply:
 * a snapshot's history cannot be rebuilt from its query (as in dbt).
 */
export async function materializeSnapshot(run: SnapshotRun): Promise<MaterializationResult> {
  const { connection, dialect, relation } = run;
  const state = await inspectWith(run.inspect, connection, relation);
  if (state.existing === 'view') throw notATable(relation, 'a view');
  if (hasTableCatalog(connection)) return rebuildCatalogSnapshot(connection, run, state.existing === 'table');
  const executor = new PlanExecutor(connection, dialect);
  if (state.existing === undefined) {
    await executor.run(planSnapshotCreate(dialect, run));
    return result(executor, statusMessage('SELECT', executor.rowsAffected));
  }
  const sourceColumns = await queryColumns(connection, run.selectSql);
  const tableColumns = await connection.getColumns(relation);
  await executor.run(planSnapshotStage(dialect, run, sourceColumns, tableColumns, state.existingStaging));
  const staging = withSuffix(relation, STAGING_SUFFIX);
  try {
    const stagingColumns = await connection.getColumns(staging);
    await executor.run(planSnapshotApply(dialect, run, tableColumns, stagingColumns));
  } catch (error) {
    // Best effort: the next run drops a leftover staging table anyway.
    await connection.execute(dialect.dropRelation(staging, 'table')).catch(() => undefined);
    throw error;
  }
  return result(executor, statusMessage('INSERT', executor.rowsAffected));
}

/** Athena: the table after the run, built whole at a fresh location and swapped in. */
async function rebuildCatalogSnapshot(
  connection: CatalogConnection,
  run: SnapshotRun,
  exists: boolean,
): Promise<MaterializationResult> {
  const { dialect, relation } = run;
  if (!exists) return materializeCatalogTable(connection, dialect, relation, snapshotBuildSql(dialect, run), {});
  const sourceColumns = await queryColumns(connection, run.selectSql);
  const tableColumns = await connection.getColumns(relation);
  requireMetaColumns(run, tableColumns);
  const names = tableColumns.map((column) => column.name);
  const known = (column: string) => names.some((name) => name.toLowerCase() === column.toLowerCase());
  const newColumns = sourceColumns.filter((column) => !known(column));
  const changes = snapshotChangesSql(dialect, run, sourceColumns, names);
  const sql = snapshotRebuildSql(dialect, run, changes, [...names, ...newColumns], newColumns);
  return materializeCatalogTable(connection, dialect, relation, sql, {});
}

/** The query's columns, without reading its rows. */
async function queryColumns(connection: Connection, selectSql: string): Promise<string[]> {
  const result = await connection.query(
    `select * from (\n${normalizeSelect(selectSql)}\n) as strata_snapshot_query where 1 = 0`,
  );
  return result.columns.map((column) => column.name);
}

function notATable(relation: RelationName, what: string): StrataError {
  return new StrataError(
    `${relation.schema}.${relation.identifier} is ${what}, not a snapshot table: ` +
      'a snapshot records its history in a table',
    { hint: 'Drop it, or point the snapshot at another schema or alias.' },
  );
}

function result(executor: PlanExecutor, message: string): MaterializationResult {
  return { kind: 'table', rowsAffected: executor.rowsAffected, executedSql: executor.executedSql, message };
}
