import { SOURCE_ALIAS, TARGET_ALIAS } from '../adapters/base-dialect.js';
import type { ColumnDescription, Dialect } from '../adapters/contract.js';
import type { IncrementalStrategy, RelationName } from '../manifest/types.js';
import { locationsIn, planDeleteData } from './catalog-data.js';
import type { CatalogStep, TableState } from './catalog-step.js';
import { exchangePartitions, planCatalogBuild, planCatalogDrop, withValuesOf } from './plan-catalog-table.js';
import { INCOMING_SUFFIX, withSuffix } from './plan-step.js';

/**
 * Incremental models on a catalog warehouse (Athena), whose Hive tables have no MERGE or
 * DELETE. The new rows are built beside the table (`<name>__strata_incoming`), then:
 * appended; or their partitions become the table's (insert_overwrite); or, for merge and
 * delete+insert, the table is rebuilt from the new rows and the old rows whose key they
 * do not have (`keepUnmatched`), swapped in like a table build.
 */

/** What the first phase needs: the table as it is, and a leftover incoming table. */
export interface CatalogIncomingInput {
  relation: RelationName;
  selectSql: string;
  partitionBy?: string[];
  live?: TableState;
  leftover?: TableState;
  location: string;
  roots: string[];
}

/** Phase one: drop what an interrupted run left (never the live data), build the new rows at a fresh location. */
export function planCatalogIncoming(dialect: Dialect, input: CatalogIncomingInput): CatalogStep[] {
  const incoming = withSuffix(input.relation, INCOMING_SUFFIX);
  const keep = input.live ? locationsIn(input.live) : [];
  return [
    ...planCatalogDrop(dialect, incoming, input.leftover, input.roots, keep, { what: 'leftover new rows' }),
    planCatalogBuild(dialect, incoming, input, 'build the new rows'),
  ];
}

/** What writing the new rows (append, insert_overwrite) needs, after the schema change ran. */
export interface CatalogWriteInput {
  relation: RelationName;
  strategy: IncrementalStrategy;
  /** the table as it is now (after the ALTERs), with its partitions from before them */
  live?: TableState;
  /** the new rows' table, as read from the catalog */
  arriving?: TableState;
  /** the columns the new rows write (the schema change decided them) */
  columns: string[];
  roots: string[];
}

/** The steps of a write, and whether the model's row count is the new rows' build (no INSERT runs). */
export interface CatalogWritePlan {
  steps: CatalogStep[];
  rowsFromBuild: boolean;
}

/**
 * Phase two of append and insert_overwrite. insert_overwrite on a partitioned table makes
 * the new build's partitions the table's (created or repointed, each stored as the table
 * is, so a partition is never missing or half-written), then deletes the replaced
 * partitions' old files. When the new rows' columns differ from the table's, their files
 * cannot become its partitions as they are: the replaced partitions go and the rows are
 * inserted. Unpartitioned, insert_overwrite appends (as dbt-athena does).
 */
export function planCatalogWrite(dialect: Dialect, input: CatalogWriteInput): CatalogWritePlan {
  const { relation, live, arriving, roots } = input;
  const incoming = withSuffix(relation, INCOMING_SUFFIX);
  const steps: CatalogStep[] = [];
  if (input.strategy === 'insert_overwrite' && live && arriving && arriving.partitions.length > 0) {
    const replaced = withValuesOf(live.partitions, arriving.partitions);
    const deleteReplaced = (keep: string[]) =>
      replaced.flatMap((p) => planDeleteData(p.location, roots, keep, `replaced partition (${p.values.join(', ')})`));
    if (sameColumns(live.table.columns, arriving.table.columns)) {
      steps.push(
        ...exchangePartitions(relation, replaced, arriving.partitions, live.table),
        ...deleteReplaced(locationsIn({ partitions: arriving.partitions })),
        // The new rows' files are the table's partitions now: only their name goes.
        { kind: 'delete-table-entry', relation: incoming, purpose: 'drop the name of the new rows' },
      );
      return { steps, rowsFromBuild: true };
    }
    if (replaced.length > 0) {
      steps.push({
        kind: 'delete-partitions',
        relation,
        partitions: replaced,
        purpose: 'delete the replaced partitions',
      });
    }
    steps.push(...deleteReplaced([]));
  }
  steps.push({
    kind: 'sql',
    sql: dialect.insertInto(relation, incoming, input.columns),
    purpose: 'insert the new rows',
    reportsRows: true,
  });
  return { steps, rowsFromBuild: false };
}

/**
 * The rows of a merge or delete+insert on a table without MERGE or DELETE: every new row,
 * and every old row no new row shares a key with (NULL keys never match, as in MERGE).
 * The result has every column of the table (partition columns last, as CTAS needs); a
 * column the new rows lack is NULL in them, so old rows keep theirs.
 */
export function keepUnmatched(
  dialect: Dialect,
  target: RelationName,
  incoming: RelationName,
  tableColumns: readonly ColumnDescription[],
  incomingColumns: readonly string[],
  uniqueKey: string[],
): string {
  const has = new Set(incomingColumns.map((c) => c.toLowerCase()));
  const q = (name: string) => dialect.quoteIdentifier(name);
  const fresh = tableColumns
    .map((c) => (has.has(c.name.toLowerCase()) ? q(c.name) : `CAST(NULL AS ${c.dataType}) AS ${q(c.name)}`))
    .join(', ');
  const old = tableColumns.map((c) => `${TARGET_ALIAS}.${q(c.name)}`).join(', ');
  const match = uniqueKey.map((k) => `${SOURCE_ALIAS}.${q(k)} = ${TARGET_ALIAS}.${q(k)}`).join(' AND ');
  return [
    `SELECT ${fresh} FROM ${dialect.renderRelation(incoming)}`,
    'UNION ALL',
    `SELECT ${old} FROM ${dialect.renderRelation(target)} AS ${TARGET_ALIAS}`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${dialect.renderRelation(incoming)} AS ${SOURCE_ALIAS} WHERE ${match})`,
  ].join('\n');
}

/** The same column names with the same types, in any order (Parquet columns are read by name). */
function sameColumns(a: readonly ColumnDescription[], b: readonly ColumnDescription[]): boolean {
  const shape = (columns: readonly ColumnDescription[]) =>
    columns
      .map((c) => `${c.name.toLowerCase()} ${c.dataType.toLowerCase()}`)
      .sort()
      .join(',');
  return shape(a) === shape(b);
}
