import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import { freshnessSql, metadataFreshnessSql } from '../../../src/freshness/freshness-sql.js';
import { source } from '../graph/fixtures.js';

const ORDERS = {
  ...source('bronze', 'orders'),
  loadedAtField: 'ingested_at',
  freshness: { warnAfter: { count: 1, period: 'hour' as const }, filter: "dt >= '2026-01-01'" },
};

describe('the freshness query of each warehouse', () => {
  it("takes the max of loaded_at_field and the warehouse's UTC clock in one query, filtered", () => {
    const sql = (type: string) => freshnessSql(createDialect(type), ORDERS, '"bronze"."orders"');
    const body = (now: string) =>
      [
        'select',
        '  max(ingested_at) as max_loaded_at,',
        `  ${now} as snapshotted_at`,
        'from "bronze"."orders"',
        "where dt >= '2026-01-01'",
      ].join('\n');
    expect(sql('duckdb')).toBe(body('CURRENT_TIMESTAMP'));
    // Athena's is a timestamp in its session zone, UTC
    expect(sql('athena')).toBe(body('CAST(CURRENT_TIMESTAMP AS timestamp(3))'));
    // CURRENT_TIMESTAMP is a leader-node function on Redshift, and Snowflake's is in the session's zone
    expect(sql('redshift')).toBe(body('getdate()'));
    expect(sql('snowflake')).toBe(body("convert_timezone('UTC', current_timestamp())"));
  });

  it('wraps loaded_at_query as dbt does, ignoring the filter', () => {
    const query = 'select max(loaded_at) from raw.audit -- newest audit row';
    expect(freshnessSql(createDialect('duckdb'), ORDERS, '"bronze"."orders"', query)).toBe(
      [
        'with source_query as (',
        'select max(loaded_at) from raw.audit -- newest audit row',
        ')',
        'select',
        '  (select * from source_query) as max_loaded_at,',
        '  CURRENT_TIMESTAMP as snapshotted_at',
      ].join('\n'),
    );
  });

  it('reads a lake source through the expression it is given, and leaves out an absent filter', () => {
    const lake = { ...ORDERS, freshness: { errorAfter: { count: 1, period: 'day' as const } } };
    expect(freshnessSql(createDialect('duckdb'), lake, "read_json('lake/orders/**/*.jsonl.gz')")).toBe(
      [
        'select',
        '  max(ingested_at) as max_loaded_at,',
        '  CURRENT_TIMESTAMP as snapshotted_at',
        "from read_json('lake/orders/**/*.jsonl.gz')",
      ].join('\n'),
    );
  });

  it("asks Snowflake's information schema and Redshift's recorded inserts without a loaded_at_field, as dbt", () => {
    const table = {
      ...source('bronze', 'orders'),
      relation: { database: 'LAKE', schema: 'bronze', identifier: 'orders' },
    };
    expect(metadataFreshnessSql(createDialect('snowflake'), table)).toBe(
      [
        'select',
        '  last_altered as max_loaded_at,',
        "  convert_timezone('UTC', current_timestamp()) as snapshotted_at",
        'from "LAKE".information_schema.tables',
        "where upper(table_schema) = upper('bronze')",
        "  and upper(table_name) = upper('orders')",
      ].join('\n'),
    );
    expect(metadataFreshnessSql(createDialect('redshift'), table)).toBe(
      [
        'select',
        '  max(qd.start_time) as max_loaded_at,',
        '  getdate() as snapshotted_at',
        'from pg_class c',
        'join pg_namespace ns on ns.oid = c.relnamespace',
        'join sys_query_detail qd on qd.table_id = c.oid',
        "where qd.step_name = 'insert'",
        "  and upper(ns.nspname) = upper('bronze')",
        "  and upper(c.relname) = upper('orders')",
      ].join('\n'),
    );
    // DuckDB and Athena record no last change: dbt says they do not support it
    expect(metadataFreshnessSql(createDialect('duckdb'), table)).toBeUndefined();
    expect(metadataFreshnessSql(createDialect('athena'), table)).toBeUndefined();
  });
});
