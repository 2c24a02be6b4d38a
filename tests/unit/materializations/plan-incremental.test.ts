import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { planIncrementalApply, resolveStrategy } from '../../../src/materializations/plan-incremental.js';
import { diffColumns, planSchemaChange } from '../../../src/materializations/schema-change.js';
import { duckdb, golden, orders } from './fixtures.js';

const col = (name: string, dataType = 'INTEGER') => ({ name, dataType });

describe('resolveStrategy', () => {
  it('defaults to append without a key, merge with one', () => {
    expect(resolveStrategy(duckdb, {}, 'm')).toBe('append');
    expect(resolveStrategy(duckdb, { uniqueKey: ['id'] }, 'm')).toBe('merge');
  });

  it('refuses unsupported strategies and keyed strategies without a key', () => {
    expect(() => resolveStrategy(createDialect('redshift'), { incrementalStrategy: 'insert_overwrite' }, 'm')).toThrow(
      /'insert_overwrite' is not supported on redshift/,
    );
    expect(() => resolveStrategy(duckdb, { incrementalStrategy: 'delete+insert' }, 'm')).toThrow(/needs a unique_key/);
  });
});

describe('diffColumns', () => {
  it('compares names case-insensitively and keeps the table spelling', () => {
    expect(diffColumns([col('ID'), col('old')], [col('id'), col('new', 'VARCHAR')])).toEqual({
      added: [col('new', 'VARCHAR')],
      removed: [col('old')],
      common: ['ID'],
    });
  });
});

describe('planSchemaChange', () => {
  const diff = diffColumns([col('id'), col('old')], [col('id'), col('new', 'VARCHAR')]);

  it('ignore writes the common columns only', () => {
    expect(planSchemaChange(duckdb, orders, diff, 'ignore')).toEqual({ steps: [], columns: ['id'] });
  });

  it('fail lists added and removed columns', () => {
    expect(() => planSchemaChange(duckdb, orders, diff, 'fail')).toThrow(
      'The columns of incremental model orders changed (added: new VARCHAR; removed: old INTEGER) ' +
        "and on_schema_change is 'fail'.",
    );
  });

  it('fail lets an unchanged schema through', () => {
    expect(planSchemaChange(duckdb, orders, diffColumns([col('id')], [col('ID')]), 'fail').columns).toEqual(['id']);
  });

  it('append_new_columns and sync_all_columns alter the table', () => {
    expect(golden(planSchemaChange(duckdb, orders, diff, 'append_new_columns').steps)).toBe(
      '-- add new column new\nALTER TABLE "shop"."orders" ADD COLUMN "new" VARCHAR;',
    );
    const sync = planSchemaChange(duckdb, orders, diff, 'sync_all_columns');
    expect(sync.columns).toEqual(['id', 'new']);
    expect(sync.steps.map((s) => s.sql)).toEqual([
      'ALTER TABLE "shop"."orders" ADD COLUMN "new" VARCHAR',
      'ALTER TABLE "shop"."orders" DROP COLUMN "old"',
    ]);
  });
});

describe('planIncrementalApply', () => {
  it('appends in one statement (atomic without a transaction) and drops the staging table', () => {
    const steps = planIncrementalApply(duckdb, {
      relation: orders,
      existingColumns: [col('id')],
      newColumns: [col('id')],
      config: {},
    });
    expect(golden(steps)).toMatchInlineSnapshot(`
      "-- insert the new rows [rows]
      INSERT INTO "shop"."orders" ("id")
      SELECT "id" FROM "shop"."orders__strata_tmp";
      -- drop the staging table
      DROP TABLE IF EXISTS "shop"."orders__strata_tmp";"
    `);
  });

  it('refuses a unique key that is not among the columns', () => {
    expect(() =>
      planIncrementalApply(duckdb, {
        relation: orders,
        existingColumns: [col('id')],
        newColumns: [col('id')],
        config: { uniqueKey: ['order_id'] },
      }),
    ).toThrow(/unique_key column 'order_id' is not among its columns/);
  });

  it('runs without a transaction on Athena', () => {
    const steps = planIncrementalApply(createDialect('athena'), {
      relation: orders,
      existingColumns: [col('id')],
      newColumns: [col('id')],
      config: {},
    });
    expect(steps.some((s) => s.transaction)).toBe(false);
  });
});
