import { describe, expect, it } from 'vitest';
import { auditRelation, planStoreFailures } from '../../../src/data-tests/store-failures.js';
import { fakeDialect } from './fake-dialect.js';

describe('planStoreFailures', () => {
  it('recreates <schema>_dbt_test__audit.<test name> from the failing rows', () => {
    const plan = planStoreFailures(fakeDialect, {
      targetSchema: 'analytics',
      testName: 'not_null_orders_id',
      failingRowsSql: 'select * from "analytics"."orders" where id is null',
    });
    expect(plan.relation).toEqual({ schema: 'analytics_dbt_test__audit', identifier: 'not_null_orders_id' });
    expect(plan.steps).toEqual([
      'create schema if not exists "analytics_dbt_test__audit"',
      'drop table if exists "analytics_dbt_test__audit"."not_null_orders_id"',
      'create table "analytics_dbt_test__audit"."not_null_orders_id" as\n' +
        'select * from "analytics"."orders" where id is null',
    ]);
    expect(plan.failingRowsSql).toBe('select * from "analytics_dbt_test__audit"."not_null_orders_id"');
  });

  it('honours a database and a custom schema', () => {
    expect(auditRelation({ targetSchema: 'dev', database: 'wh', testName: 't', customSchema: 'qa' })).toEqual({
      database: 'wh',
      schema: 'dev_qa',
      identifier: 't',
    });
  });
});
