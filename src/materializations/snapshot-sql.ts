/**
 * The queries of a snapshot (dbt's type-2 history), written once over the dialect's
 * primitives: the first build's rows, and the changes of a later run (dbt's staging table:
 * one row per record to insert, per current row to close, and per record gone from the input).
 * Column names the user wrote (unique key, check columns, meta column names) are written as
 * given, unquoted, as dbt writes them, so each warehouse folds them as it folds the table's.
 */
import type { Dialect } from '../adapters/contract.js';
import type { RelationName, SnapshotConfig } from '../manifest/types.js';
import { normalizeSelect } from './plan-step.js';

/** The column a staging row's kind is in: `insert`, `update` (close a row) or `delete` (close a gone record). */
export const CHANGE_TYPE_COLUMN = 'dbt_change_type';

/** What the snapshot queries are written from. */
export interface SnapshotQueryInput {
  /** the snapshot's table */
  relation: RelationName;
  /** the compiled query whose rows are recorded */
  selectSql: string;
  config: SnapshotConfig;
}

/** The staging table's columns holding the unique key: `dbt_unique_key`, or `dbt_unique_key_1`... for several. */
export function uniqueKeyAliases(config: SnapshotConfig): string[] {
  const keys = config.uniqueKey;
  return keys.length === 1 ? ['dbt_unique_key'] : keys.map((_, i) => `dbt_unique_key_${i + 1}`);
}

/** The first build: every row of the query, current from its `updated_at` (or now, for `check`). */
export function snapshotBuildSql(dialect: Dialect, input: SnapshotQueryInput): string {
  const { config } = input;
  const c = config.columns;
  const updatedAt = updatedAtOf(dialect, config);
  const lines = [
    'select *,',
    `  ${scdId(dialect, config, updatedAt)} as ${c.dbtScdId},`,
    `  ${updatedAt} as ${c.dbtUpdatedAt},`,
    `  ${updatedAt} as ${c.dbtValidFrom},`,
    `  ${currentValidTo(config, updatedAt)} as ${c.dbtValidTo}` +
      (config.hardDeletes === 'new_record' ? `,\n  'False' as ${c.dbtIsDeleted}` : ''),
    `from (\n${normalizeSelect(input.selectSql)}\n) as strata_snapshot_query`,
  ];
  return lines.join('\n');
}

/**
 * The changes of a later run, as dbt's staging table has them: `dbt_change_type`, the
 * query's columns (`sourceColumns`), the unique key aliases and the meta columns. A row is
 * inserted when its record is new or changed (`row_changed` of the strategy), the current
 * row of a changed record is closed (`update`), and with `hard_deletes` the current row of a
 * record gone from the query is closed (`delete`) and, for `new_record`, a row marking it
 * deleted is inserted. `sourceColumns` are the query's columns, `tableColumns` the table's:
 * only columns the table has are compared (`check_cols: all`) or carried into a deleted row.
 */
export function snapshotChangesSql(
  dialect: Dialect,
  input: SnapshotQueryInput,
  sourceColumns: string[],
  tableColumns: string[],
): string {
  const { config } = input;
  const c = config.columns;
  const now = dialect.currentTimestampBackcompat();
  const updatedAt = updatedAtOf(dialect, config);
  const keys = uniqueKeyAliases(config);
  const keyColumns = config.uniqueKey.map((key, i) => `${key} as ${keys[i]}`).join(', ');
  const join = (left: string, right: string) => keys.map((k) => `${left}.${k} = ${right}.${k}`).join(' and ');
  const keyIsNull = (alias: string) => `${alias}.${keys[0]} is null`;
  const newRecord = config.hardDeletes === 'new_record';
  const deletes = config.hardDeletes !== 'ignore';
  const isCurrent = (alias: string) => currentCondition(config, `${alias}.${c.dbtValidTo}`);
  const wasDeleted = newRecord ? ` or snapshotted_data.${c.dbtIsDeleted} = 'True'` : '';
  const inTable = (column: string) => tableColumns.some((t) => t.toLowerCase() === column.toLowerCase());
  const changed = `(${rowChanged(config, sourceColumns.filter(inTable))}${wasDeleted})`;
  const stillDeleted = `snapshotted_data.${c.dbtIsDeleted} = 'True' and ${isCurrent('snapshotted_data')}`;

  const ctes = [
    `snapshot_query as (\n${normalizeSelect(input.selectSql)}\n)`,
    `snapshotted_data as (\n  select *, ${keyColumns}\n  from ${dialect.renderRelation(input.relation)}\n` +
      `  where ${currentCondition(config, c.dbtValidTo)}\n)`,
    `insertions_source_data as (\n  select *, ${keyColumns},\n    ${updatedAt} as ${c.dbtUpdatedAt},\n` +
      `    ${updatedAt} as ${c.dbtValidFrom},\n    ${currentValidTo(config, updatedAt)} as ${c.dbtValidTo},\n` +
      `    ${scdId(dialect, config, updatedAt)} as ${c.dbtScdId}\n  from snapshot_query\n)`,
    `updates_source_data as (\n  select *, ${keyColumns},\n    ${updatedAt} as ${c.dbtUpdatedAt},\n` +
      `    ${updatedAt} as ${c.dbtValidFrom},\n    ${updatedAt} as ${c.dbtValidTo}\n  from snapshot_query\n)`,
    ...(deletes ? [`deletes_source_data as (\n  select *, ${keyColumns}\n  from snapshot_query\n)`] : []),
    `insertions as (\n  select 'insert' as ${CHANGE_TYPE_COLUMN}, source_data.*` +
      (newRecord ? `, 'False' as ${c.dbtIsDeleted}` : '') +
      `\n  from insertions_source_data as source_data\n` +
      `  left outer join snapshotted_data on ${join('snapshotted_data', 'source_data')}\n` +
      `  where ${keyIsNull('snapshotted_data')} or ${changed}\n)`,
    `updates as (\n  select 'update' as ${CHANGE_TYPE_COLUMN}, source_data.*, snapshotted_data.${c.dbtScdId}` +
      (newRecord ? `, snapshotted_data.${c.dbtIsDeleted}` : '') +
      `\n  from updates_source_data as source_data\n` +
      `  join snapshotted_data on ${join('snapshotted_data', 'source_data')}\n  where ${changed}\n)`,
  ];
  if (deletes) {
    const gone = `${keyIsNull('source_data')}` + (newRecord ? ` and not (${stillDeleted})` : '');
    ctes.push(
      `deletes as (\n  select 'delete' as ${CHANGE_TYPE_COLUMN}, source_data.*,\n` +
        `    ${now} as ${c.dbtUpdatedAt},\n    ${now} as ${c.dbtValidFrom},\n    ${now} as ${c.dbtValidTo},\n` +
        `    snapshotted_data.${c.dbtScdId}` +
        (newRecord ? `, snapshotted_data.${c.dbtIsDeleted}` : '') +
        `\n  from snapshotted_data\n` +
        `  left join deletes_source_data as source_data on ${join('snapshotted_data', 'source_data')}\n` +
        `  where ${gone}\n)`,
    );
  }
  if (newRecord) {
    const carried = sourceColumns.map((column) =>
      inTable(column) ? `snapshotted_data.${column}` : `null as ${column}`,
    );
    const columns = [...carried, ...keys.map((key) => `snapshotted_data.${key}`)].join(', ');
    ctes.push(
      `deletion_records as (\n  select 'insert' as ${CHANGE_TYPE_COLUMN}, ${columns},\n` +
        `    ${now} as ${c.dbtUpdatedAt},\n    ${now} as ${c.dbtValidFrom},\n` +
        `    snapshotted_data.${c.dbtValidTo} as ${c.dbtValidTo},\n` +
        `    ${hashOf(dialect, [`snapshotted_data.${c.dbtScdId}`, now])} as ${c.dbtScdId},\n` +
        `    'True' as ${c.dbtIsDeleted}\n  from snapshotted_data\n` +
        `  left join deletes_source_data as source_data on ${join('snapshotted_data', 'source_data')}\n` +
        `  where ${keyIsNull('source_data')} and not (${stillDeleted})\n)`,
    );
  }
  const parts = ['insertions', 'updates', ...(deletes ? ['deletes'] : []), ...(newRecord ? ['deletion_records'] : [])];
  return `with ${ctes.join(',\n')}\n${parts.map((part) => `select * from ${part}`).join('\nunion all\n')}`;
}

/**
 * The whole table after a run, for warehouses that cannot update rows (Athena's Hive
 * tables): every row of the table, closed where the changes close it, then the inserted
 * rows. `columns` are the table's columns after the run, as the warehouse spells them;
 * `newColumns` those of them the table does not have yet (null in its old rows).
 */
export function snapshotRebuildSql(
  dialect: Dialect,
  input: SnapshotQueryInput,
  changesSql: string,
  columns: string[],
  newColumns: string[],
): string {
  const c = input.config.columns;
  const q = (column: string) => dialect.quoteIdentifier(column);
  const isNew = (column: string) => newColumns.some((n) => n.toLowerCase() === column.toLowerCase());
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const kept = columns.map((column) => {
    if (isNew(column)) return `null as ${q(column)}`;
    if (!same(column, c.dbtValidTo)) return `strata_target.${q(column)}`;
    const old = `strata_target.${q(column)}`;
    const closing = `strata_closed.${c.dbtScdId} is not null and ${currentCondition(input.config, old)}`;
    return `case when ${closing} then strata_closed.${c.dbtValidTo} else ${old} end as ${q(column)}`;
  });
  const inserted = columns.map((column) => `strata_changes.${q(column)}`);
  return [
    `with strata_changes as (\n${changesSql}\n),`,
    `strata_closed as (\n  select ${c.dbtScdId}, ${c.dbtValidTo} from strata_changes\n` +
      `  where ${CHANGE_TYPE_COLUMN} in ('update', 'delete')\n)`,
    `select ${kept.join(', ')}\nfrom ${dialect.renderRelation(input.relation)} as strata_target`,
    `left join strata_closed on strata_closed.${c.dbtScdId} = strata_target.${c.dbtScdId}`,
    'union all',
    `select ${inserted.join(', ')}\nfrom strata_changes\nwhere ${CHANGE_TYPE_COLUMN} = 'insert'`,
  ].join('\n');
}

/** `valid_to` holds the current marker (or null): the row is the record's current one. */
export function currentCondition(config: SnapshotConfig, validTo: string): string {
  return config.validToCurrent === undefined
    ? `${validTo} is null`
    : `(${validTo} = ${config.validToCurrent} or ${validTo} is null)`;
}

/** When a change happened: the `updated_at` column (timestamp, or check when set), else now. */
function updatedAtOf(dialect: Dialect, config: SnapshotConfig): string {
  return config.updatedAt ?? dialect.currentTimestampBackcompat();
}

/** The `valid_to` of a current row: null of the timestamp's type, or `dbt_valid_to_current`. */
function currentValidTo(config: SnapshotConfig, updatedAt: string): string {
  const typedNull = `nullif(${updatedAt}, ${updatedAt})`;
  return config.validToCurrent === undefined ? typedNull : `coalesce(${typedNull}, ${config.validToCurrent})`;
}

/** dbt's `dbt_scd_id`: a hash of the unique key and the change's time. */
function scdId(dialect: Dialect, config: SnapshotConfig, updatedAt: string): string {
  return hashOf(dialect, [...config.uniqueKey, updatedAt]);
}

/** md5 of the arguments as text, null as empty, joined with `|` (dbt's `snapshot_hash_arguments`). */
function hashOf(dialect: Dialect, args: string[]): string {
  const text = dialect.typeName('string');
  return dialect.hash(args.map((arg) => `coalesce(${dialect.cast(arg, text)}, '')`).join(` || '|' || `));
}

/**
 * Whether a current row differs from the query's row: its `valid_from` is older than the
 * row's `updated_at` (timestamp), or a checked column differs, nulls included (check).
 */
function rowChanged(config: SnapshotConfig, sourceColumns: string[]): string {
  const c = config.columns;
  if (config.strategy === 'timestamp') {
    return `snapshotted_data.${c.dbtValidFrom} < source_data.${c.dbtUpdatedAt}`;
  }
  const columns = config.checkCols === 'all' || config.checkCols === undefined ? sourceColumns : config.checkCols;
  return columns
    .map((column) => {
      const [old, current] = [`snapshotted_data.${column}`, `source_data.${column}`];
      return `${old} != ${current} or (${old} is null) != (${current} is null)`;
    })
    .join(' or ');
}
