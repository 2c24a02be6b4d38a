import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/config/node-config.js';
import { expectStrataError } from '../../support/temp-project.js';

const where = { file: 'models/staging/stg_orders.sql', line: 3 };

describe('normalizeConfig', () => {
  it('applies defaults', () => {
    expect(normalizeConfig([], { materialized: 'view' }, where)).toEqual({
      enabled: true,
      materialized: 'view',
      tags: [],
      extra: {},
    });
  });

  it('maps every known key and keeps unknown ones in extra', () => {
    const config = normalizeConfig(
      [
        { '+materialized': 'table', tags: 'nightly', schema: 'staging' },
        {
          materialized: 'incremental',
          tags: ['core', 'nightly'],
          database: 'lake',
          alias: 'orders',
          enabled: 'TRUE',
          incremental_strategy: 'delete+insert',
          unique_key: 'order_id',
          'on-schema-change': 'append_new_columns',
          full_refresh: false,
          location: 'lake/orders',
          partition_by: ['dt', 'hour'],
          format: 'Parquet',
          column_types: { id: 'bigint' },
          delimiter: ';',
          severity: 'WARN',
          warn_if: '>10',
          error_if: '>100',
          where: 'dt > 1',
          store_failures: true,
          dist: 'even',
          'post-hook': ['select 1'],
          grants: { select: ['reporter'] },
        },
      ],
      { materialized: 'view' },
      where,
    );
    expect(config).toEqual({
      enabled: true,
      materialized: 'incremental',
      schema: 'staging',
      database: 'lake',
      alias: 'orders',
      tags: ['nightly', 'core'],
      incrementalStrategy: 'delete+insert',
      uniqueKey: ['order_id'],
      onSchemaChange: 'append_new_columns',
      fullRefresh: false,
      location: 'lake/orders',
      partitionBy: ['dt', 'hour'],
      format: 'parquet',
      columnTypes: { id: 'bigint' },
      delimiter: ';',
      severity: 'warn',
      warnIf: '>10',
      errorIf: '>100',
      where: 'dt > 1',
      storeFailures: true,
      postHook: [{ sql: 'select 1', transaction: true }],
      grants: { select: ['reporter'] },
      extra: { dist: 'even' },
    });
  });

  it('lets null reset an earlier layer', () => {
    const config = normalizeConfig([{ schema: 'a', alias: 'b' }, { schema: null }], { materialized: 'view' }, where);
    expect(config.schema).toBeUndefined();
    expect(config.alias).toBe('b');
  });

  it('lists valid values for an unknown materialization, with a suggestion', () => {
    expectStrataError(() => normalizeConfig([{ materialized: 'tabel' }], { materialized: 'view' }, where), {
      file: 'models/staging/stg_orders.sql',
      line: 3,
      message: 'Invalid materialized: "tabel"',
      hint: /Use one of: view, table, incremental, ephemeral\. Did you mean "table"\?/,
    });
  });

  it('validates the other enumerations', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ incremental_strategy: 'upsert' }, /append, merge, delete\+insert, insert_overwrite/],
      [{ on_schema_change: 'sync' }, /ignore, fail, append_new_columns, sync_all_columns/],
      [{ severity: 'fatal' }, /error, warn/],
      [{ format: 'csv' }, /parquet, json/],
    ];
    for (const [layer, hint] of cases) {
      expectStrataError(() => normalizeConfig([layer], { materialized: 'view' }, where), {
        line: 3,
        message: /^Invalid /,
        hint,
      });
    }
  });

  it('rejects values of the wrong type', () => {
    expectStrataError(() => normalizeConfig([{ enabled: 'yes' }], { materialized: 'view' }, where), {
      message: 'Invalid enabled: expected true or false, got a string',
    });
    expectStrataError(() => normalizeConfig([{ schema: ['a'] }], { materialized: 'view' }, where), {
      message: 'Invalid schema: expected a string, got a list',
    });
    expectStrataError(() => normalizeConfig([{ unique_key: [{ a: 1 }] }], { materialized: 'view' }, where), {
      message: /Invalid unique_key: expected a string, got a map/,
    });
    expectStrataError(() => normalizeConfig([{ column_types: ['a'] }], { materialized: 'seed' }, where), {
      message: /Invalid column_types/,
    });
  });
});
