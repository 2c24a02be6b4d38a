/**
 * The columns a Glue partition of a typed Parquet table gets when compaction points it at a
 * generation. The registrar copies the table's columns into a partition when the hour's
 * first file lands, and again when its own flushes widen the table; a partition another
 * process registered (an ingester restarted with a newer schema finds it there) keeps the
 * list it had, while the table follows (catalog/typed-glue-columns.ts). A
 * generation merges every version of the hour into the union of their columns, so it is
 * described by the table's current columns, which hold every version the ingester
 * registered. Athena, Hive and Trino take a partition's columns from the partition (and
 * Trino matches them to the table's by position), so a stale list would hide the new
 * columns or misplace them; the same list as the table's reads every file alike.
 */
import type { Column } from '@aws-sdk/client-glue';
import { evolvedColumns } from '../catalog/typed-glue-columns.js';

/**
 * The table's columns, then any column only the partition had (or a wider type the
 * partition had), for a typed table; undefined for a table keeping the payload as a string,
 * whose columns never change.
 */
export function compactedPartitionColumns(
  table: readonly Column[],
  partition: readonly Column[] | undefined,
): Column[] | undefined {
  if (table.length === 0 || table.some((column) => column.Name === 'payload')) return undefined;
  return evolvedColumns(table, partition ?? []) ?? table.map((column) => ({ ...column }));
}
