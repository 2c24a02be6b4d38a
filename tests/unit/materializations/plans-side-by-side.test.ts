import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/adapters/contract.js';
import type { OnSchemaChange } from '../../../src/manifest/types.js';
import { buildLocation, locationsIn, ownedRoots } from '../../../src/materializations/catalog-data.js';
import type { CatalogStep } from '../../../src/materializations/catalog-step.js';
import { keepUnmatched, planCatalogIncoming } from '../../../src/materializations/plan-catalog-incremental.js';
import {
  planCatalogDrop,
  planCatalogSwap,
  planCatalogTable,
} from '../../../src/materializations/plan-catalog-table.js';
import { planIncrementalApply, planIncrementalBuild } from '../../../src/materializations/plan-incremental.js';
import { INCOMING_SUFFIX, withSuffix, type PlanStep } from '../../../src/materializations/plan-step.js';
import { planTable } from '../../../src/materializations/plan-table.js';
import { planView } from '../../../src/materializations/plan-view.js';
import { diffColumns, planSchemaChange } from '../../../src/materializations/schema-change.js';
import { catalogTable, LAKE, orders, sideBySide, tableState } from './fixtures.js';

const select = 'select * from shop.stg_orders';
const columns = (...names: string[]) => names.map((name) => ({ name, dataType: 'INTEGER' }));

// Athena never renames, merges or deletes rows: its tables are files plus a Glue entry,
// built at fresh locations and swapped in the catalog (the catalog plans).
const roots = ownedRoots(LAKE);
const liveOrders = (names = ['id', 'n']) => tableState(catalogTable(`${LAKE}shop/orders/build-1/`, names));

/**
 * Athena's merge and delete+insert, after the new rows were built (build-2): the schema
 * change, a rebuild of the table from the new rows and the old ones whose key they lack
 * (build-3), the swap, and the new rows' table dropped.
 */
function athenaRebuild(
  dialect: Dialect,
  existing: string[],
  arriving: string[],
  key: string[],
  mode: OnSchemaChange = 'ignore',
) {
  const incoming = withSuffix(orders, INCOMING_SUFFIX);
  const live = liveOrders(existing);
  const diff = diffColumns(columns(...existing), columns(...arriving));
  const change = planSchemaChange(dialect, orders, diff, mode);
  const altered = liveOrders(change.columns);
  const rebuild = keepUnmatched(dialect, orders, incoming, altered.table.columns, arriving, key);
  const location = buildLocation(LAKE, orders, 'build-3');
  const built = tableState(catalogTable(location, change.columns));
  const steps: Array<PlanStep | CatalogStep> = [
    ...change.steps,
    ...planCatalogTable(dialect, { relation: orders, selectSql: rebuild, existing: altered, location, roots }),
    ...planCatalogSwap({ relation: orders, old: altered, built, roots }),
  ];
  const arrived = tableState(catalogTable(buildLocation(LAKE, orders, 'build-2'), arriving));
  steps.push(...planCatalogDrop(dialect, incoming, arrived, roots, locationsIn(live), { what: 'the new rows' }));
  return steps;
}

describe('the same plan on the four warehouses', () => {
  it('replaces a table by a view', () => {
    expect(
      sideBySide((d) => planView(d, { relation: orders, selectSql: select, existing: 'table' }), {
        // the table's files go with it
        athena: (d) => [
          ...planCatalogDrop(d, orders, liveOrders(), roots, [], { what: 'the table a view replaces' }),
          ...planView(d, { relation: orders, selectSql: select }),
        ],
      }),
    ).toMatchInlineSnapshot(`
      {
        "athena": "-- drop the table a view replaces
      DROP TABLE IF EXISTS \`shop\`.\`orders\`;
      -- delete the data of the table a view replaces
      delete data under s3://lake/tables/shop/orders/build-1/;
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

  it('swaps a rebuilt table in (transactional DDL, rename-aside, or a catalog repoint)', () => {
    expect(
      sideBySide(
        (d) => planTable(d, { relation: orders, selectSql: select, existing: 'table', existingStaging: 'table' }),
        {
          athena: (d) => {
            const old = liveOrders();
            const existingStaging = tableState(catalogTable(`${LAKE}shop/orders/build-0/`));
            const location = buildLocation(LAKE, orders, 'build-2');
            const input = { relation: orders, selectSql: select, existing: old, existingStaging, location, roots };
            const built = tableState(catalogTable(location));
            return [...planCatalogTable(d, input), ...planCatalogSwap({ relation: orders, old, built, roots })];
          },
        },
      ),
    ).toMatchInlineSnapshot(`
      {
        "athena": "-- drop a leftover staging table
      DROP TABLE IF EXISTS \`shop\`.\`orders__strata_tmp\`;
      -- delete the data of a leftover staging table
      delete data under s3://lake/tables/shop/orders/build-0/;
      -- build beside the old table
      CREATE TABLE "shop"."orders__strata_tmp"
      WITH (format = 'PARQUET', external_location = 's3://lake/tables/shop/orders/build-2/') AS
      select * from shop.stg_orders;
      -- point the table at the new build
      repoint table shop.orders to s3://lake/tables/shop/orders/build-2/;
      -- drop the staging name, which names the live data now
      delete table entry shop.orders__strata_tmp;
      -- delete the data of the old build
      delete data under s3://lake/tables/shop/orders/build-1/;",
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
    const [existing, arriving, key] = [
      ['day', 'country', 'n'],
      ['day', 'country', 'n', 'extra'],
      ['day', 'country'],
    ];
    expect(
      sideBySide(
        (d) => [
          ...planIncrementalBuild(d, { relation: orders, selectSql: select }),
          ...planIncrementalApply(d, {
            relation: orders,
            existingColumns: columns(...existing),
            newColumns: columns(...arriving),
            config: { incrementalStrategy: 'merge', uniqueKey: key, onSchemaChange: 'append_new_columns' },
          }),
        ],
        {
          athena: (d) => [
            ...planCatalogIncoming(d, {
              relation: orders,
              selectSql: select,
              live: liveOrders(existing),
              location: buildLocation(LAKE, orders, 'build-2'),
              roots,
            }),
            ...athenaRebuild(d, existing, arriving, key, 'append_new_columns'),
          ],
        },
      ),
    ).toEqual({
      athena: [
        '-- build the new rows',
        'CREATE TABLE "shop"."orders__strata_incoming"',
        "WITH (format = 'PARQUET', external_location = 's3://lake/tables/shop/orders/build-2/') AS",
        'select * from shop.stg_orders;',
        '-- add new column extra',
        'ALTER TABLE `shop`.`orders` ADD COLUMNS (`extra` int);',
        '-- build beside the old table',
        'CREATE TABLE "shop"."orders__strata_tmp"',
        "WITH (format = 'PARQUET', external_location = 's3://lake/tables/shop/orders/build-3/') AS",
        'SELECT "day", "country", "n", "extra" FROM "shop"."orders__strata_incoming"',
        'UNION ALL',
        'SELECT strata_target."day", strata_target."country", strata_target."n", strata_target."extra" ' +
          'FROM "shop"."orders" AS strata_target',
        'WHERE NOT EXISTS (SELECT 1 FROM "shop"."orders__strata_incoming" AS strata_source ' +
          'WHERE strata_source."day" = strata_target."day" AND strata_source."country" = strata_target."country");',
        '-- point the table at the new build',
        'repoint table shop.orders to s3://lake/tables/shop/orders/build-3/;',
        '-- drop the staging name, which names the live data now',
        'delete table entry shop.orders__strata_tmp;',
        '-- delete the data of the old build',
        'delete data under s3://lake/tables/shop/orders/build-1/;',
        '-- drop the new rows',
        'DROP TABLE IF EXISTS `shop`.`orders__strata_incoming`;',
        '-- delete the data of the new rows',
        'delete data under s3://lake/tables/shop/orders/build-2/;',
      ].join('\n'),
      duckdb: [
        '-- build the new rows',
        'CREATE TABLE "shop"."orders__strata_tmp" AS (',
        'select * from shop.stg_orders',
        ');',
        '-- begin transaction',
        'BEGIN;',
        '-- add new column extra',
        'ALTER TABLE "shop"."orders" ADD COLUMN "extra" INTEGER;',
        '-- merge the new rows [rows]',
        'MERGE INTO "shop"."orders" AS strata_target',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'ON (strata_target."day" = strata_source."day" AND strata_target."country" = strata_source."country")',
        'WHEN MATCHED THEN UPDATE SET "n" = strata_source."n", "extra" = strata_source."extra"',
        'WHEN NOT MATCHED THEN INSERT ("day", "country", "n", "extra") ' +
          'VALUES (strata_source."day", strata_source."country", strata_source."n", strata_source."extra");',
        '-- commit transaction',
        'COMMIT;',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "shop"."orders__strata_tmp";',
      ].join('\n'),
      redshift: [
        '-- build the new rows',
        'CREATE TABLE "shop"."orders__strata_tmp" AS (',
        'select * from shop.stg_orders',
        ');',
        '-- begin transaction',
        'BEGIN;',
        '-- add new column extra',
        'ALTER TABLE "shop"."orders" ADD COLUMN "extra" INTEGER;',
        '-- merge the new rows [rows]',
        'MERGE INTO "shop"."orders"',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'ON ("shop"."orders"."day" = strata_source."day" AND "shop"."orders"."country" = strata_source."country")',
        'WHEN MATCHED THEN UPDATE SET "n" = strata_source."n", "extra" = strata_source."extra"',
        'WHEN NOT MATCHED THEN INSERT ("day", "country", "n", "extra") ' +
          'VALUES (strata_source."day", strata_source."country", strata_source."n", strata_source."extra");',
        '-- commit transaction',
        'COMMIT;',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "shop"."orders__strata_tmp" CASCADE;',
      ].join('\n'),
      snowflake: [
        '-- build the new rows',
        'CREATE TRANSIENT TABLE "SHOP"."ORDERS__STRATA_TMP" AS (',
        'select * from shop.stg_orders',
        ');',
        '-- add new column extra',
        'ALTER TABLE "SHOP"."ORDERS" ADD COLUMN "EXTRA" INTEGER;',
        '-- merge the new rows [rows]',
        'MERGE INTO "SHOP"."ORDERS" AS strata_target',
        'USING "SHOP"."ORDERS__STRATA_TMP" AS strata_source',
        'ON (strata_target."DAY" = strata_source."DAY" AND strata_target."COUNTRY" = strata_source."COUNTRY")',
        'WHEN MATCHED THEN UPDATE SET "N" = strata_source."N", "EXTRA" = strata_source."EXTRA"',
        'WHEN NOT MATCHED THEN INSERT ("DAY", "COUNTRY", "N", "EXTRA") ' +
          'VALUES (strata_source."DAY", strata_source."COUNTRY", strata_source."N", strata_source."EXTRA");',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";',
      ].join('\n'),
    });
  });

  it('delete+inserts on one key, or says the warehouse cannot', () => {
    expect(
      sideBySide(
        (d) =>
          planIncrementalApply(d, {
            relation: orders,
            existingColumns: columns('id', 'n'),
            newColumns: columns('id', 'n'),
            config: { incrementalStrategy: 'delete+insert', uniqueKey: ['id'] },
          }),
        { athena: (d) => athenaRebuild(d, ['id', 'n'], ['id', 'n'], ['id']) },
      ),
    ).toEqual({
      athena: [
        '-- build beside the old table',
        'CREATE TABLE "shop"."orders__strata_tmp"',
        "WITH (format = 'PARQUET', external_location = 's3://lake/tables/shop/orders/build-3/') AS",
        'SELECT "id", "n" FROM "shop"."orders__strata_incoming"',
        'UNION ALL',
        'SELECT strata_target."id", strata_target."n" FROM "shop"."orders" AS strata_target',
        'WHERE NOT EXISTS (SELECT 1 FROM "shop"."orders__strata_incoming" AS strata_source ' +
          'WHERE strata_source."id" = strata_target."id");',
        '-- point the table at the new build',
        'repoint table shop.orders to s3://lake/tables/shop/orders/build-3/;',
        '-- drop the staging name, which names the live data now',
        'delete table entry shop.orders__strata_tmp;',
        '-- delete the data of the old build',
        'delete data under s3://lake/tables/shop/orders/build-1/;',
        '-- drop the new rows',
        'DROP TABLE IF EXISTS `shop`.`orders__strata_incoming`;',
        '-- delete the data of the new rows',
        'delete data under s3://lake/tables/shop/orders/build-2/;',
      ].join('\n'),
      duckdb: [
        '-- begin transaction',
        'BEGIN;',
        '-- delete the rows being replaced',
        'DELETE FROM "shop"."orders"',
        'WHERE "id" IN (SELECT "id" FROM "shop"."orders__strata_tmp");',
        '-- insert the new rows [rows]',
        'INSERT INTO "shop"."orders" ("id", "n")',
        'SELECT "id", "n" FROM "shop"."orders__strata_tmp";',
        '-- commit transaction',
        'COMMIT;',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "shop"."orders__strata_tmp";',
      ].join('\n'),
      redshift: [
        '-- begin transaction',
        'BEGIN;',
        '-- delete the rows being replaced',
        'DELETE FROM "shop"."orders"',
        'USING "shop"."orders__strata_tmp" AS strata_source',
        'WHERE "shop"."orders"."id" = strata_source."id";',
        '-- insert the new rows [rows]',
        'INSERT INTO "shop"."orders" ("id", "n")',
        'SELECT "id", "n" FROM "shop"."orders__strata_tmp";',
        '-- commit transaction',
        'COMMIT;',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "shop"."orders__strata_tmp" CASCADE;',
      ].join('\n'),
      snowflake: [
        '-- begin transaction',
        'BEGIN;',
        '-- delete the rows being replaced',
        'DELETE FROM "SHOP"."ORDERS"',
        'WHERE "ID" IN (SELECT "ID" FROM "SHOP"."ORDERS__STRATA_TMP");',
        '-- insert the new rows [rows]',
        'INSERT INTO "SHOP"."ORDERS" ("ID", "N")',
        'SELECT "ID", "N" FROM "SHOP"."ORDERS__STRATA_TMP";',
        '-- commit transaction',
        'COMMIT;',
        '-- drop the staging table',
        'DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";',
      ].join('\n'),
    });
  });
});
