import type { Dialect, PortableType } from '../adapters/contract.js';
import type { CsvRecord } from './csv-record.js';

/** A seed column's type: inferred (portable) or given in `column_types` (warehouse type). */
export type SeedColumnType = { portable: PortableType } | { declared: string };

const INT64 = 2n ** 63n;

const ZERO = 0x30;
const NINE = 0x39;

/** Whether a value, the bytes `[start, end)` of a UTF-8 buffer, fits a type. */
type Fits = (bytes: Buffer, start: number, end: number) => boolean;

// Values are checked as bytes: every type's form is ASCII, and a multi-byte character
// fits none, so no value needs decoding.
const isDigit = (bytes: Buffer, at: number): boolean => bytes[at]! >= ZERO && bytes[at]! <= NINE;

function digitsFrom(bytes: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && isDigit(bytes, i)) i++;
  return i;
}

function signLength(bytes: Buffer, at: number): number {
  return bytes[at] === 0x2b || bytes[at] === 0x2d ? 1 : 0;
}

// Up to 18 digits always fit 64 bits; longer ones are compared exactly.
const fitsBigint: Fits = (bytes, start, end) => {
  const digits = start + signLength(bytes, start);
  if (digits === end || digitsFrom(bytes, digits, end) !== end) return false;
  if (end - digits <= 18) return true;
  const value = BigInt(bytes.toString('latin1', start, end));
  return value >= -INT64 && value < INT64;
};

// [-+]? (digits [. digits?] | . digits) ([eE] [-+]? digits)?
const fitsFloat: Fits = (bytes, start, end) => {
  const whole = start + signLength(bytes, start);
  let i = digitsFrom(bytes, whole, end);
  let digits = i - whole;
  if (i < end && bytes[i] === 0x2e) {
    const fraction = i + 1;
    i = digitsFrom(bytes, fraction, end);
    digits += i - fraction;
  }
  if (digits === 0) return false;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    const exponent = i + 1 + signLength(bytes, i + 1);
    i = digitsFrom(bytes, exponent, end);
    if (i === exponent) return false;
  }
  return i === end;
};

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

// true or false, in any case (a letter's lower case is its byte with 0x20 set).
const fitsBoolean: Fits = (bytes, start, end) => {
  const length = end - start;
  const word = length === 4 ? TRUE : length === 5 ? FALSE : undefined;
  if (word === undefined) return false;
  for (let i = 0; i < length; i++) if ((bytes[start + i]! | 0x20) !== word[i]) return false;
  return true;
};

const DASH = 0x2d;
const COLON = 0x3a;

// `YYYY-MM-DD` at `at`: digits and dashes where the form puts them.
function isDateForm(bytes: Buffer, at: number): boolean {
  return (
    isDigit(bytes, at) &&
    isDigit(bytes, at + 1) &&
    isDigit(bytes, at + 2) &&
    isDigit(bytes, at + 3) &&
    bytes[at + 4] === DASH &&
    isDigit(bytes, at + 5) &&
    isDigit(bytes, at + 6) &&
    bytes[at + 7] === DASH &&
    isDigit(bytes, at + 8) &&
    isDigit(bytes, at + 9)
  );
}

// `hh:mm` at `at`, or with `:ss` after it when `seconds`.
function isTimeForm(bytes: Buffer, at: number, seconds: boolean): boolean {
  const minutes =
    isDigit(bytes, at) &&
    isDigit(bytes, at + 1) &&
    bytes[at + 2] === COLON &&
    isDigit(bytes, at + 3) &&
    isDigit(bytes, at + 4);
  return minutes && (!seconds || (bytes[at + 5] === COLON && isDigit(bytes, at + 6) && isDigit(bytes, at + 7)));
}

// The two-digit number at `at`.
const twoDigits = (bytes: Buffer, at: number): number => (bytes[at]! - ZERO) * 10 + bytes[at + 1]! - ZERO;

// `YYYY-MM-DD` naming a real day (no 2023-02-29, no month 13).
const fitsDate: Fits = (bytes, start, end) => {
  if (end - start !== 10 || !isDateForm(bytes, start)) return false;
  const year = twoDigits(bytes, start) * 100 + twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
};

// `YYYY-MM-DD hh:mm[:ss[.f]]` with a space or `T`, up to six fraction digits.
const fitsTimestamp: Fits = (bytes, start, end) => {
  const length = end - start;
  if (length < 16 || !isDateForm(bytes, start) || (bytes[start + 10] !== 0x20 && bytes[start + 10] !== 0x54))
    return false;
  if (length === 16 || length === 19) return isTimeForm(bytes, start + 11, length === 19);
  if (length < 21 || !isTimeForm(bytes, start + 11, true)) return false;
  return length <= 26 && bytes[start + 19] === 0x2e && digitsFrom(bytes, start + 20, end) === end;
};

// Narrowest first: a column takes the first type every non-empty value fits. Whole
// numbers are bigint, as dbt types them, so seed arithmetic does not overflow 32 bits.
const CANDIDATES: PortableType[] = ['bigint', 'float', 'boolean', 'date', 'timestamp'];

/** bigint and float: a value that fits bigint fits float. */
const LAST_NUMBER = 1;

// Whether a value fits CANDIDATES[candidate]; one call site per check keeps each inlinable.
function fits(candidate: number, bytes: Buffer, start: number, end: number): boolean {
  switch (candidate) {
    case 0:
      return fitsBigint(bytes, start, end);
    case 1:
      return fitsFloat(bytes, start, end);
    case 2:
      return fitsBoolean(bytes, start, end);
    case 3:
      return fitsDate(bytes, start, end);
    default:
      return fitsTimestamp(bytes, start, end);
  }
}

interface InferredColumn {
  /** the column's place in the header */
  index: number;
  /** the candidates every value so far fits (indexes into CANDIDATES) */
  possible: number[];
  /** the narrowest possible candidate, when a value that fits it fits every possible one; else -1 */
  quick: number;
  /** some value was not empty */
  seen: boolean;
}

/**
 * Infers each column's type from its values one row at a time, so a large seed is typed
 * without holding its rows: empty fields are nulls and fit anything; an all-empty column
 * is a string. `column_types` entries win, matched case-insensitively.
 */
export class SeedTypeInference {
  /** per column: its `column_types` entry, if any */
  private readonly declared: Array<string | undefined>;
  private readonly inferred: InferredColumn[];
  /** the inferred columns some type other than string still fits: only these read values */
  private open: InferredColumn[];
  /** some open column has just become a string */
  private closing = false;

  constructor(header: string[], columnTypes: Record<string, string> = {}) {
    const declared = new Map(Object.entries(columnTypes).map(([name, type]) => [name.toLowerCase(), type]));
    this.declared = header.map((name) => declared.get(name.toLowerCase()));
    this.inferred = [];
    this.declared.forEach((type, index) => {
      if (type === undefined)
        this.inferred.push({ index, possible: CANDIDATES.map((_, i) => i), quick: -1, seen: false });
    });
    this.open = this.inferred;
  }

  /** Narrow the column types by one row's fields. */
  observe(fields: string[]): void {
    for (const column of this.open) {
      const bytes = Buffer.from(fields[column.index] ?? '');
      this.observeValue(column, bytes, 0, bytes.length);
    }
    this.close();
  }

  /**
   * Narrow the column types by one record of a CSV file, read from its bytes. A value with
   * a quote fits no type whether or not its quotes are doubled in the file, so a field's
   * bytes stand for its value.
   */
  observeRecord(record: CsvRecord): void {
    const { open } = this;
    for (let i = 0; i < open.length; i++) {
      const column = open[i]!;
      this.observeValue(column, record.bytes, record.starts[column.index]!, record.ends[column.index]!);
    }
    this.close();
  }

  /** The type of each column, in header order. */
  types(): SeedColumnType[] {
    const inferred = new Map(this.inferred.map((column) => [column.index, column]));
    return this.declared.map((declared, index) => {
      if (declared !== undefined) return { declared };
      const column = inferred.get(index)!;
      const first = column.seen ? column.possible[0] : undefined;
      return { portable: first === undefined ? 'string' : CANDIDATES[first]! };
    });
  }

  private observeValue(column: InferredColumn, bytes: Buffer, start: number, end: number): void {
    if (start === end) return;
    column.seen = true;
    // Most values fit the narrowest remaining type, and so every wider one left.
    if (column.quick >= 0 && fits(column.quick, bytes, start, end)) return;
    column.possible = column.possible.filter((candidate) => fits(candidate, bytes, start, end));
    if (column.possible.length === 0) this.closing = true;
    const [narrowest] = column.possible;
    const numbers = column.possible.every((candidate) => candidate <= LAST_NUMBER);
    column.quick = narrowest !== undefined && (numbers || column.possible.length === 1) ? narrowest : -1;
  }

  // A column no type fits stays a string: its later values need no reading.
  private close(): void {
    if (!this.closing) return;
    this.open = this.open.filter((column) => column.possible.length > 0);
    this.closing = false;
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
