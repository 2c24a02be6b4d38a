import { describe, expect, it } from 'vitest';
import { RedshiftDialect } from '../../../../src/adapters/redshift/redshift-dialect.js';
import { materializeModel } from '../../../../src/materializations/materialize-model.js';
import { planSeedInserts } from '../../../../src/materializations/plan-seed.js';
import { planTable } from '../../../../src/materializations/plan-table.js';
import { planView } from '../../../../src/materializations/plan-view.js';
import type { NodeConfig } from '../../../../src/manifest/types.js';
import { golden, orders, recordingConnection } from '../../materializations/fixtures.js';

// Golden SQL for what only Redshift runs: a PostgreSQL stand-in cannot execute DISTKEY,
// SORTKEY, late-binding views or COPY from S3, so these are pinned here instead.
const redshift = new RedshiftDialect();
const staged = { schema: 'shop', identifier: 'orders__strata_tmp' };

const config = (overrides: Partial<NodeConfig>): NodeConfig => ({
  enabled: true,
  materialized: 'table',
  tags: [],
  extra: {},
  ...overrides,
});

describe('Redshift identifiers', () => {
  it('fold to lower case, quoted or not, as Redshift does', () => {
    expect(redshift.renderRelation({ database: 'Dev', schema: 'Shop', identifier: 'Orders' })).toBe(
      '"dev"."shop"."orders"',
    );
    expect(redshift.quoteIdentifier('We"ird')).toBe('"we""ird"');
  });

  it('create schemas in the connected database (CREATE SCHEMA takes no database)', () => {
    expect(redshift.createSchema('marts', 'dev')).toBe('CREATE SCHEMA IF NOT EXISTS "marts"');
  });
});

describe('Redshift tables: dist, sort, backup', () => {
  const ctas = (extra: Record<string, unknown>) => redshift.createTableAs(orders, 'select 1 as id', { extra });

  it('distribute on a key column and sort on compound keys', () => {
    expect(ctas({ dist: 'customer_id', sort: ['ordered_at', 'order_id'] })).toMatchInlineSnapshot(`
      "CREATE TABLE "shop"."orders"
      DISTSTYLE KEY DISTKEY ("customer_id")
      COMPOUND SORTKEY ("ordered_at", "order_id")
      AS (
      select 1 as id
      )"
    `);
  });

  it('name a distribution style, interleave sort keys, skip backups', () => {
    expect(ctas({ dist: 'ALL', sort: 'ordered_at', sort_type: 'interleaved', backup: false })).toMatchInlineSnapshot(`
      "CREATE TABLE "shop"."orders"
      BACKUP NO
      DISTSTYLE ALL
      INTERLEAVED SORTKEY ("ordered_at")
      AS (
      select 1 as id
      )"
    `);
    expect(ctas({ dist: 'even', sort: 'auto' })).toMatchInlineSnapshot(`
      "CREATE TABLE "shop"."orders"
      DISTSTYLE EVEN
      SORTKEY AUTO
      AS (
      select 1 as id
      )"
    `);
  });

  it('keep the plain CTAS without table attributes', () => {
    expect(ctas({})).toBe('CREATE TABLE "shop"."orders" AS (\nselect 1 as id\n)');
  });

  it('refuse a bad sort_type or a dist that is not a name', () => {
    expect(() => ctas({ sort: 'a', sort_type: 'zigzag' })).toThrow(
      /sort_type must be compound or interleaved, got 'zigzag'/,
    );
    expect(() => ctas({ dist: 3 })).toThrow(/dist must be a column name, got 3/);
    expect(() => ctas({ sort: [''] })).toThrow(/sort must be a column name or a list of them/);
  });

  it('build a configured table beside the old one, then swap it in one transaction', () => {
    const plan = planTable(redshift, {
      relation: orders,
      selectSql: 'select * from shop.stg_orders',
      existing: 'table',
      options: { extra: { dist: 'customer_id', sort: 'ordered_at' } },
    });
    expect(golden(plan)).toMatchInlineSnapshot(`
      "-- build beside the old relation [rows]
      CREATE TABLE "shop"."orders__strata_tmp"
      DISTSTYLE KEY DISTKEY ("customer_id")
      COMPOUND SORTKEY ("ordered_at")
      AS (
      select * from shop.stg_orders
      );
      -- begin transaction
      BEGIN;
      -- drop the old table
      DROP TABLE IF EXISTS "shop"."orders" CASCADE;
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";
      -- commit transaction
      COMMIT;"
    `);
  });

  it('apply dist and sort when an incremental model is first built', async () => {
    const connection = recordingConnection({ rows: 3 });
    await materializeModel({
      connection,
      dialect: redshift,
      relation: orders,
      compiledSql: 'select 1 as id',
      config: config({ materialized: 'incremental', uniqueKey: ['id'], extra: { dist: 'id', sort: 'id' } }),
      fullRefresh: false,
      projectRoot: '/p',
    });
    expect(connection.sent[0]).toMatch(
      /^CREATE TABLE "shop"."orders__strata_tmp"\nDISTSTYLE KEY DISTKEY \("id"\)\nCOMPOUND SORTKEY \("id"\)\nAS \(/,
    );
  });
});

describe('Redshift views', () => {
  it('are late-binding with bind: false, replaced by drop and create in one transaction', () => {
    const plan = planView(redshift, {
      relation: orders,
      selectSql: 'select * from shop.raw_orders',
      existing: 'view',
      options: { extra: { bind: false } },
    });
    expect(golden(plan)).toMatchInlineSnapshot(`
      "-- begin transaction
      BEGIN;
      -- drop the existing view
      DROP VIEW IF EXISTS "shop"."orders" CASCADE;
      -- create the view
      CREATE VIEW "shop"."orders" AS (
      select * from shop.raw_orders
      ) WITH NO SCHEMA BINDING;
      -- commit transaction
      COMMIT;"
    `);
  });

  it('bind to what they read by default', () => {
    expect(redshift.createViewAs(orders, 'select 1')).toBe('CREATE VIEW "shop"."orders" AS (\nselect 1\n)');
  });

  it('are built late-binding from a model config', async () => {
    const connection = recordingConnection({});
    await materializeModel({
      connection,
      dialect: redshift,
      relation: orders,
      compiledSql: 'select 1',
      config: config({ materialized: 'view', extra: { bind: false } }),
      fullRefresh: false,
      projectRoot: '/p',
    });
    expect(connection.sent).toEqual(['CREATE VIEW "shop"."orders" AS (\nselect 1\n) WITH NO SCHEMA BINDING']);
  });
});

describe('Redshift incremental SQL', () => {
  it('merges without a target alias and always with both WHEN clauses', () => {
    expect(redshift.merge(orders, staged, ['id'], ['id'])).toMatchInlineSnapshot(`
      "MERGE INTO "shop"."orders"
      USING "shop"."orders__strata_tmp" AS strata_source
      ON ("shop"."orders"."id" = strata_source."id")
      WHEN MATCHED THEN UPDATE SET "id" = strata_source."id"
      WHEN NOT MATCHED THEN INSERT ("id") VALUES (strata_source."id")"
    `);
  });
});

describe('Redshift seeds', () => {
  it('load in batched multi-row INSERTs with Redshift literals', () => {
    const steps = planSeedInserts(redshift, {
      relation: staged,
      table: {
        header: ['id', 'name', 'joined'],
        rows: [
          ['1', "O'Brien \\ Co", '2024-01-15'],
          ['2', '', '2024-02-29'],
          ['3', 'Zoë', ''],
        ],
      },
      types: [{ portable: 'integer' }, { portable: 'string' }, { portable: 'date' }],
      batchSize: 2,
    });
    expect(golden(steps)).toMatchInlineSnapshot(`
      "-- create the seed table
      CREATE TABLE "shop"."orders__strata_tmp" (
        "id" INTEGER,
        "name" VARCHAR(65535),
        "joined" DATE
      );
      -- insert rows 1-2
      INSERT INTO "shop"."orders__strata_tmp" ("id", "name", "joined") VALUES
        (1, 'O''Brien \\\\ Co', DATE '2024-01-15'),
        (2, NULL, DATE '2024-02-29');
      -- insert rows 3-3
      INSERT INTO "shop"."orders__strata_tmp" ("id", "name", "joined") VALUES
        (3, 'Zoë', NULL);"
    `);
  });

  it('COPY a CSV staged in S3 through an IAM role', () => {
    const sql = redshift.copyCsvFromS3(staged, ['id', 'name'], {
      uri: 's3://seeds/shop/orders.csv',
      iamRole: 'arn:aws:iam::123456789012:role/strata-seeds',
      region: 'eu-west-1',
    });
    expect(sql).toMatchInlineSnapshot(`
      "COPY "shop"."orders__strata_tmp" ("id", "name")
      FROM 's3://seeds/shop/orders.csv'
      IAM_ROLE 'arn:aws:iam::123456789012:role/strata-seeds'
      FORMAT AS CSV DELIMITER ',' IGNOREHEADER 1
      EMPTYASNULL
      REGION 'eu-west-1'"
    `);
  });
});
