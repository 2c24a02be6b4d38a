import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { PlanExecutor } from '../../../src/materializations/execute-plan.js';
import { materializeModel } from '../../../src/materializations/materialize-model.js';
import { planLakeTable } from '../../../src/materializations/plan-lake-table.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import type { NodeConfig } from '../../../src/manifest/types.js';
import { duckdb, golden, orders, recordingConnection, renameAside } from './fixtures.js';

const config = (overrides: Partial<NodeConfig>): NodeConfig => ({
  enabled: true,
  materialized: 'table',
  tags: [],
  extra: {},
  ...overrides,
});

describe('PlanExecutor', () => {
  const steps = [
    { sql: 'BEGIN', purpose: 'begin', transaction: 'begin' as const },
    { sql: 'INSERT 1', purpose: 'insert', reportsRows: true },
    { sql: 'INSERT 2', purpose: 'insert again' },
    { sql: 'COMMIT', purpose: 'commit', transaction: 'commit' as const },
  ];

  it('runs steps in order and keeps the reported row count', async () => {
    const connection = recordingConnection({ rows: 7 });
    const executor = new PlanExecutor(connection, duckdb);
    await executor.run(steps);
    expect(executor.executedSql).toEqual(['BEGIN', 'INSERT 1', 'INSERT 2', 'COMMIT']);
    expect(executor.rowsAffected).toBe(7);
  });

  it('rolls back when a step inside a transaction fails, and rethrows its error', async () => {
    const connection = recordingConnection({ failOn: /INSERT 2/ });
    const executor = new PlanExecutor(connection, duckdb);
    await expect(executor.run(steps)).rejects.toThrow('boom: INSERT 2');
    expect(connection.sent).toEqual(['BEGIN', 'INSERT 1', 'INSERT 2', 'ROLLBACK']);
  });

  it('does not roll back outside a transaction', async () => {
    const connection = recordingConnection({ failOn: /X/ });
    await expect(new PlanExecutor(connection, duckdb).run([{ sql: 'X', purpose: 'x' }])).rejects.toThrow();
    expect(connection.sent).toEqual(['X']);
  });
});

describe('materializeModel on a warehouse without transactional DDL', () => {
  it('moves the old table aside, renames the new one in and reports its rows', async () => {
    const connection = recordingConnection({
      rows: 12,
      relations: [{ schema: 'shop', identifier: 'ORDERS', kind: 'table' }],
    });
    const result = await materializeModel({
      connection,
      dialect: renameAside,
      relation: orders,
      compiledSql: 'select 1',
      config: config({}),
      fullRefresh: false,
      projectRoot: '/p',
    });
    expect(result.message).toBe('SELECT 12');
    expect(result.executedSql.map((sql) => sql.split('\n')[0])).toEqual([
      'CREATE TABLE "shop"."orders__strata_tmp" AS (',
      'ALTER TABLE "shop"."orders" RENAME TO "shop"."orders__strata_backup"',
      'ALTER TABLE "shop"."orders__strata_tmp" RENAME TO "shop"."orders"',
      'DROP TABLE IF EXISTS "shop"."orders__strata_backup"',
    ]);
  });

  it('replaces the table in one statement where CREATE OR REPLACE is atomic (Snowflake)', async () => {
    const connection = recordingConnection({ relations: [{ schema: 'SHOP', identifier: 'ORDERS', kind: 'view' }] });
    const result = await materializeModel({
      connection,
      dialect: createDialect('snowflake'),
      relation: orders,
      compiledSql: 'select 1',
      config: config({ extra: { transient: false } }),
      fullRefresh: false,
      projectRoot: '/p',
    });
    expect(result.executedSql.map((sql) => sql.split('\n')[0])).toEqual([
      'DROP VIEW IF EXISTS "SHOP"."ORDERS"',
      'CREATE OR REPLACE TABLE "SHOP"."ORDERS" AS (',
    ]);
  });

  it('refuses lake tables in S3 where the dialect cannot write files', async () => {
    const run = materializeModel({
      connection: recordingConnection({}),
      dialect: createDialect('redshift'),
      relation: orders,
      compiledSql: 'select 1',
      config: config({ location: 's3://bucket/x' }),
      fullRefresh: false,
      projectRoot: '/p',
    });
    await expect(run).rejects.toThrow('Model orders: lake tables (location) is not supported on redshift.');
  });

  it('builds a local lake table as a plain table where the dialect cannot write files', async () => {
    const result = await materializeModel({
      connection: recordingConnection({}),
      dialect: createDialect('redshift'),
      relation: orders,
      compiledSql: 'select 1',
      config: config({ location: 'lake/x', partitionBy: ['dt'] }),
      fullRefresh: false,
      projectRoot: '/p',
    });
    expect(result.kind).toBe('table');
    expect(result.executedSql[0]).toMatch(/^CREATE TABLE "shop"\."orders__strata_tmp" AS/);
  });
});

describe('planLakeTable', () => {
  it('writes beside, then publishes a view over the Parquet files', () => {
    const plan = planLakeTable(new DuckDbDialect(), {
      relation: orders,
      selectSql: 'select * from events',
      directory: '/p/lake/orders',
      partitionBy: ['dt', 'hour'],
      existing: 'table',
    });
    expect(plan.stagingDirectory).toBe('/p/lake/orders.__strata_tmp');
    expect(golden([...plan.write, ...plan.publish])).toMatchInlineSnapshot(`
      "-- write Parquet beside the old files [rows]
      COPY (
      select * from events
      ) TO '/p/lake/orders.__strata_tmp' (FORMAT parquet, PARTITION_BY ("dt", "hour"), OVERWRITE_OR_IGNORE);
      -- begin transaction
      BEGIN;
      -- drop the existing table
      DROP TABLE IF EXISTS "shop"."orders";
      -- create the view
      CREATE OR REPLACE VIEW "shop"."orders" AS (
      SELECT * FROM read_parquet('/p/lake/orders/**/*.parquet', hive_partitioning = true)
      );
      -- commit transaction
      COMMIT;"
    `);
  });
});
