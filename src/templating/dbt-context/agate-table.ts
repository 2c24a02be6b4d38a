/**
 * What `run_query()` and `load_result(name).table` return: a table shaped like the agate
 * tables dbt hands to templates. `.columns`, `.column_names`, `.column_types`, `.rows`;
 * a row reads by position and by name (`row[0]`, `row['id']`) and loops over its values;
 * `table.columns[0].values()` or `table.columns['id'].values()` gives one column.
 */
import type { QueryResult } from '../../adapters/contract.js';
import { pythonStr } from '../python-str.js';
import { emit } from './output.js';
import { PyDatetime } from './py-datetime.js';

/** A cell as Python code would see it: whole numbers as numbers, dates and times as datetime objects. */
function templateValue(value: unknown, dataType: string): unknown {
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= -BigInt(Number.MAX_SAFE_INTEGER)
  )
    return Number(value);
  if (value instanceof Date) {
    const date = PyDatetime.fromDate(value, null);
    return /^date$/i.test(dataType.trim()) ? date.date() : date;
  }
  return value;
}

/** One row: a list of values that also answers to its column names (`row['id']`, `row.keys()`...). */
export type AgateRow = unknown[];

function agateRow(names: string[], values: unknown[]): AgateRow {
  const row = [...values];
  const define = (name: string, value: unknown) => Object.defineProperty(row, name, { value, enumerable: false });
  // a name that is a list method or an index keeps that meaning; read it with row.dict()
  names.forEach((name, index) => {
    if (!(name in row)) define(name, values[index]);
  });
  define('keys', () => [...names]);
  define('values', () => [...values]);
  define('items', () => names.map((name, index) => [name, values[index]]));
  define('dict', () => Object.fromEntries(names.map((name, index) => [name, values[index]])));
  return row;
}

/** One column: its name, its warehouse type and its values. */
export class AgateColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly cells: unknown[],
  ) {}

  values(): unknown[] {
    return [...this.cells];
  }

  values_distinct(): unknown[] {
    return [...new Set(this.cells)];
  }

  values_without_nulls(): unknown[] {
    return this.cells.filter((cell) => cell !== null && cell !== undefined);
  }

  toString(): string {
    return `<agate.Column ${this.name}>`;
  }
}

/** A list of items that also answers to their names. */
function named<T>(list: T[], names: string[]): T[] {
  const define = (name: string, value: unknown) => Object.defineProperty(list, name, { value, enumerable: false });
  names.forEach((name, index) => {
    if (!(name in list)) define(name, list[index]);
  });
  if (names.length > 0) {
    // agate's MappedSequence: `for name, column in table.columns.items()`
    define('keys', () => [...names]);
    define('values', () => [...list]);
    define('items', () => names.map((name, index) => [name, list[index]]));
    define('get', (name: string, fallback: unknown = null) =>
      names.includes(name) ? list[names.indexOf(name)] : fallback,
    );
  }
  return list;
}

/** An agate-like table of a query's result. */
export class AgateTable {
  readonly column_names: string[];
  readonly column_types: string[];
  readonly rows: AgateRow[];
  readonly columns: AgateColumn[];

  constructor(result: QueryResult) {
    this.column_names = result.columns.map((column) => column.name);
    this.column_types = result.columns.map((column) => column.dataType);
    const cells = result.rows.map((row) =>
      result.columns.map((column) => templateValue(row[column.name], column.dataType)),
    );
    this.rows = named(
      cells.map((values) => agateRow(this.column_names, values)),
      [],
    );
    this.columns = named(
      result.columns.map(
        (column, index) =>
          new AgateColumn(
            column.name,
            column.dataType,
            cells.map((values) => values[index]),
          ),
      ),
      this.column_names,
    );
  }

  /** Looping over a table loops over its rows, as agate's does. */
  [Symbol.iterator](): Iterator<AgateRow> {
    return this.rows[Symbol.iterator]();
  }

  get length(): number {
    return this.rows.length;
  }

  /** agate's `print_table(max_rows=20)`: the table as text, printed when the render completes. */
  print_table(maxRows: unknown = 20): string {
    emit('print', this.text(typeof maxRows === 'number' ? maxRows : 20));
    return '';
  }

  /** The rows as an aligned text table, for `print_table()`. */
  text(maxRows = 20): string {
    const cell = (value: unknown) => (value === null || value === undefined ? '' : pythonStr(value));
    const shown = this.rows.slice(0, maxRows).map((row) => row.map(cell));
    const widths = this.column_names.map((name, i) => Math.max(name.length, ...shown.map((row) => row[i]!.length)));
    const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
    const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
    const more = this.rows.length > maxRows ? [`| ... (${this.rows.length - maxRows} more rows)`] : [];
    return [line(this.column_names), rule, ...shown.map(line), ...more].join('\n');
  }

  toString(): string {
    return `<agate.Table rows=${this.rows.length} columns=${this.column_names.length}>`;
  }
}
