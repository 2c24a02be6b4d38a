import type { ColumnDescription, Dialect, RelationKind } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import type { RelationName } from '../manifest/types.js';
import { dropLeftoverStaging } from './plan-table.js';
import { inTransaction, STAGING_SUFFIX, withSuffix, type PlanStep } from './plan-step.js';
import {
  CHANGE_TYPE_COLUMN,
  currentCondition,
  snapshotBuildSql,
  snapshotChangesSql,
  uniqueKeyAliases,
  type SnapshotQueryInput,
} from './snapshot-sql.js';
import { TARGET_ALIAS, SOURCE_ALIAS } from '../adapters/base-dialect.js';

/**
 * Snapshot plans (see `snapshot-sql.ts` for the queries). The first run builds the table
 * from the query; a later run builds its changes into `<name>__strata_tmp`, reads that
 * table's columns, then closes and inserts rows in one transaction where the warehouse has
 * them, so a failure leaves the history as it was, and drops the staging table.
 */

/** The first run: the table, built from every row of the query. */
export function planSnapshotCreate(dialect: Dialect, input: SnapshotQueryInput): PlanStep[] {
  return [
    {
      sql: dialect.createTableAs(input.relation, snapshotBuildSql(dialect, input)),
      purpose: 'build the snapshot table',
      reportsRows: true,
    },
  ];
}

/** A later run's first phase: the changes, built beside the table. */
export function planSnapshotStage(
  dialect: Dialect,
  input: SnapshotQueryInput,
  sourceColumns: string[],
  tableColumns: ColumnDescription[],
  existingStaging?: RelationKind,
): PlanStep[] {
  requireMetaColumns(input, tableColumns);
  const staging = withSuffix(input.relation, STAGING_SUFFIX);
  const changes = snapshotChangesSql(
    dialect,
    input,
    sourceColumns,
    tableColumns.map((column) => column.name),
  );
  return [
    ...dropLeftoverStaging(dialect, input.relation, existingStaging),
    { sql: dialect.createTableAs(staging, changes), purpose: 'build the snapshot changes' },
  ];
}

/**
 * A later run's second phase: columns the query gained are added to the table, the current
 * rows the changes replace are closed, the new rows inserted; then the staging table goes.
 */
export function planSnapshotApply(
  dialect: Dialect,
  input: SnapshotQueryInput,
  tableColumns: ColumnDescription[],
  stagingColumns: ColumnDescription[],
): PlanStep[] {
  const { relation, config } = input;
  const staging = withSuffix(relation, STAGING_SUFFIX);
  const c = config.columns;
  const has = (columns: ColumnDescription[], name: string) =>
    columns.some((column) => column.name.toLowerCase() === name.toLowerCase());
  const internal = [CHANGE_TYPE_COLUMN, ...uniqueKeyAliases(config)];
  const added = stagingColumns.filter(
    (column) => !has(tableColumns, column.name) && !has(internalColumns(internal), column.name),
  );
  const columns = [...tableColumns, ...added]
    .filter((column) => has(stagingColumns, column.name))
    .map((column) => column.name);
  const validTo = spelling(tableColumns, c.dbtValidTo);
  const scdId = spelling(tableColumns, c.dbtScdId);
  const changeType = `${SOURCE_ALIAS}.${CHANGE_TYPE_COLUMN}`;
  const close: PlanStep = {
    sql: dialect.updateFrom(
      relation,
      staging,
      [validTo],
      `${SOURCE_ALIAS}.${c.dbtScdId} = ${TARGET_ALIAS}.${scdId}\n` +
        `  AND ${changeType} IN ('update', 'delete')\n` +
        `  AND ${currentCondition(config, `${TARGET_ALIAS}.${validTo}`)}`,
    ),
    purpose: 'close the replaced rows',
  };
  const list = columns.map((column) => dialect.quoteIdentifier(column)).join(', ');
  const insert: PlanStep = {
    sql:
      `INSERT INTO ${dialect.renderRelation(relation)} (${list})\n` +
      `SELECT ${list} FROM ${dialect.renderRelation(staging)}\nWHERE ${CHANGE_TYPE_COLUMN} = 'insert'`,
    purpose: 'insert the new rows',
    reportsRows: true,
  };
  const addColumns = added.map((column) => ({ sql: dialect.addColumn(relation, column), purpose: 'add a new column' }));
  const { transactions, transactionalDdl } = dialect.capabilities;
  const body = [...(transactionalDdl ? addColumns : []), close, insert];
  return [
    ...(transactionalDdl ? [] : addColumns),
    ...inTransaction(dialect, body, transactions),
    { sql: dialect.dropRelation(staging, 'table'), purpose: 'drop the staging table' },
  ];
}

/** A table without the meta columns is not a snapshot's: refuse it rather than write into it. */
export function requireMetaColumns(input: SnapshotQueryInput, tableColumns: ColumnDescription[]): void {
  const { columns } = input.config;
  const missing = [columns.dbtScdId, columns.dbtValidFrom, columns.dbtValidTo].filter(
    (name) => !tableColumns.some((column) => column.name.toLowerCase() === name.toLowerCase()),
  );
  if (missing.length === 0) return;
  const name = renderName(input.relation);
  throw new StrataError(`${name} exists but is not a snapshot table: it has no ${missing.join(', ')} column`, {
    hint:
      'Point the snapshot at another schema or alias, or drop that table; if snapshot_meta_column_names ' +
      'changed since the table was built, set it back.',
  });
}

function internalColumns(names: string[]): ColumnDescription[] {
  return names.map((name) => ({ name, dataType: '' }));
}

/** A column as the table spells it (Snowflake upper-cases unquoted names). */
function spelling(columns: ColumnDescription[], name: string): string {
  return columns.find((column) => column.name.toLowerCase() === name.toLowerCase())?.name ?? name;
}

function renderName(relation: RelationName): string {
  return [relation.database, relation.schema, relation.identifier].filter((part) => part !== undefined).join('.');
}
