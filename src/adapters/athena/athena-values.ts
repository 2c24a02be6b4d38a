import type { ColumnInfo, Row } from '@aws-sdk/client-athena';
import type { ColumnDescription } from '../contract.js';
import { exactNumber, parseDate, parseTimestamp } from '../text-values.js';

/**
 * Athena result values to plain JS values. Every value arrives as text (`VarCharValue`,
 * absent for NULL), typed only by its column's `ColumnInfo.Type`: integers become numbers
 * (bigint a bigint), doubles numbers, decimals numbers when exact (else their text),
 * booleans booleans, dates and timestamps Dates (UTC, Athena's session zone).
 */
export function convertValue(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  switch (type.toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
      return Number(text);
    case 'bigint':
      return /^-?\d+$/.test(text) ? BigInt(text) : text;
    case 'double':
    case 'float':
    case 'real':
      return Number(text);
    case 'decimal':
      return exactNumber(text) ?? text;
    case 'boolean':
      return text === 'true';
    case 'date':
      return parseDate(text) ?? text;
    case 'timestamp':
      return parseTimestamp(text) ?? text;
    // `2026-01-05 10:00:00.000 UTC` or `... +02:00`; a named zone other than UTC stays text.
    case 'timestamp with time zone':
      return parseTimestamp(text.replace(/ UTC$/, 'Z').replace(/ ([+-]\d{2}:\d{2})$/, '$1')) ?? text;
    default:
      return text;
  }
}

/** The result's columns with Athena's type names (decimal with its precision and scale). */
export function columnsOf(info: readonly ColumnInfo[]): ColumnDescription[] {
  return info.map((column, i) => ({
    name: column.Label || column.Name || `column_${i + 1}`,
    dataType:
      column.Type === 'decimal'
        ? `decimal(${column.Precision ?? 38},${column.Scale ?? 0})`
        : (column.Type ?? 'unknown'),
  }));
}

/** A row's values keyed by column name. */
export function rowObject(
  row: Row,
  info: readonly ColumnInfo[],
  columns: readonly ColumnDescription[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  (row.Data ?? []).forEach((datum, i) => {
    out[columns[i]?.name ?? `column_${i + 1}`] = convertValue(datum.VarCharValue, info[i]?.Type ?? 'varchar');
  });
  return out;
}

/**
 * Whether the first row of a query's first page is Athena's header row (the column labels
 * again): Athena adds it to query (DML) results only.
 */
export function isHeaderRow(row: Row | undefined, info: readonly ColumnInfo[]): boolean {
  if (!row?.Data || row.Data.length !== info.length) return false;
  return row.Data.every((datum, i) => datum.VarCharValue === (info[i]?.Label ?? info[i]?.Name));
}
