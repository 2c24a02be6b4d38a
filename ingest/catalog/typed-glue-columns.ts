/**
 * The Glue columns of a topic whose Parquet files are typed (pipeline/typed-bronze-select.ts):
 * the envelope columns without `payload`, then one column per field of the topic's
 * schema. When the schema evolves compatibly the table follows it: a new field is a new
 * column at the end, a field whose type widened (a struct that gained a field, int to
 * bigint) takes the merged type (hive-type-widening.ts); a narrower type (an instance
 * still on the older schema) and columns the schema no longer has leave the table as it
 * is, since files of the newer schema hold them, and a retype (string to timestamp) is
 * never followed: files already written would no longer read.
 */
import type { Column } from '@aws-sdk/client-glue';
import type { TypedColumn } from '../destination.js';
import { BRONZE_COLUMNS } from './glue-tables.js';
import { mergedHiveType } from './hive-type-widening.js';

/** The columns of a typed Bronze table. */
export function typedTableColumns(payload: readonly TypedColumn[]): Column[] {
  return [
    ...BRONZE_COLUMNS.filter((column) => column.Name !== 'payload').map((column) => ({ ...column })),
    ...payload.map((column) => ({ Name: column.name, Type: column.type })),
  ];
}

/** `existing` changed to hold `wanted` (see above), or undefined when it already does or cannot. */
export function evolvedColumns(existing: readonly Column[], wanted: readonly Column[]): Column[] | undefined {
  const columns = existing.map((column) => ({ ...column }));
  let changed = false;
  for (const column of wanted) {
    const same = columns.find((candidate) => candidate.Name?.toLowerCase() === column.Name?.toLowerCase());
    if (!same) {
      columns.push({ ...column });
      changed = true;
      continue;
    }
    const merged = mergedHiveType(same.Type ?? '', column.Type ?? '');
    if (merged !== undefined && merged !== same.Type) {
      same.Type = merged;
      changed = true;
    }
  }
  return changed ? columns : undefined;
}

/** A short, stable text of a column list, to tell whether a partition has the table's current columns. */
export function columnsSignature(columns: readonly Column[] | undefined): string {
  return (columns ?? []).map((column) => `${column.Name}:${column.Type}`).join(',');
}
