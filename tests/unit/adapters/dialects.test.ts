import { describe, expect, it } from 'vitest';
import type { Dialect, PortableType } from '../../../src/adapters/contract.js';
import { canWriteLocalLake } from '../../../src/adapters/contract.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { StrataError } from '../../../src/errors/strata-error.js';

const NAMES = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;
const dialects: Dialect[] = NAMES.map((name) => createDialect(name));

/** The same call on every dialect, keyed by dialect name, for side-by-side snapshots. */
function each(render: (d: Dialect) => string): Record<string, string> {
  return Object.fromEntries(dialects.map((d) => [d.name, render(d)]));
}

/** A statement, or the error a dialect refuses it with. */
function sqlOrError(render: () => string): string {
  try {
    return render();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const orders = { schema: 'shop', identifier: 'orders' };
const staged = { schema: 'shop', identifier: 'orders__strata_tmp' };

describe('dialects side by side', () => {
  it('quote identifiers and strings', () => {
    expect(each((d) => `${d.quoteIdentifier('we"ird')} ${d.quoteString(`it's a \\ path`)}`)).toMatchInlineSnapshot(`
      {
        "athena": ""we""ird" 'it''s a \\ path'",
        "duckdb": ""we""ird" 'it''s a \\ path'",
        "redshift": ""we""ird" 'it''s a \\\\ path'",
        "snowflake": ""we""ird" 'it''s a \\\\ path'",
      }
    `);
    expect(each((d) => d.renderRelation({ database: 'db', ...orders }))).toMatchInlineSnapshot(`
      {
        "athena": ""db"."shop"."orders"",
        "duckdb": ""db"."shop"."orders"",
        "redshift": ""db"."shop"."orders"",
        "snowflake": ""DB"."SHOP"."ORDERS"",
      }
    `);
  });

  it('render the cross-database helpers', () => {
    expect(
      each((d) =>
        [
          d.dateTrunc('day', 'ts'),
          d.dateAdd('day', '3', 'ts'),
          d.dateAdd('week', 'n', 'ts'),
          d.dateDiff('day', 'a', 'b'),
          d.safeCast('x', 'INTEGER'),
          d.currentTimestamp(),
          d.hash('x'),
          d.stringAgg('name', `','`, 'name'),
          d.stringAgg('name', `','`),
        ].join('\n'),
      ),
    ).toEqual({
      athena: [
        "date_trunc('day', ts)",
        "date_add('day', 3, ts)",
        "date_add('week', n, ts)",
        "date_diff('day', date_trunc('day', a), date_trunc('day', b))",
        'try_cast(x AS INTEGER)',
        'CAST(CURRENT_TIMESTAMP AS timestamp(3))',
        'lower(to_hex(md5(to_utf8(CAST(x AS varchar)))))',
        "array_join(array_agg(name ORDER BY name), ',')",
        "array_join(array_agg(name), ',')",
      ].join('\n'),
      duckdb: [
        "date_trunc('day', ts)",
        '(ts + INTERVAL (3) DAY)',
        '(ts + INTERVAL (n) WEEK)',
        "date_diff('day', a, b)",
        'TRY_CAST(x AS INTEGER)',
        'CURRENT_TIMESTAMP',
        'md5(CAST(x AS VARCHAR))',
        "string_agg(name, ',' ORDER BY name)",
        "string_agg(name, ',')",
      ].join('\n'),
      redshift: [
        "date_trunc('day', ts)",
        'DATEADD(day, 3, ts)',
        'DATEADD(week, n, ts)',
        'DATEDIFF(day, a, b)',
        'CAST(CASE WHEN CAST(x AS VARCHAR(65535)) ~ ' +
          "'^[[:space:]]*[-+]?([0-9]{1,9}|1[0-9]{9}|20[0-9]{8})[[:space:]]*$' " +
          'THEN x END AS INTEGER)',
        'getdate()',
        'md5(CAST(x AS VARCHAR(65535)))',
        "LISTAGG(name, ',') WITHIN GROUP (ORDER BY name)",
        "LISTAGG(name, ',')",
      ].join('\n'),
      snowflake: [
        "date_trunc('day', ts)",
        'DATEADD(day, 3, ts)',
        'DATEADD(week, n, ts)',
        'DATEDIFF(day, a, b)',
        'TRY_CAST(CAST(x AS VARCHAR) AS INTEGER)',
        "convert_timezone('UTC', current_timestamp())",
        'md5(CAST(x AS VARCHAR))',
        "LISTAGG(name, ',') WITHIN GROUP (ORDER BY name)",
        "LISTAGG(name, ',')",
      ].join('\n'),
    });
    expect(each((d) => d.surrogateKey(['a', 'b']))).toEqual({
      athena:
        'lower(to_hex(md5(to_utf8(CAST(coalesce(CAST(a AS varchar), ' +
        "'_strata_null_') || '-' " +
        "|| coalesce(CAST(b AS varchar), '_strata_null_') AS varchar)))))",
      duckdb:
        "md5(CAST(coalesce(CAST(a AS VARCHAR), '_strata_null_') || '-' " +
        "|| coalesce(CAST(b AS VARCHAR), '_strata_null_') AS VARCHAR))",
      redshift:
        "md5(CAST(coalesce(CAST(a AS VARCHAR(65535)), '_strata_null_') || '-' || " +
        "coalesce(CAST(b AS VARCHAR(65535)), '_strata_null_') AS VARCHAR(65535)))",
      snowflake:
        "md5(CAST(coalesce(CAST(a AS VARCHAR), '_strata_null_') || '-' " +
        "|| coalesce(CAST(b AS VARCHAR), '_strata_null_') AS VARCHAR))",
    });
  });

  it('name the portable types', () => {
    const types: PortableType[] = [
      'string',
      'integer',
      'bigint',
      'float',
      'numeric',
      'boolean',
      'timestamp',
      'date',
      'json',
    ];
    expect(each((d) => types.map((t) => d.typeName(t)).join(', '))).toMatchInlineSnapshot(`
      {
        "athena": "varchar, integer, bigint, double, decimal(38,6), boolean, timestamp(3), date, varchar",
        "duckdb": "VARCHAR, INTEGER, BIGINT, DOUBLE, DECIMAL(38,6), BOOLEAN, TIMESTAMP, DATE, JSON",
        "redshift": "VARCHAR(65535), INTEGER, BIGINT, DOUBLE PRECISION, DECIMAL(38,6), BOOLEAN, TIMESTAMP, DATE, SUPER",
        "snowflake": "VARCHAR, INTEGER, BIGINT, FLOAT, DECIMAL(38,6), BOOLEAN, TIMESTAMP_NTZ, DATE, VARIANT",
      }
    `);
  });

  it('render DDL', () => {
    expect(
      each((d) =>
        [
          d.createSchema('shop'),
          d.createTableAs(orders, 'select 1 as id'),
          d.createViewAs(orders, 'select 1 as id'),
          d.dropRelation(orders, 'table'),
          d.dropRelation(orders, 'view'),
          d.renameRelation(staged, 'orders', 'table'),
          d.addColumn(orders, { name: 'note', dataType: d.typeName('string') }),
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      {
        "athena": "CREATE SCHEMA IF NOT EXISTS \`shop\`
      CREATE TABLE "shop"."orders"
      WITH (format = 'PARQUET') AS
      select 1 as id
      CREATE OR REPLACE VIEW "shop"."orders" AS
      select 1 as id
      DROP TABLE IF EXISTS \`shop\`.\`orders\`
      DROP VIEW IF EXISTS "shop"."orders"
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "shop"."orders"
      ALTER TABLE \`shop\`.\`orders\` ADD COLUMNS (\`note\` string)",
        "duckdb": "CREATE SCHEMA IF NOT EXISTS "shop"
      CREATE TABLE "shop"."orders" AS (
      select 1 as id
      )
      CREATE OR REPLACE VIEW "shop"."orders" AS (
      select 1 as id
      )
      DROP TABLE IF EXISTS "shop"."orders"
      DROP VIEW IF EXISTS "shop"."orders"
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders"
      ALTER TABLE "shop"."orders" ADD COLUMN "note" VARCHAR",
        "redshift": "CREATE SCHEMA IF NOT EXISTS "shop"
      CREATE TABLE "shop"."orders" AS (
      select 1 as id
      )
      CREATE VIEW "shop"."orders" AS (
      select 1 as id
      )
      DROP TABLE IF EXISTS "shop"."orders" CASCADE
      DROP VIEW IF EXISTS "shop"."orders" CASCADE
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders"
      ALTER TABLE "shop"."orders" ADD COLUMN "note" VARCHAR(65535)",
        "snowflake": "CREATE SCHEMA IF NOT EXISTS "SHOP"
      CREATE TRANSIENT TABLE "SHOP"."ORDERS" AS (
      select 1 as id
      )
      CREATE OR REPLACE VIEW "SHOP"."ORDERS" AS (
      select 1 as id
      )
      DROP TABLE IF EXISTS "SHOP"."ORDERS"
      DROP VIEW IF EXISTS "SHOP"."ORDERS"
      ALTER TABLE "SHOP"."ORDERS__STRATA_TMP" RENAME TO "SHOP"."ORDERS"
      ALTER TABLE "SHOP"."ORDERS" ADD COLUMN "NOTE" VARCHAR",
      }
    `);
  });

  it('render DML (Athena refuses MERGE and DELETE: its Hive tables have neither)', () => {
    expect(
      each((d) =>
        [
          () => d.insertInto(orders, staged, ['id', 'amount']),
          () => d.merge(orders, staged, ['id'], ['id', 'amount']),
          () => d.deleteMatching(orders, staged, ['id']),
          () => d.deleteMatching(orders, staged, ['day', 'country']),
        ]
          .map(sqlOrError)
          .join('\n\n'),
      ),
    ).toEqual({
      athena: [
        'INSERT INTO "shop"."orders" ("id", "amount")',
        'SELECT "id", "amount" FROM "shop"."orders__strata_tmp"',
        '',
        'error: Athena cannot run MERGE INTO on "shop"."orders": Strata\'s Athena ' +
          'tables are Hive tables, which have no MERGE or DELETE ' +
          '(Athena has them for Iceberg tables only).',
        '',
        'error: Athena cannot run DELETE FROM on "shop"."orders": Strata\'s ' +
          'Athena tables are Hive tables, which have no MERGE or DELETE ' +
          '(Athena has them for Iceberg tables only).',
        '',
        'error: Athena cannot run DELETE FROM on "shop"."orders": Strata\'s ' +
          'Athena tables are Hive tables, which have no MERGE or DELETE ' +
          '(Athena has them for Iceberg tables only).',
      ].join('\n'),
      duckdb: [
        'INSERT INTO "shop"."orders" ("id", "amount")',
        'SELECT "id", "amount" FROM "shop"."orders__strata_tmp"',
        '',
        'MERGE INTO "shop"."orders" AS strata_target',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'ON (strata_target."id" = strata_source."id")',
        'WHEN MATCHED THEN UPDATE SET "amount" = strata_source."amount"',
        'WHEN NOT MATCHED THEN INSERT ("id", "amount") VALUES (strata_source."id", strata_source."amount")',
        '',
        'DELETE FROM "shop"."orders"',
        'WHERE "id" IN (SELECT "id" FROM "shop"."orders__strata_tmp")',
        '',
        'DELETE FROM "shop"."orders" AS strata_target',
        'WHERE EXISTS (',
        '  SELECT 1 FROM "shop"."orders__strata_tmp" AS strata_source',
        '  WHERE strata_target."day" = strata_source."day" AND strata_target."country" = strata_source."country"',
        ')',
      ].join('\n'),
      redshift: [
        'INSERT INTO "shop"."orders" ("id", "amount")',
        'SELECT "id", "amount" FROM "shop"."orders__strata_tmp"',
        '',
        'MERGE INTO "shop"."orders"',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'ON ("shop"."orders"."id" = strata_source."id")',
        'WHEN MATCHED THEN UPDATE SET "amount" = strata_source."amount"',
        'WHEN NOT MATCHED THEN INSERT ("id", "amount") VALUES (strata_source."id", strata_source."amount")',
        '',
        'DELETE FROM "shop"."orders"',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'WHERE "shop"."orders"."id" = strata_source."id"',
        '',
        'DELETE FROM "shop"."orders"',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'WHERE "shop"."orders"."day" = strata_source."day" ' +
          'AND "shop"."orders"."country" = strata_source."country"',
      ].join('\n'),
      snowflake: [
        'INSERT INTO "SHOP"."ORDERS" ("ID", "AMOUNT")',
        'SELECT "ID", "AMOUNT" FROM "SHOP"."ORDERS__STRATA_TMP"',
        '',
        'MERGE INTO "SHOP"."ORDERS" AS strata_target',
        'USING "SHOP"."ORDERS__STRATA_TMP" AS strata_source',
        'ON (strata_target."ID" = strata_source."ID")',
        'WHEN MATCHED THEN UPDATE SET "AMOUNT" = strata_source."AMOUNT"',
        'WHEN NOT MATCHED THEN INSERT ("ID", "AMOUNT") VALUES (strata_source."ID", strata_source."AMOUNT")',
        '',
        'DELETE FROM "SHOP"."ORDERS"',
        'WHERE "ID" IN (SELECT "ID" FROM "SHOP"."ORDERS__STRATA_TMP")',
        '',
        'DELETE FROM "SHOP"."ORDERS" AS strata_target',
        'WHERE EXISTS (',
        '  SELECT 1 FROM "SHOP"."ORDERS__STRATA_TMP" AS strata_source',
        '  WHERE strata_target."DAY" = strata_source."DAY" AND strata_target."COUNTRY" = strata_source."COUNTRY"',
        ')',
      ].join('\n'),
    });
  });

  it('leave the matched branch out of a merge on key columns only', () => {
    const [duckdb] = dialects;
    expect(duckdb?.merge(orders, staged, ['id'], ['id'])).not.toMatch(/WHEN MATCHED/);
  });

  it('share transaction statements', () => {
    expect(each((d) => [d.beginTransaction(), d.commitTransaction(), d.rollbackTransaction()].join(' '))).toEqual(
      Object.fromEntries(NAMES.map((n) => [n, 'BEGIN COMMIT ROLLBACK'])),
    );
  });

  it('refuse what Athena cannot do with a clear error', () => {
    expect(() => createDialect('athena').dropColumn(orders, 'note')).toThrow(/Athena cannot drop column "note"/);
    expect(() => createDialect('athena').merge(orders, staged, ['id'], ['id'])).toThrow(StrataError);
    expect(() => createDialect('athena').deleteMatching(orders, staged, ['id'])).toThrow(
      /Athena cannot run DELETE FROM on "shop"\."orders"/,
    );
  });

  it('render Athena CTAS properties for lake tables', () => {
    const sql = createDialect('athena').createTableAs(orders, 'select 1', {
      partitionBy: ['dt'],
      extra: { location: 's3://lake/gold/orders/' },
    });
    expect(sql).toMatchInlineSnapshot(`
      "CREATE TABLE "shop"."orders"
      WITH (format = 'PARQUET', external_location = 's3://lake/gold/orders/', partitioned_by = ARRAY['dt']) AS
      select 1"
    `);
  });
});

describe('DuckDB lake and CSV SQL', () => {
  const duckdb = new DuckDbDialect();

  it('is the only local-lake dialect', () => {
    expect(dialects.filter(canWriteLocalLake).map((d) => d.name)).toEqual(['duckdb']);
  });

  it('copies to partitioned Parquet and reads it back with hive partitioning', () => {
    expect(duckdb.copyToParquet('select 1', '/p/lake/x.__strata_tmp', ['dt', 'hour'])).toMatchInlineSnapshot(`
      "COPY (
      select 1
      ) TO '/p/lake/x.__strata_tmp' (FORMAT parquet, PARTITION_BY ("dt", "hour"), OVERWRITE_OR_IGNORE)"
    `);
    expect(duckdb.copyToParquet('select 1', '/p/lake/x', [])).toMatchInlineSnapshot(`
      "COPY (
      select 1
      ) TO '/p/lake/x/data_0.parquet' (FORMAT parquet)"
    `);
    expect(duckdb.selectFromParquet("/p/o'lake/x")).toMatchInlineSnapshot(
      `"SELECT * FROM read_parquet('/p/o''lake/x/**/*.parquet', hive_partitioning = true)"`,
    );
  });

  it('reads a checked CSV with its known settings, the given types and strict mode', () => {
    const file = { path: "/p/seeds/o'rders.csv", delimiter: ';', header: true };
    expect(
      duckdb.createTableFromCsv(orders, file, [
        { name: 'id', dataType: 'INTEGER' },
        { name: 'zip', dataType: 'VARCHAR' },
      ]),
    ).toBe(
      [
        'CREATE OR REPLACE TABLE "shop"."orders" AS',
        "SELECT * FROM read_csv('/p/seeds/o''rders.csv', " +
          "columns = {'id': 'INTEGER', 'zip': 'VARCHAR'}, header = true, " +
          "delim = ';', quote = '\"', escape = '\"', auto_detect = false, " +
          'strict_mode = true, null_padding = false, ignore_errors = false)',
      ].join('\n'),
    );
  });
});
