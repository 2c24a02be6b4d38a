import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';
import type { ColumnDescription } from '../contract.js';

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

/** The result's columns: their names (the label, as a query's alias) and type names as information_schema spells them. */
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
  return KINDS[typeName.toLowerCase().replace(/\(.*\)$/, '').trim()] ?? 'text';
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

/**
 * A decimal string as a number when no digit is lost: at most 15 significant digits
 * always round-trip through a double; longer ones only when printing the double gives
 * the same decimal back.
 */
export function exactNumber(text: string): number | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const integer = (match[2] ?? '').replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const significant = `${integer}${fraction}`.replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length <= 15) return value;
  const canonical = `${match[1] === '-' ? '-' : ''}${integer || '0'}${fraction ? `.${fraction}` : ''}`;
  return String(value) === canonical ? value : undefined;
}

const DATE = /^(\d{4,})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*(Z|[+-]\d{2}(?::?\d{2}){0,2}))?$/;

/** `YYYY-MM-DD` as midnight UTC; BC dates and infinities stay strings. */
export function parseDate(text: string): Date | undefined {
  const m = DATE.exec(text);
  return m ? utcDate(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0) : undefined;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]`; without an offset the time is UTC. Microseconds are cut to milliseconds. */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = utcDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), millis);
  if (!date) return undefined;
  const offset = m[8];
  if (offset && offset !== 'Z') {
    const [hours = 0, minutes = 0, seconds = 0] = offset.slice(1).match(/\d{2}/g)!.map(Number);
    const sign = offset.startsWith('-') ? -1 : 1;
    date.setTime(date.getTime() - sign * ((hours * 60 + minutes) * 60 + seconds) * 1000);
  }
  return date;
}

function utcDate(year: number, month: number, day: number, h: number, min: number, s: number, ms: number): Date | undefined {
  const date = new Date(Date.UTC(2000, month - 1, day, h, min, s, ms));
  // Date.UTC reads years 0-99 as 19xx: set the year apart.
  date.setUTCFullYear(year);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== day ? undefined : date;
}

function columnName(column: ColumnMetadata, index: number): string {
  return column.label || column.name || `column_${index + 1}`;
}
