import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

describe('strata build on the basic fixture (DuckDB)', () => {
  let dir: string;
  let first: CliResult;

  beforeAll(async () => {
    dir = copyFixture('basic');
    first = await strata(['build'], { cwd: dir });
  });

  const db = () => join(dir, 'target/basic.duckdb');

  it('builds seeds, models and tests, prints dbt-like lines and exits 0', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\d+ of 18 START seed file main\.customers \.+ \[RUN\]/);
    expect(first.stdout).toMatch(
      /OK created sql table model main_marts\.customer_revenue \.+ \[SELECT 3 in \d+\.\d\ds\]/,
    );
    expect(first.stdout).toMatch(/WARN 1 accepted_values_orders_incremental_status__paid/);
    expect(first.stdout).toMatch(/Done\. PASS=16 WARN=2 ERROR=0 SKIP=0 NO-OP=0 TOTAL=18/);
  });

  it('materializes each kind: views, tables in a custom schema, the ephemeral model inlined', async () => {
    const relations = await queryDuckDb(
      db(),
      'select table_schema, table_name, table_type from information_schema.tables ' +
        "where table_schema in ('main', 'main_marts') order by 1, 2",
    );
    expect(relations).toEqual([
      { table_schema: 'main', table_name: 'customers', table_type: 'BASE TABLE' },
      { table_schema: 'main', table_name: 'orders', table_type: 'BASE TABLE' },
      { table_schema: 'main', table_name: 'stg_customers', table_type: 'VIEW' },
      { table_schema: 'main', table_name: 'stg_events', table_type: 'VIEW' },
      { table_schema: 'main', table_name: 'stg_orders', table_type: 'VIEW' },
      { table_schema: 'main_marts', table_name: 'customer_revenue', table_type: 'BASE TABLE' },
      { table_schema: 'main_marts', table_name: 'orders_incremental', table_type: 'BASE TABLE' },
    ]);
    const revenue = await queryDuckDb(
      db(),
      'select customer_id, revenue::double as revenue from main_marts.customer_revenue order by 1',
    );
    expect(revenue).toEqual([
      { customer_id: 1n, revenue: 19.5 },
      { customer_id: 2n, revenue: 0 },
      { customer_id: 3n, revenue: 5 },
    ]);
    const compiled = readFileSync(join(dir, 'target/compiled/basic/models/marts/customer_revenue.sql'), 'utf8');
    expect(compiled).toMatch(/^with __strata_cte__paid_orders as \(/);
  });

  it('reads a source from hive-partitioned lake files, partition columns included', async () => {
    const events = await queryDuckDb(
      db(),
      "select event_id, customer_id, strftime(dt, '%Y-%m-%d') as dt, hour::int as hour " +
        'from main.stg_events order by event_id',
    );
    expect(events).toEqual([
      { event_id: 'e1', customer_id: 1, dt: '2026-01-01', hour: 9 },
      { event_id: 'e2', customer_id: 2, dt: '2026-01-01', hour: 9 },
      { event_id: 'e3', customer_id: 1, dt: '2026-01-02', hour: 10 },
    ]);
  });

  it('applies seed column_types and infers the rest', async () => {
    const columns = await queryDuckDb(
      db(),
      'select column_name, data_type from information_schema.columns ' +
        "where table_name = 'orders' and table_schema = 'main' order by ordinal_position",
    );
    expect(columns).toEqual([
      { column_name: 'order_id', data_type: 'BIGINT' },
      { column_name: 'customer_id', data_type: 'BIGINT' },
      { column_name: 'amount', data_type: 'DECIMAL(10,2)' },
      { column_name: 'status', data_type: 'VARCHAR' },
    ]);
  });

  it('writes dbt-shaped manifest.json and run_results.json', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
    expect([...manifest.nodes['model.basic.customer_revenue'].depends_on.nodes].sort()).toEqual([
      'model.basic.paid_orders',
      'model.basic.stg_customers',
    ]);
    expect(manifest.child_map['model.basic.stg_orders']).toEqual(
      expect.arrayContaining(['model.basic.paid_orders', 'model.basic.orders_incremental']),
    );
    const runResults = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    expect(runResults.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/run-results/v6.json');
    expect(runResults.results).toHaveLength(18);
    expect(existsSync(join(dir, 'target/run/basic/models/marts/customer_revenue.sql'))).toBe(true);
  });

  it('re-runs an incremental model idempotently, and rebuilds it with --full-refresh', async () => {
    const again = await strata(['run', '-s', 'orders_incremental'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/MERGE \d+/);
    expect(
      await queryDuckDb(
        db(),
        'select count(*)::int as n, count(distinct order_id)::int as d from main_marts.orders_incremental',
      ),
    ).toEqual([{ n: 4, d: 4 }]);
    const full = await strata(['run', '-s', 'orders_incremental', '--full-refresh'], { cwd: dir });
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/SELECT 4/);
  });

  it('keeps the old table when a rebuild fails, skips its descendants, and exits 1', async () => {
    const model = join(dir, 'models/marts/customer_revenue.sql');
    const original = readFileSync(model, 'utf8');
    writeFileSync(model, original.replace('coalesce(sum(p.amount), 0) as revenue', 'sum(no_such_column) as revenue'));
    try {
      const broken = await strata(['build', '-s', 'customer_revenue+', 'stg_orders'], { cwd: dir });
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/ERROR creating sql table model main_marts\.customer_revenue/);
      expect(broken.stdout).toMatch(/SKIP test not_null_customer_revenue_customer_id/);
      expect(broken.stdout).toMatch(/OK created sql view model main\.stg_orders/);
      expect(broken.stdout).toContain('Failure in model customer_revenue (models/marts/customer_revenue.sql)');
      expect(broken.stdout).toMatch(/Runtime Error in model customer_revenue \(models\/marts\/customer_revenue\.sql\)/);
      expect(broken.stdout).toMatch(/no_such_column/);
      expect(await queryDuckDb(db(), 'select count(*)::int as n from main_marts.customer_revenue')).toEqual([{ n: 3 }]);
    } finally {
      writeFileSync(model, original);
    }
  });

  it('skips what is downstream of a failing error-severity test in build', async () => {
    const yml = join(dir, 'models/marts/_marts.yml');
    const original = readFileSync(yml, 'utf8');
    writeFileSync(yml, original.replace('values: [FR, DE]', 'values: [FR]'));
    const downstream = join(dir, 'models/marts/revenue_by_country.sql');
    writeFileSync(downstream, "select country, sum(revenue) as revenue from {{ ref('customer_revenue') }} group by 1");
    try {
      const result = await strata(['build', '-s', 'customer_revenue+'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL 1 accepted_values_customer_revenue_country__FR/);
      expect(result.stdout).toMatch(/SKIP relation main_marts\.revenue_by_country/);
    } finally {
      writeFileSync(yml, original);
    }
  });

  it('honours warn_if/error_if, where and store_failures on data tests', async () => {
    // 1 failing row: above warn_if (>0), below error_if (>5): a warning, not a failure
    expect(first.stdout).toMatch(/WARN 1 country_is_french_mostly/);
    // the where keeps only French customers, so the test passes
    expect(first.stdout).toMatch(/PASS french_customers_are_french/);
    const stored = await queryDuckDb(
      db(),
      'select value_field, n_records::int as n ' +
        'from main_dbt_test__audit.accepted_values_orders_incremental_status__paid',
    );
    expect(stored).toEqual([{ value_field: 'refunded', n: 1 }]);
  });

  it('stops at the first failure with --fail-fast', async () => {
    const yml = join(dir, 'models/marts/_marts.yml');
    const original = readFileSync(yml, 'utf8');
    writeFileSync(yml, original.replace('values: [FR, DE]', 'values: [XX]'));
    try {
      const result = await strata(['test', '--fail-fast', '--threads', '1'], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL 2 accepted_values_customer_revenue_country__XX/);
      expect(result.stdout).toMatch(/SKIP=\d*[1-9]/);
    } finally {
      writeFileSync(yml, original);
    }
  });

  it('writes JUnit XML for tests', async () => {
    const junit = join(dir, 'junit.xml');
    const result = await strata(['test', '--junit', junit], { cwd: dir });
    expect(result.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite');
    expect(xml).toContain('name="unique_customer_revenue_customer_id"');
  });
});
