/**
 * The SQL of a unit test's rows: one `select ... union all select ...` per input, each
 * value cast to its column's type when the type is known (from the input relation on the
 * warehouse, else from YAML `data_type` / a seed's `column_types`), else a literal whose
 * type follows the value (number, boolean, ISO date or timestamp, text).
 */
import type { Dialect } from '../adapters/contract.js';
import type { FixtureRows } from './unit-test-node.js';

/** Column name -> SQL type (undefined: a known column of unknown type), in the relation's column order. */
export type ColumnTypes = Map<string, string | undefined>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A column name as SQL: bare when it is a plain identifier (so the warehouse folds it as usual), else quoted. */
export function columnSql(name: string, dialect: Dialect): string {
  return PLAIN_IDENTIFIER.test(name) ? name : dialect.quoteIdentifier(name);
}

/**
 * The query of an input's rows. Its columns are the known ones of the input (so a model can
 * read a column no row sets, as null) and then those the rows name; a `sql` input is its query.
 */
export function inputRowsSql(rows: FixtureRows, types: ColumnTypes, dialect: Dialect): string {
  if (rows.format === 'sql') return rows.sql.trim().replace(/;\s*$/, '');
  const columns = columnsOf(rows.rows, types);
  // csv values are text: without a declared type, a number or boolean is read as one
  const data = rows.format === 'csv' ? rows.rows.map((row) => csvValues(row, types)) : rows.rows;
  const typeOf = new Map(columns.map((column) => [column, types.get(column) ?? inferType(data, column, dialect)]));
  const select = (row: Record<string, unknown> | undefined) =>
    'select ' +
    columns
      .map((column) => {
        const value = valueSql(row?.[findKey(row, column)], typeOf.get(column), dialect);
        return `${value} as ${columnSql(column, dialect)}`;
      })
      .join(', ');
  if (data.length === 0) return `${select(undefined)}\nwhere 1 = 0`;
  return data.map(select).join('\nunion all\n');
}

function csvValues(row: Record<string, unknown>, types: ColumnTypes): Record<string, unknown> {
  const known = new Set([...types].filter(([, type]) => type !== undefined).map(([c]) => c.toLowerCase()));
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, known.has(key.toLowerCase()) ? value : csvValue(value)]),
  );
}

function csvValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/** The known columns, then the ones rows name that are not known (first seen first), matched ignoring case. */
function columnsOf(rows: Array<Record<string, unknown>>, types: ColumnTypes): string[] {
  const columns = [...types.keys()];
  const seen = new Set(columns.map((column) => column.toLowerCase()));
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key.toLowerCase())) {
        seen.add(key.toLowerCase());
        columns.push(key);
      }
    }
  }
  return columns;
}

/** The key of `row` naming `column`, ignoring case (warehouses fold unquoted names). */
function findKey(row: Record<string, unknown> | undefined, column: string): string {
  if (!row || Object.hasOwn(row, column)) return column;
  return Object.keys(row).find((key) => key.toLowerCase() === column.toLowerCase()) ?? column;
}

/** The type a column's values suggest when nothing declares one; undefined leaves each literal as it is. */
function inferType(rows: Array<Record<string, unknown>>, column: string, dialect: Dialect): string | undefined {
  const values = rows.map((row) => row[findKey(row, column)]).filter((value) => value !== null && value !== undefined);
  if (values.length === 0) return undefined;
  if (values.every((value) => typeof value === 'string' && ISO_DATE.test(value))) return dialect.typeName('date');
  if (values.every((value) => value instanceof Date || (typeof value === 'string' && ISO_TIMESTAMP.test(value)))) {
    return dialect.typeName('timestamp');
  }
  return undefined;
}

/** One value as SQL, cast to `type` when there is one. */
export function valueSql(value: unknown, type: string | undefined, dialect: Dialect): string {
  const literal = literalSql(value, dialect);
  return type === undefined ? literal : dialect.cast(literal, type);
}

function literalSql(value: unknown, dialect: Dialect): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dialect.stringLiteral(value.toISOString().replace('T', ' ').replace('Z', ''));
  if (typeof value === 'object') return dialect.stringLiteral(JSON.stringify(value));
  return dialect.stringLiteral(String(value));
}
