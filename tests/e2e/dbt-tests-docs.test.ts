import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

/** `<status> <test name>` of every test line of a run's output, sorted. */
/** Result lines: a name longer than dbt's 80-column line gets no dots before its status. */
function testResults(stdout: string): string[] {
  return [...stdout.matchAll(/\d+ of \d+ (PASS|WARN 1|FAIL 1) (\S+) (?:\.+ | )\[/g)]
    .map(([, status, name]) => `${status} ${name}`)
    .sort();
}

/**
 * tests/fixtures/dbt-tests-docs: a project's tests and docs as dbt writes them — generic
 * tests in `{% test %}` blocks in macros/ and tests/generic/ (one overriding the built-in
 * not_null), the arguments:/config: forms, data_tests: and tests: keys, source tests, an
 * ephemeral model under test, and docs blocks used in descriptions.
 */
describe('dbt-style generic tests and docs blocks (DuckDB)', () => {
  let dir: string;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('dbt-tests-docs');
    build = await strata(['build'], { cwd: dir });
  });

  it('builds and runs every test under the name dbt gives it', () => {
    expect(build.stderr).toBe('');
    expect(build.code, build.stdout).toBe(0);
    // `limit` is acted on: no warning; tests/generic/ holds definitions, not singular tests
    expect(build.stdout).not.toContain('[WARNING]');
    expect(build.stdout).toContain('Found 3 models, 2 seeds, 16 data tests, 1 source, 3 macros');
    expect(build.stdout).toMatch(/Done\. PASS=18 WARN=2 ERROR=0 SKIP=0 NO-OP=0 TOTAL=20/);
    expect(testResults(build.stdout)).toEqual([
      'PASS accepted_values_orders_status__placed__shipped__returned__cancelled__pending_review',
      'PASS assert_customers_have_names',
      'PASS is_positive_orders_amount',
      'PASS is_positive_orders_id',
      'PASS is_positive_stg_payments_amount',
      'PASS not_null_customers_customer_id',
      'PASS not_null_orders_id',
      'PASS relationships_orders_customer_id__customer_id__ref_customers_',
      'PASS row_count_between_orders__var_max_orders_100___1',
      'PASS source_not_null_raw_payments_payment_id',
      'PASS source_row_count_between_raw_payments_10__1',
      'PASS source_unique_raw_payments_payment_id',
      'PASS unique_customers_customer_id',
      'PASS unique_orders_id',
      'WARN 1 accepted_values_orders_status__placed__shipped',
      // the project's not_null (an empty note is missing too) replaced the built-in one
      'WARN 1 not_null_orders_note',
    ]);
  });

  it("gives every test the unique id dbt-core gives it (dbt 1.11.16's `dbt parse` of this fixture)", () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    const tests = Object.keys(manifest.nodes).filter((id) => id.startsWith('test.'));
    expect(tests.sort()).toEqual([
      'test.shop_checks.accepted_values_orders_status__placed__shipped.7de09bf3cd',
      'test.shop_checks.accepted_values_orders_status__placed__shipped__returned__cancelled__pending_review.21c9258cc6',
      'test.shop_checks.assert_customers_have_names',
      'test.shop_checks.is_positive_orders_amount.be4089b5e0',
      'test.shop_checks.is_positive_orders_id.77659e31b2',
      'test.shop_checks.is_positive_stg_payments_amount.7e7ff5ecca',
      'test.shop_checks.not_null_customers_customer_id.5c9bf9911d',
      'test.shop_checks.not_null_orders_id.84ef11d8fe',
      'test.shop_checks.not_null_orders_note.d74a23673a',
      'test.shop_checks.relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2',
      'test.shop_checks.row_count_between_orders__var_max_orders_100___1.e9518138c5',
      'test.shop_checks.source_not_null_raw_payments_payment_id.a7f5b41ef5',
      'test.shop_checks.source_row_count_between_raw_payments_10__1.31810f9733',
      'test.shop_checks.source_unique_raw_payments_payment_id.ad2e113533',
      'test.shop_checks.unique_customers_customer_id.c5af1ff4b1',
      'test.shop_checks.unique_orders_id.1360ecc70e',
    ]);
  });

  it("stores the failures of a long-named test in a table named by dbt's hashed alias", async () => {
    const tables = await queryDuckDb(
      join(dir, 'target/shop_checks.duckdb'),
      "select table_name from information_schema.tables where table_schema = 'main_dbt_test__audit'",
    );
    expect(tables).toEqual([{ table_name: 'accepted_values_orders_f989a45dade99e402fe4b2c6d9262aa3' }]);
  });

  it('renders a custom test with model (where-narrowed, ephemeral inlined), column_name and rendered arguments', () => {
    const compiled = (name: string) =>
      readFileSync(join(dir, 'target/compiled/shop_checks/models/schema.yml', `${name}.sql`), 'utf8');
    expect(compiled('is_positive_orders_amount')).toContain(
      `from (select * from "main"."orders" where status != 'returned') strata_subquery\nwhere amount <= 0`,
    );
    expect(compiled('is_positive_stg_payments_amount')).toMatch(/\) __strata_cte__stg_payments\nwhere amount <= 0/);
    expect(compiled('not_null_orders_note')).toContain("where note is null or cast(note as varchar) = ''");
    expect(compiled('row_count_between_orders__var_max_orders_100___1')).toContain('where n < 1 or n > 100');
  });

  it('a YAML argument holding Jinja is rendered at run time: --vars makes the custom test fail', async () => {
    const result = await strata(['test', '--vars', '{max_orders: 3}'], { cwd: dir });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('FAIL 1 row_count_between_orders__var_max_orders_100___1');
    expect(result.stdout).toMatch(/Done\. PASS=13 WARN=2 ERROR=1 SKIP=0 NO-OP=0 TOTAL=16/);
  });

  it('writes docs blocks and the descriptions that use them to manifest.json, as dbt does', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.docs['doc.shop_checks.order_status']).toEqual({
      name: 'order_status',
      resource_type: 'doc',
      package_name: 'shop_checks',
      path: 'docs.md',
      original_file_path: 'models/docs.md',
      unique_id: 'doc.shop_checks.order_status',
      block_contents: 'One of `placed`, `shipped` or `returned`.',
    });
    expect(Object.keys(manifest.docs).sort()).toEqual([
      'doc.shop_checks.__overview__',
      'doc.shop_checks.order_status',
      'doc.shop_checks.orders',
      'doc.shop_checks.raw_source',
    ]);
    const orders = manifest.nodes['model.shop_checks.orders'];
    expect(orders.description).toBe('One row per order, **returns** included.');
    expect(orders.columns.status.description).toBe('Status. One of `placed`, `shipped` or `returned`.');
    expect(manifest.nodes['seed.shop_checks.raw_orders'].description).toBe(
      'Exported as is. One row per order, **returns** included.',
    );
    const payments = manifest.sources['source.shop_checks.raw.payments'];
    expect(payments.source_description).toBe('Files dropped by the payment provider.');
    const test = Object.values(manifest.nodes).find(
      (node) => (node as { name: string }).name === 'row_count_between_orders__var_max_orders_100___1',
    ) as Record<string, unknown>;
    expect(test.test_metadata).toEqual({
      name: 'row_count_between',
      namespace: null,
      kwargs: {
        min_rows: 1,
        max_rows: "{{ var('max_orders', 100) }}",
        model: "{{ get_where_subquery(ref('orders')) }}",
      },
    });
    expect(test.tags).toEqual(['volume']);
  });
});
