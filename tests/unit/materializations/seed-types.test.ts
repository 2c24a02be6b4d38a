import { describe, expect, it } from 'vitest';
import { planSeedInserts } from '../../../src/materializations/plan-seed.js';
import { inferSeedTypes, seedLiteral } from '../../../src/seeds/seed-types.js';
import { duckdb, golden, orders, sideBySide } from './fixtures.js';

describe('seed type inference', () => {
  it('picks the narrowest type every value fits, empty values being nulls', () => {
    const header = ['i', 'big', 'f', 'b', 'd', 'ts', 's', 'empty', 'mixed'];
    const rows = [
      ['1', '3000000000', '1.5', 'true', '2024-01-31', '2024-01-31 10:00:00', 'x', '', '1'],
      ['-2', '1', '2', 'FALSE', '', '2024-01-31T10:00', 'y', '', 'a'],
      ['', '', '1e3', '', '2024-02-01', '', '', '', ''],
    ];
    expect(inferSeedTypes(header, rows)).toEqual(
      ['bigint', 'bigint', 'float', 'boolean', 'date', 'timestamp', 'string', 'string', 'string'].map((portable) => ({
        portable,
      })),
    );
  });

  it('does not take an invalid date or an out-of-range integer for one', () => {
    expect(inferSeedTypes(['d', 'n'], [['2024-13-45', '99999999999999999999']])).toEqual([
      { portable: 'string' },
      { portable: 'float' },
    ]);
  });

  it('types a column by all its values, whatever their order; whole numbers are bigint, as in dbt', () => {
    const header = ['flag', 'whole', 'huge', 'day'];
    const rows = [
      ['1', '-9223372036854775808', '9223372036854775807', '2024-02-29'],
      ['true', '7', '9223372036854775808', '2023-02-29'],
    ];
    expect(inferSeedTypes(header, rows)).toEqual([
      { portable: 'string' },
      { portable: 'bigint' },
      { portable: 'float' },
      { portable: 'string' },
    ]);
  });

  it.each([
    ['5.', 'float'],
    ['.5', 'float'],
    ['+.5e-3', 'float'],
    ['1E+5', 'float'],
    ['.', 'string'],
    ['+', 'string'],
    ['1e', 'string'],
    ['1.2.3', 'string'],
    ['+7', 'bigint'],
    ['fAlSe', 'boolean'],
    ['truee', 'string'],
    ['2024-1-05', 'string'],
    ['2024-01-31T10:00', 'timestamp'],
    ['2024-01-31 10:00:00.123456', 'timestamp'],
    ['2024-01-31 10:00:00.1234567', 'string'],
    ['2024-01-31 10:00:0', 'string'],
    ['2024-01-31 10:00:00.', 'string'],
    ['١٢٣', 'string'],
    ['"1"', 'string'],
  ])('types a column holding only %s as %s', (value, portable) => {
    expect(inferSeedTypes(['c'], [[value]])).toEqual([{ portable }]);
  });

  it('lets column_types win, matched case-insensitively', () => {
    expect(inferSeedTypes(['Zip', 'n'], [['01234', '1']], { zip: 'VARCHAR(5)' })).toEqual([
      { declared: 'VARCHAR(5)' },
      { portable: 'bigint' },
    ]);
  });

  it('renders typed literals', () => {
    const literal = (value: string, portable: Parameters<typeof seedLiteral>[2]) =>
      seedLiteral(duckdb, value, portable);
    expect(
      [
        literal('', { portable: 'integer' }),
        literal('+5', { portable: 'integer' }),
        literal('True', { portable: 'boolean' }),
        literal('2024-01-31', { portable: 'date' }),
        literal('2024-01-31T10:00:00', { portable: 'timestamp' }),
        literal("O'Brien", { portable: 'string' }),
        literal('01234', { declared: 'VARCHAR(5)' }),
      ].join(' | '),
    ).toBe(
      "NULL | 5 | TRUE | DATE '2024-01-31' | TIMESTAMP '2024-01-31 10:00:00' | " +
        "'O''Brien' | CAST('01234' AS VARCHAR(5))",
    );
  });
});

describe('planSeedInserts', () => {
  const table = {
    header: ['id', 'name', 'day'],
    rows: [
      ['1', 'a', '2024-01-01'],
      ['2', '', '2024-01-02'],
      ['3', 'c', ''],
    ],
  };

  it('creates a typed table and inserts in batches', () => {
    const types = inferSeedTypes(table.header, table.rows);
    expect(golden(planSeedInserts(duckdb, { relation: orders, table, types, batchSize: 2 }))).toMatchInlineSnapshot(`
      "-- create the seed table
      CREATE TABLE "shop"."orders" (
        "id" BIGINT,
        "name" VARCHAR,
        "day" DATE
      );
      -- insert rows 1-2
      INSERT INTO "shop"."orders" ("id", "name", "day") VALUES
        (1, 'a', DATE '2024-01-01'),
        (2, NULL, DATE '2024-01-02');
      -- insert rows 3-3
      INSERT INTO "shop"."orders" ("id", "name", "day") VALUES
        (3, 'c', NULL);"
    `);
  });

  it('renders the same load for every warehouse', () => {
    const types = inferSeedTypes(table.header, table.rows, { name: 'VARCHAR(10)' });
    expect(sideBySide((d) => planSeedInserts(d, { relation: orders, table, types }).slice(0, 1)))
      .toMatchInlineSnapshot(`
      {
        "athena": "-- create the seed table
      CREATE TABLE "shop"."orders" (
        "id" bigint,
        "name" VARCHAR(10),
        "day" date
      );",
        "duckdb": "-- create the seed table
      CREATE TABLE "shop"."orders" (
        "id" BIGINT,
        "name" VARCHAR(10),
        "day" DATE
      );",
        "redshift": "-- create the seed table
      CREATE TABLE "shop"."orders" (
        "id" BIGINT,
        "name" VARCHAR(10),
        "day" DATE
      );",
        "snowflake": "-- create the seed table
      CREATE TABLE "SHOP"."ORDERS" (
        "ID" BIGINT,
        "NAME" VARCHAR(10),
        "DAY" DATE
      );",
      }
    `);
  });
});
