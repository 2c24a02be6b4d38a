import { describe, expect, it } from 'vitest';
import { planIncrementalApply, planIncrementalBuild } from '../../../src/materializations/plan-incremental.js';
import { planTable } from '../../../src/materializations/plan-table.js';
import { planView } from '../../../src/materializations/plan-view.js';
import { orders, sideBySide } from './fixtures.js';

const select = 'select * from shop.stg_orders';
const columns = (...names: string[]) => names.map((name) => ({ name, dataType: 'INTEGER' }));

describe('the same plan on the four warehouses', () => {
  it('replaces a table by a view', () => {
    expect(sideBySide((d) => planView(d, { relation: orders, selectSql: select, existing: 'table' })))
      .toMatchInlineSnapshot(`
      {
        "athena": "-- drop the existing table
      DROP TABLE IF EXISTS \`shop\`.\`orders\`;
      -- create the view
      CREATE OR REPLACE VIEW "shop"."orders" AS
      select * from shop.stg_orders;",
        "duckdb": "-- begin transaction
      BEGIN;
      -- drop the existing table
      DROP TABLE IF EXISTS "shop"."orders";
      -- create the view
      CREATE OR REPLACE VIEW "shop"."orders" AS (
      select * from shop.stg_orders
      );
      -- commit transaction
      COMMIT;",
        "redshift": "-- begin transaction
      BEGIN;
      -- drop the existing table
      DROP TABLE IF EXISTS "shop"."orders" CASCADE;
      -- create the view
      CREATE VIEW "shop"."orders" AS (
      select * from shop.stg_orders
      );
      -- commit transaction
      COMMIT;",
        "snowflake": "-- drop the existing table
      DROP TABLE IF EXISTS "SHOP"."ORDERS";
      -- create the view
      CREATE OR REPLACE VIEW "SHOP"."ORDERS" AS (
      select * from shop.stg_orders
      );",
      }
    `);
  });

  it('swaps a rebuilt table in (transactional DDL or rename-aside)', () => {
    expect(
      sideBySide((d) =>
        planTable(d, { relation: orders, selectSql: select, existing: 'table', existingStaging: 'table' }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "athena": "-- drop a leftover staging relation
      DROP TABLE IF EXISTS \`shop\`.\`orders__strata_tmp\`;
      -- build beside the old relation [rows]
      CREATE TABLE "shop"."orders__strata_tmp"
      WITH (format = 'PARQUET') AS
      select * from shop.stg_orders;
      -- move the old table aside
      ALTER TABLE "shop"."orders" RENAME TO "shop"."orders__strata_backup";
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "shop"."orders";
      -- drop the old table
      DROP TABLE IF EXISTS \`shop\`.\`orders__strata_backup\`;",
        "duckdb": "-- drop a leftover staging relation
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp";
      -- build beside the old relation [rows]
      CREATE TABLE "shop"."orders__strata_tmp" AS (
      select * from shop.stg_orders
      );
      -- begin transaction
      BEGIN;
      -- drop the old table
      DROP TABLE IF EXISTS "shop"."orders";
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";
      -- commit transaction
      COMMIT;",
        "redshift": "-- drop a leftover staging relation
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp" CASCADE;
      -- build beside the old relation [rows]
      CREATE TABLE "shop"."orders__strata_tmp" AS (
      select * from shop.stg_orders
      );
      -- begin transaction
      BEGIN;
      -- drop the old table
      DROP TABLE IF EXISTS "shop"."orders" CASCADE;
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";
      -- commit transaction
      COMMIT;",
        "snowflake": "-- drop a leftover staging relation
      DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";
      -- build and swap in one statement [rows]
      CREATE OR REPLACE TRANSIENT TABLE "SHOP"."ORDERS" AS (
      select * from shop.stg_orders
      );",
      }
    `);
  });

  it('merges new rows on a two-column key after adding a column', () => {
    expect(
      sideBySide((d) => [
        ...planIncrementalBuild(d, { relation: orders, selectSql: select }),
        ...planIncrementalApply(d, {
          relation: orders,
          existingColumns: columns('day', 'country', 'n'),
          newColumns: columns('day', 'country', 'n', 'extra'),
          config: { incrementalStrategy: 'merge', uniqueKey: ['day', 'country'], onSchemaChange: 'append_new_columns' },
        }),
      ]),
    ).toMatchInlineSnapshot(`
      {
        "athena": "-- build the new rows
      CREATE TABLE "shop"."orders__strata_tmp"
      WITH (format = 'PARQUET') AS
      select * from shop.stg_orders;
      -- add new column extra
      ALTER TABLE \`shop\`.\`orders\` ADD COLUMNS (\`extra\` int);
      -- merge the new rows [rows]
      MERGE INTO "shop"."orders" AS strata_target
      USING "shop"."orders__strata_tmp" AS strata_source
      ON (strata_target."day" = strata_source."day" AND strata_target."country" = strata_source."country")
      WHEN MATCHED THEN UPDATE SET "n" = strata_source."n", "extra" = strata_source."extra"
      WHEN NOT MATCHED THEN INSERT ("day", "country", "n", "extra") VALUES (strata_source."day", strata_source."country", strata_source."n", strata_source."extra");
      -- drop the staging table
      DROP TABLE IF EXISTS \`shop\`.\`orders__strata_tmp\`;",
        "duckdb": "-- build the new rows
      CREATE TABLE "shop"."orders__strata_tmp" AS (
      select * from shop.stg_orders
      );
      -- begin transaction
      BEGIN;
      -- add new column extra
      ALTER TABLE "shop"."orders" ADD COLUMN "extra" INTEGER;
      -- merge the new rows [rows]
      MERGE INTO "shop"."orders" AS strata_target
      USING "shop"."orders__strata_tmp" AS strata_source
      ON (strata_target."day" = strata_source."day" AND strata_target."country" = strata_source."country")
      WHEN MATCHED THEN UPDATE SET "n" = strata_source."n", "extra" = strata_source."extra"
      WHEN NOT MATCHED THEN INSERT ("day", "country", "n", "extra") VALUES (strata_source."day", strata_source."country", strata_source."n", strata_source."extra");
      -- commit transaction
      COMMIT;
      -- drop the staging table
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp";",
        "redshift": "-- build the new rows
      CREATE TABLE "shop"."orders__strata_tmp" AS (
      select * from shop.stg_orders
      );
      -- begin transaction
      BEGIN;
      -- add new column extra
      ALTER TABLE "shop"."orders" ADD COLUMN "extra" INTEGER;
      -- merge the new rows [rows]
      MERGE INTO "shop"."orders"
      USING "shop"."orders__strata_tmp" AS strata_source
      ON ("shop"."orders"."day" = strata_source."day" AND "shop"."orders"."country" = strata_source."country")
      WHEN MATCHED THEN UPDATE SET "n" = strata_source."n", "extra" = strata_source."extra"
      WHEN NOT MATCHED THEN INSERT ("day", "country", "n", "extra") VALUES (strata_source."day", strata_source."country", strata_source."n", strata_source."extra");
      -- commit transaction
      COMMIT;
      -- drop the staging table
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp" CASCADE;",
        "snowflake": "-- build the new rows
      CREATE TRANSIENT TABLE "SHOP"."ORDERS__STRATA_TMP" AS (
      select * from shop.stg_orders
      );
      -- add new column extra
      ALTER TABLE "SHOP"."ORDERS" ADD COLUMN "EXTRA" INTEGER;
      -- merge the new rows [rows]
      MERGE INTO "SHOP"."ORDERS" AS strata_target
      USING "SHOP"."ORDERS__STRATA_TMP" AS strata_source
      ON (strata_target."DAY" = strata_source."DAY" AND strata_target."COUNTRY" = strata_source."COUNTRY")
      WHEN MATCHED THEN UPDATE SET "N" = strata_source."N", "EXTRA" = strata_source."EXTRA"
      WHEN NOT MATCHED THEN INSERT ("DAY", "COUNTRY", "N", "EXTRA") VALUES (strata_source."DAY", strata_source."COUNTRY", strata_source."N", strata_source."EXTRA");
      -- drop the staging table
      DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";",
      }
    `);
  });

  it('delete+inserts on one key, or says the warehouse cannot', () => {
    expect(
      sideBySide((d) =>
        planIncrementalApply(d, {
          relation: orders,
          existingColumns: columns('id', 'n'),
          newColumns: columns('id', 'n'),
          config: { incrementalStrategy: 'delete+insert', uniqueKey: ['id'] },
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "athena": "-- delete the rows being replaced
      DELETE FROM "shop"."orders"
      WHERE "id" IN (SELECT "id" FROM "shop"."orders__strata_tmp");
      -- insert the new rows [rows]
      INSERT INTO "shop"."orders" ("id", "n")
      SELECT "id", "n" FROM "shop"."orders__strata_tmp";
      -- drop the staging table
      DROP TABLE IF EXISTS \`shop\`.\`orders__strata_tmp\`;",
        "duckdb": "-- begin transaction
      BEGIN;
      -- delete the rows being replaced
      DELETE FROM "shop"."orders"
      WHERE "id" IN (SELECT "id" FROM "shop"."orders__strata_tmp");
      -- insert the new rows [rows]
      INSERT INTO "shop"."orders" ("id", "n")
      SELECT "id", "n" FROM "shop"."orders__strata_tmp";
      -- commit transaction
      COMMIT;
      -- drop the staging table
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp";",
        "redshift": "-- begin transaction
      BEGIN;
      -- delete the rows being replaced
      DELETE FROM "shop"."orders"
      USING "shop"."orders__strata_tmp" AS strata_source
      WHERE "shop"."orders"."id" = strata_source."id";
      -- insert the new rows [rows]
      INSERT INTO "shop"."orders" ("id", "n")
      SELECT "id", "n" FROM "shop"."orders__strata_tmp";
      -- commit transaction
      COMMIT;
      -- drop the staging table
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp" CASCADE;",
        "snowflake": "-- begin transaction
      BEGIN;
      -- delete the rows being replaced
      DELETE FROM "SHOP"."ORDERS"
      WHERE "ID" IN (SELECT "ID" FROM "SHOP"."ORDERS__STRATA_TMP");
      -- insert the new rows [rows]
      INSERT INTO "SHOP"."ORDERS" ("ID", "N")
      SELECT "ID", "N" FROM "SHOP"."ORDERS__STRATA_TMP";
      -- commit transaction
      COMMIT;
      -- drop the staging table
      DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";",
      }
    `);
  });
});
