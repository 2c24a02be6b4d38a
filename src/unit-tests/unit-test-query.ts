/**
 * The queries a unit test runs on its connection: the model's columns and types (a query
 * returning no row), then the model's rows and the expected rows, each value of the
 * compared columns cast to the model's type and then to text, so both sides are spelled by
 * the same warehouse.
 */
import type { ColumnDescription, Connection, Dialect } from '../adapters/contract.js';
import { StrataError } from '../errors/strata-error.js';
import { columnSql, valueSql } from './input-ctes.js';
import type { TextRow } from './compare-rows.js';
import type { FixtureRows, UnitTestNode } from './unit-test-node.js';

/** The columns of a query's result, by running it to return no row. */
export async function queryColumns(connection: Connection, sql: string): Promise<ColumnDescription[]> {
  const result = await connection.query(`select * from (\n${stripSemicolon(sql)}\n) as __strata_probe where 1 = 0`);
  return result.columns;
}

/** The model's columns that `expect` compares, in the expected rows' order; a missing one is an error. */
export function comparedColumns(
  test: UnitTestNode,
  expectedNames: string[],
  actual: ColumnDescription[],
): ColumnDescription[] {
  return expectedNames.map((name) => {
    const column = actual.find((each) => each.name.toLowerCase() === name.toLowerCase());
    if (column) return column;
    throw new StrataError(
      `Unit test "${test.name}" expects column "${name}", which model "${test.model}" does not return`,
      {
        location: test.origin,
        hint: `The model returns: ${actual.map((each) => each.name).join(', ')}. Fix the name under "expect:".`,
      },
    );
  });
}

/** The column names the expected rows set, first seen first. */
export function expectedColumnNames(expect: FixtureRows): string[] {
  if (expect.format === 'sql') return [];
  const names: string[] = [];
  for (const row of expect.rows) for (const key of Object.keys(row)) if (!names.includes(key)) names.push(key);
  return names;
}

/** The model's rows, the compared columns as text. */
export async function actualRows(
  connection: Connection,
  dialect: Dialect,
  modelSql: string,
  columns: ColumnDescription[],
): Promise<TextRow[]> {
  const text = dialect.typeName('string');
  const list = columns.map((column, i) => `${dialect.cast(columnSql(column.name, dialect), text)} as c${i}`);
  const sql = `select ${list.join(', ')}\nfrom (\n${stripSemicolon(modelSql)}\n) as __strata_actual`;
  return textRows(await connection.query(sql), columns.length);
}

/** The expected rows, each value cast to the model's column type, then to text. */
export async function expectedRows(
  connection: Connection,
  dialect: Dialect,
  expect: FixtureRows,
  columns: ColumnDescription[],
): Promise<TextRow[]> {
  const text = dialect.typeName('string');
  let sql: string;
  if (expect.format === 'sql') {
    const list = columns.map(
      (c, i) => `${dialect.cast(dialect.cast(columnSql(c.name, dialect), c.dataType), text)} as c${i}`,
    );
    sql = `select ${list.join(', ')}\nfrom (\n${stripSemicolon(expect.sql)}\n) as __strata_expected`;
  } else {
    if (expect.rows.length === 0) return [];
    sql = expect.rows
      .map((row) => {
        const values = columns.map((column, i) => {
          const key = Object.keys(row).find((name) => name.toLowerCase() === column.name.toLowerCase());
          const value = key === undefined ? null : row[key];
          return `${dialect.cast(valueSql(value, column.dataType, dialect), text)} as c${i}`;
        });
        return `select ${values.join(', ')}`;
      })
      .join('\nunion all\n');
  }
  return textRows(await connection.query(sql), columns.length);
}

/**
 * The rows of a comparison query, its columns `c0`, `c1`... found ignoring case: a warehouse
 * folding unquoted names (Snowflake) returns `C0`. A column missing from the result is a bug,
 * never a null, or every row would compare equal.
 */
function textRows(result: { rows: Array<Record<string, unknown>> }, width: number): TextRow[] {
  return result.rows.map((row) => {
    const keys = new Map(Object.keys(row).map((key) => [key.toLowerCase(), key]));
    return Array.from({ length: width }, (_, i) => {
      const key = keys.get(`c${i}`);
      if (key === undefined) throw new Error(`comparison query returned no column c${i}`);
      const value = row[key];
      return value === null || value === undefined ? null : String(value);
    });
  });
}

function stripSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}
