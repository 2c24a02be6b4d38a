import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import { inputRowsSql, type ColumnTypes } from '../../../src/unit-tests/input-ctes.js';

const duckdb = new DuckDbDialect();

describe('inputRowsSql', () => {
  it('casts each value to its declared type, known columns first, and fills a column no row sets with null', () => {
    const types: ColumnTypes = new Map([
      ['id', 'integer'],
      ['note', undefined],
    ]);
    const sql = inputRowsSql({ format: 'dict', rows: [{ id: 1, amount: 2.5 }, { ID: 2 }] }, types, duckdb);
    expect(sql).toBe(
      'select CAST(1 AS integer) as id, null as note, 2.5 as amount\n' +
        'union all\n' +
        'select CAST(2 AS integer) as id, null as note, null as amount',
    );
  });

  it('types ISO dates and timestamps by their values when nothing declares them', () => {
    const sql = inputRowsSql(
      { format: 'dict', rows: [{ day: '2024-03-01', at: '2024-03-01 10:00:00', name: "O'Brien" }] },
      new Map(),
      duckdb,
    );
    expect(sql).toBe(
      "select CAST('2024-03-01' AS DATE) as day, CAST('2024-03-01 10:00:00' AS TIMESTAMP) as at, 'O''Brien' as name",
    );
  });

  it('reads csv numbers and booleans as such unless a type is declared, which then casts the text', () => {
    const sql = inputRowsSql(
      { format: 'csv', rows: [{ id: '7', paid: 'true', code: '007', name: 'x' }] },
      new Map([['code', 'varchar']]),
      duckdb,
    );
    expect(sql).toBe("select CAST('007' AS varchar) as code, 7 as id, true as paid, 'x' as name");
  });

  it('gives an input without rows its columns and no row', () => {
    expect(inputRowsSql({ format: 'dict', rows: [] }, new Map([['id', 'integer']]), duckdb)).toBe(
      'select CAST(null AS integer) as id\nwhere 1 = 0',
    );
  });

  it('keeps a sql input as its query, without a closing semicolon', () => {
    expect(inputRowsSql({ format: 'sql', sql: '  select 1 as id;\n' }, new Map(), duckdb)).toBe('select 1 as id');
  });

  it("quotes a column name that is not a plain identifier, in the dialect's way", () => {
    expect(inputRowsSql({ format: 'dict', rows: [{ 'order id': 1 }] }, new Map(), new RedshiftDialect())).toBe(
      'select 1 as "order id"',
    );
  });
});
