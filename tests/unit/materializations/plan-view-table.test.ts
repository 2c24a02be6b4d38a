import { describe, expect, it } from 'vitest';
import { planSwap, planTable } from '../../../src/materializations/plan-table.js';
import { planView } from '../../../src/materializations/plan-view.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { duckdb, golden, orders, renameAside } from './fixtures.js';

describe('planView', () => {
  it('creates or replaces a view in one statement when nothing is in the way', () => {
    expect(golden(planView(duckdb, { relation: orders, selectSql: 'select 1;  \n', existing: 'view' }))).toBe(
      '-- create the view\nCREATE OR REPLACE VIEW "shop"."orders" AS (\nselect 1\n);',
    );
  });
});

describe('planTable', () => {
  it('builds and renames in when there is no old relation', () => {
    expect(golden(planTable(duckdb, { relation: orders, selectSql: 'select 1' }))).toMatchInlineSnapshot(`
      "-- build beside the old relation [rows]
      CREATE TABLE "shop"."orders__strata_tmp" AS (
      select 1
      );
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "orders";"
    `);
  });

  it('drops an old view inside the swap transaction', () => {
    const steps = planTable(duckdb, { relation: orders, selectSql: 'select 1', existing: 'view' });
    expect(steps.map((s) => s.sql)).toContain('DROP VIEW IF EXISTS "shop"."orders"');
    expect(steps.filter((s) => s.transaction).map((s) => s.transaction)).toEqual(['begin', 'commit']);
  });

  it('passes table options to the dialect', () => {
    const athena = createDialect('athena');
    const [build] = planTable(athena, { relation: orders, selectSql: 'select 1', options: { partitionBy: ['dt'] } });
    expect(build?.sql).toMatch(/partitioned_by = ARRAY\['dt'\]/);
  });
});

describe('planSwap with an atomic CREATE OR REPLACE TABLE', () => {
  it('drops a view in the way, copies the staged rows over in one statement, drops the staging table', () => {
    const steps = planSwap(createDialect('snowflake'), orders, { existing: 'view' });
    expect(golden(steps)).toMatchInlineSnapshot(`
      "-- drop the view a table replaces
      DROP VIEW IF EXISTS "SHOP"."ORDERS";
      -- swap the staged rows in
      CREATE OR REPLACE TRANSIENT TABLE "SHOP"."ORDERS" AS (
      SELECT * FROM "SHOP"."ORDERS__STRATA_TMP"
      );
      -- drop the staging table
      DROP TABLE IF EXISTS "SHOP"."ORDERS__STRATA_TMP";"
    `);
  });
});

describe('planSwap without transactional DDL', () => {
  it('drops a leftover backup before moving the old view aside', () => {
    const steps = planSwap(renameAside, orders, { existing: 'view', existingBackup: 'table' });
    expect(golden(steps)).toMatchInlineSnapshot(`
      "-- drop a leftover backup
      DROP TABLE IF EXISTS "shop"."orders__strata_backup";
      -- move the old view aside
      ALTER VIEW "shop"."orders" RENAME TO "shop"."orders__strata_backup";
      -- rename the new table in
      ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "shop"."orders";
      -- drop the old view
      DROP VIEW IF EXISTS "shop"."orders__strata_backup";"
    `);
  });
});
