import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';
import type { ColumnDescription } from '../contract.js';
import { exactNumber, parseDate, parseTimestamp } from '../text-values.js';

/**
 * Data API result values to plain JS values. The API sends integers as `longValue`,
 * floats as `doubleValue`, booleans as `booleanValue`; everything else (numeric, dates,
 * timestamps, SUPER...) arrives as `stringValue`, typed only by its column's `typeName`.
 */

type ValueKind = 'integer' | 'bigint' | 'float' | 'numeric' | 'boolean' | 'date' | 'timestamp' | 'timestamptz' | 'text';

const KINDS: Record<string, ValueKind> = {
  int2: 'integer',
  int4: 'integer',
  int8: 'bigint',
  smallint: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  float4: 'float',
  float8: 'float',
  real: 'float',
  'double precision': 'float',
  numeric: 'numeric',
  decimal: 'numeric',
  bool: 'boolean',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
};

// The Data API names types as pg_type does (int8, varchar); information_schema, and so
// getColumns() and a `method: pg` connection, spell them out (bigint, character varying).
const SPELLED_OUT: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
};

/**
 * The result's columns: their names (the label, as a query's alias) and type names as
 * information_schema spells them.
 */
export function columnsOf(metadata: readonly ColumnMetadata[]): ColumnDescription[] {
  return metadata.map((column, i) => {
    const typeName = column.typeName ?? 'unknown';
    return { name: columnName(column, i), dataType: SPELLED_OUT[typeName.toLowerCase()] ?? typeName };
  });
}

/** One record as a row object keyed by column name (a later duplicate name wins, as in pg). */
export function rowObject(record: readonly Field[], metadata: readonly ColumnMetadata[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  record.forEach((field, i) => {
    const column = metadata[i];
    row[column ? columnName(column, i) : `column_${i + 1}`] = convertField(field, column?.typeName);
  });
  return row;
}

/**
 * One field as a JS value, as the contract's QueryResult has them: BIGINT (int8) is a
 * bigint, other integers numbers (a bigint beyond 2^53); numeric is a number when 15
 * significant digits or a round trip keep it exact, else its exact string; timestamps and
 * dates are Dates (timestamps without a zone are UTC, Redshift's session zone); NULL is null.
 */
export function convertField(field: Field, typeName: string | undefined): unknown {
  if (field.isNull) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) {
    const value = field.longValue;
    return kindOf(typeName) === 'bigint' && Number.isInteger(value) ? BigInt(value) : integerValue(value);
  }
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.stringValue !== undefined) return fromString(field.stringValue, kindOf(typeName));
  return null;
}

function kindOf(typeName: string | undefined): ValueKind {
  if (typeName === undefined) return 'text';
  return (
    KINDS[
      typeName
        .toLowerCase()
        .replace(/\(.*\)$/, '')
        .trim()
    ] ?? 'text'
  );
}

function fromString(text: string, kind: ValueKind): unknown {
  switch (kind) {
    case 'integer':
      return /^-?\d+$/.test(text) ? integerValue(BigInt(text)) : text;
    case 'bigint':
      return /^-?\d+$/.test(text) ? BigInt(text) : text;
    case 'float':
      return Number(text);
    case 'numeric':
      return exactNumber(text) ?? text;
    case 'boolean':
      return text === 't' || text.toLowerCase() === 'true';
    case 'date':
      return parseDate(text) ?? text;
    case 'timestamp':
    case 'timestamptz':
      return parseTimestamp(text) ?? text;
    default:
      return text;
  }
}

function integerValue(value: number | bigint): number | bigint {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : BigInt(value);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function columnName(column: ColumnMetadata, index: number): string {
  return column.label || column.name || `column_${index + 1}`;
}
