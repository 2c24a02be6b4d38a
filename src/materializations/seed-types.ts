import type { Dialect, PortableType } from '../adapters/contract.js';

/** A seed column's type: inferred (portable) or given in `column_types` (warehouse type). */
export type SeedColumnType = { portable: PortableType } | { declared: string };

const INT64 = 2n ** 63n;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// `YYYY-MM-DD` naming a real day (no 2023-02-29, no month 13); digits read without slicing.
function isCalendarDate(v: string): boolean {
  const digit = (i: number) => v.charCodeAt(i) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

// Up to 18 digits always fit 64 bits; longer ones are compared exactly.
function fitsBigint(v: string): boolean {
  const signed = v.charCodeAt(0) === 0x2b || v.charCodeAt(0) === 0x2d ? 1 : 0;
  if (v.length === signed) return false;
  for (let i = signed; i < v.length; i++) {
    const char = v.charCodeAt(i);
    if (char < 0x30 || char > 0x39) return false;
  }
  return v.length - signed <= 18 || (BigInt(v) >= -INT64 && BigInt(v) < INT64);
}

// Narrowest first: a column takes the first type every non-empty value fits. Whole
// numbers are bigint, as dbt types them, so seed arithmetic does not overflow 32 bits.
const CANDIDATES: Array<[PortableType, (value: string) => boolean]> = [
  ['bigint', fitsBigint],
  ['float', (v) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)],
  ['boolean', (v) => /^(true|false)$/i.test(v)],
  ['date', (v) => DATE.test(v) && isCalendarDate(v)],
  ['timestamp', (v) => /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/.test(v)],
];

/** bigint and float: a value that fits bigint fits float. */
const LAST_NUMBER = 1;

interface InferredColumn {
  possible: number[];
  /** some value was not empty */
  seen: boolean;
  /** every possible candidate is a number type */
  numbers: boolean;
}

/**
 * Infers each column's type from its values one row at a time, so a large seed is typed
 * without holding its rows: empty fields are nulls and fit anything; an all-empty column
 * is a string. `column_types` entries win, matched case-insensitively.
 */
export class SeedTypeInference {
  /** per column: the declared type, or the candidates every value so far fits (indexes into CANDIDATES) */
  private readonly columns: Array<{ declared: string } | InferredColumn>;

  constructor(header: string[], columnTypes: Record<string, string> = {}) {
    const declared = new Map(Object.entries(columnTypes).map(([name, type]) => [name.toLowerCase(), type]));
    this.columns = header.map((name) => {
      const type = declared.get(name.toLowerCase());
      return type !== undefined ? { declared: type } : { possible: CANDIDATES.map((_, i) => i), seen: false, numbers: false };
    });
  }

  /** Narrow the column types by one row's fields. */
  observe(fields: string[]): void {
    for (let index = 0; index < this.columns.length; index++) {
      const column = this.columns[index]!;
      const value = fields[index] ?? '';
      if (value === '' || 'declared' in column) continue;
      column.seen = true;
      const { possible } = column;
      if (possible.length === 0) continue;
      // Most values fit the narrowest remaining type, and so every wider one left.
      if ((column.numbers || possible.length === 1) && CANDIDATES[possible[0]!]![1](value)) continue;
      column.possible = possible.filter((candidate) => CANDIDATES[candidate]![1](value));
      column.numbers = column.possible.every((candidate) => candidate <= LAST_NUMBER);
    }
  }

  /** The type of each column, in header order. */
  types(): SeedColumnType[] {
    return this.columns.map((column) => {
      if ('declared' in column) return { declared: column.declared };
      const first = column.seen ? column.possible[0] : undefined;
      return { portable: first === undefined ? 'string' : CANDIDATES[first]![0] };
    });
  }
}

/** Infer each column's type from all its values, by the rules of `SeedTypeInference`. */
export function inferSeedTypes(
  header: string[],
  rows: string[][],
  columnTypes: Record<string, string> = {},
): SeedColumnType[] {
  const inference = new SeedTypeInference(header, columnTypes);
  for (const row of rows) inference.observe(row);
  return inference.types();
}

/** The warehouse type name of a seed column. */
export function seedTypeName(dialect: Dialect, type: SeedColumnType): string {
  return 'declared' in type ? type.declared : dialect.typeName(type.portable);
}

/**
 * A field as a SQL literal of its column's type. Typed literals (DATE '...') are ANSI and
 * keep strict warehouses (Trino) from refusing a string in a date column.
 */
export function seedLiteral(dialect: Dialect, value: string, type: SeedColumnType): string {
  if (value === '') return 'NULL';
  if ('declared' in type) return `CAST(${dialect.quoteString(value)} AS ${type.declared})`;
  switch (type.portable) {
    case 'integer':
    case 'bigint':
    case 'float':
      return value.replace(/^\+/, '');
    case 'boolean':
      return value.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'date':
      return `DATE ${dialect.quoteString(value)}`;
    case 'timestamp':
      return `TIMESTAMP ${dialect.quoteString(value.replace('T', ' '))}`;
    default:
      return dialect.quoteString(value);
  }
}
