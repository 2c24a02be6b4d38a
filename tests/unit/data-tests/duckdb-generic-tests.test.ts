/**
 * The generic tests' SQL run for real in an in-memory DuckDB: each query must return
 * exactly the failing rows, and the result query must count them.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericTestSql } from '../../../src/data-tests/generic-tests.js';
import { planStoreFailures } from '../../../src/data-tests/store-failures.js';
import { evaluateTestResult, readTestResultRow, testResultQuery } from '../../../src/data-tests/test-result-query.js';
import { applyWhere } from '../../../src/data-tests/where.js';
import { fakeDialect } from './fake-dialect.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

async function rows(sql: string): Promise<Array<Record<string, unknown>>> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
}

const orders = '"main"."orders"';
const resolve = (text: string): string => {
  if (text === "ref('dim_users')") return '"main"."dim_users"';
  if (text === "source('bronze', 'users')") return '"main"."dim_users"';
  throw new Error(`unexpected relation ${text}`);
};
const failing = (
  name: string,
  kwargs: Record<string, unknown>,
  target = orders,
): Promise<Array<Record<string, unknown>>> => rows(genericTestSql({ name, kwargs }, target, fakeDialect, resolve));

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`
    create table orders as select * from (values
      (1, 10, 'placed'),
      (2, 10, 'shipped'),
      (2, 11, 'bogus'),
      (null, 99, null),
      (4, null, 'placed'),
      (5, 98, 'returned')
    ) t(order_id, user_id, status);
    create table dim_users as select * from (values (10), (11), (null)) t(id);
  `);
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

describe('generic tests on DuckDB', () => {
  it('not_null returns the rows with a null column', async () => {
    expect(await failing('not_null', { column_name: 'order_id' })).toEqual([{ order_id: null }]);
  });

  it('unique returns duplicated values with their count', async () => {
    expect(await failing('unique', { column_name: 'order_id' })).toEqual([{ unique_field: 2, n_records: 2n }]);
  });

  it('relationships returns child values missing from the parent, ignoring null children', async () => {
    const result = await failing('relationships', { column_name: 'user_id', to: "ref('dim_users')", field: 'id' });
    expect(result.map((r) => r['from_field']).sort()).toEqual([98, 99]);
  });

  it('accepted_values returns unexpected values; nulls are not failures', async () => {
    const result = await failing('accepted_values', {
      column_name: 'status',
      values: ['placed', 'shipped', 'returned'],
    });
    expect(result).toEqual([{ value_field: 'bogus', n_records: 1n }]);
  });

  it('accepted_values with quote: false compares raw values', async () => {
    const result = await failing('accepted_values', { column_name: 'order_id', values: [1, 2, 4], quote: false });
    expect(result).toEqual([{ value_field: 5, n_records: 1n }]);
  });

  it('a where config narrows the tested rows', async () => {
    const target = applyWhere(orders, 'order_id <> 2');
    expect(await failing('unique', { column_name: 'order_id' }, target)).toEqual([]);
  });

  it('the result query counts failures and evaluates warn_if / error_if', async () => {
    const sql = genericTestSql(
      { name: 'relationships', kwargs: { column_name: 'user_id', to: "source('bronze', 'users')", field: 'id' } },
      orders,
      fakeDialect,
      resolve,
    );
    const [row] = await rows(testResultQuery(sql, { warnIf: '> 1', errorIf: '> 5' }));
    const result = readTestResultRow(row ?? {});
    expect(result).toEqual({ failures: 2, shouldWarn: true, shouldError: false });
    expect(evaluateTestResult(result, 'error')).toEqual({ status: 'warn', failures: 2 });

    const [limited] = await rows(testResultQuery(sql, { limit: 1 }));
    expect(readTestResultRow(limited ?? {}).failures).toBe(1);
    // dbt's fail_calc: any aggregate of the failing rows; over no rows, no failures
    const [calculated] = await rows(testResultQuery(sql, { failCalc: 'count(distinct from_field) * 10' }));
    expect(readTestResultRow(calculated ?? {}).failures).toBe(20);
    const [none] = await rows(testResultQuery(`${sql} and false`, { failCalc: 'sum(from_field)' }));
    expect(readTestResultRow(none ?? {})).toEqual({ failures: 0, shouldWarn: false, shouldError: false });
  });

  it('store_failures keeps the failing rows in the audit schema', async () => {
    const failingRowsSql = genericTestSql(
      { name: 'not_null', kwargs: { column_name: 'order_id' } },
      orders,
      fakeDialect,
      resolve,
      {
        storeFailures: true,
      },
    );
    const plan = planStoreFailures(fakeDialect, {
      targetSchema: 'main',
      testName: 'not_null_orders_order_id',
      failingRowsSql,
    });
    for (let run = 0; run < 2; run += 1) for (const step of plan.steps) await connection.run(step);
    expect(await rows(plan.failingRowsSql)).toEqual([{ order_id: null, user_id: 99, status: null }]);
    const [row] = await rows(testResultQuery(plan.failingRowsSql));
    expect(evaluateTestResult(readTestResultRow(row ?? {})).status).toBe('fail');
  });
});
