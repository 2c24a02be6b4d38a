/**
 * dbt unit tests end to end on tests/fixtures/unit-tests: the formats (dict, csv, sql, fixture
 * files), overrides (vars, env vars, macros, is_incremental with `this`), a failing test's
 * diff and exit code, introspective models, selection by test_type, the place of unit tests
 * in `build`, their run offline when the target is an unreachable warehouse, and their
 * entries in manifest.json and run_results.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

let dir: string;

beforeAll(() => {
  dir = copyFixture('unit-tests');
});

const run = (...args: string[]) => strata(args, { cwd: dir, env: { ORDER_LABEL: '' } });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- artifacts are read as dbt's JSON
type Json = any;

function readJson(file: string): Json {
  return JSON.parse(readFileSync(join(dir, 'target', file), 'utf8')) as Json;
}

describe('strata test: unit tests', () => {
  it('passes every format, fixture file and override, and exits 0', async () => {
    const result = await run('test', '--select', 'tag:passing');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const name of [
      'order_facts::passes_paid_orders_dict',
      'order_facts::reads_fixture_files',
      'order_facts::applies_overrides',
      'order_events::incremental_reads_only_new_rows',
      'order_events::incremental_full_refresh',
      'stg_orders::staging_from_source',
      'status_list::introspective_model_overridden',
    ]) {
      expect(result.stdout).toContain(`PASS ${name}`);
    }
    expect(result.stdout).toContain('PASS=7');
  });

  it('prints the diff of a failing test, expected rows marked -, actual rows +, and exits 1', async () => {
    const result = await run('test', '--select', 'fails_with_wrong_country', '--junit', 'target/junit.xml');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL 1 order_facts::fails_with_wrong_country');
    expect(result.stdout).toContain('Failure in unit_test fails_with_wrong_country (models/unit_tests.yml)');
    expect(result.stdout).toMatch(/ {2}id \| country_name\n.*- 1 {2}\| France\n.*\+ 1 {2}\| Germany/);
    const [entry] = readJson('run_results.json').results;
    expect(entry).toMatchObject({ unique_id: 'unit_test.unit_shop.order_facts.fails_with_wrong_country' });
    expect(entry).toMatchObject({ status: 'fail', failures: 1 });
    expect(entry.message).toContain('- 1  | France');
    expect(entry.compiled_code).toContain('with __strata_unit__stg_orders as (');
    const junit = readFileSync(join(dir, 'target/junit.xml'), 'utf8');
    expect(junit).toContain('classname="order_facts"');
    expect(junit).toMatch(/<failure [^>]*type="fail">actual differs from expected/);
  });

  it('refuses a model that queries the warehouse while rendering, naming the macro to override', async () => {
    const result = await run('test', '--select', 'introspective_model');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('models/unit_tests.yml:');
    expect(result.stdout).toContain('Model "status_list" runs a query (select distinct status from');
    expect(result.stdout).toContain('Under "overrides: macros:"');
  });

  it('selects unit tests with test_type:unit and leaves them out of test_type:data', async () => {
    const unit = await run('ls', '--select', 'test_type:unit', '--output', 'name');
    expect(unit.stdout.trim().split('\n').sort()).toEqual([
      'applies_overrides',
      'fails_with_wrong_country',
      'incremental_full_refresh',
      'incremental_reads_only_new_rows',
      'introspective_model',
      'introspective_model_overridden',
      'nested_yaml_file',
      'passes_paid_orders_dict',
      'reads_fixture_files',
      'staging_from_source',
    ]);
    const named = await run('ls', '--select', 'nested_yaml_file');
    expect(named.stdout.trim()).toBe('unit_test:unit_shop.nested_yaml_file');
    const data = await run('ls', '--select', 'test_type:data', '--output', 'name');
    expect(data.stdout.trim()).toBe('not_null_stg_orders_id');
  });

  it('runs offline: a warehouse target that cannot be reached is never opened', async () => {
    const result = await strata(['test', '--select', 'tag:passing', '--target', 'pg'], {
      cwd: dir,
      env: { STRATA_REDSHIFT_PORT: '1' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS=7');
  });

  it('runs unit tests on another target of the profile, never opening the run target', async () => {
    const result = await strata(['test', '--select', 'tag:passing', '--target', 'pg', '--unit-target', 'local'], {
      cwd: dir,
      env: { ORDER_LABEL: '', STRATA_REDSHIFT_PORT: '1' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PASS=7');
    // the tests ran in the `local` target's database file
    expect(existsSync(join(dir, 'target/local.duckdb'))).toBe(true);
  });

  it('refuses a --unit-target the profile does not have, naming the targets it has', async () => {
    const result = await run('test', '--select', 'tag:passing', '--unit-target', 'locl');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Target "locl" not found in profile "unit_shop"');
    expect(result.stderr).toContain('Did you mean "local"?');
    expect(result.stderr).toContain('Pass one of them to --unit-target');
  });

  it('writes unit tests to manifest.json as dbt does', async () => {
    await run('parse');
    const manifest = readJson('manifest.json');
    const test = manifest.unit_tests['unit_test.unit_shop.order_facts.reads_fixture_files'];
    expect(test).toMatchObject({
      model: 'order_facts',
      name: 'reads_fixture_files',
      resource_type: 'unit_test',
      package_name: 'unit_shop',
      path: 'unit_tests.yml',
      original_file_path: 'models/unit_tests.yml',
      fqn: ['unit_shop', 'order_facts', 'reads_fixture_files'],
      depends_on: { macros: [], nodes: ['model.unit_shop.order_facts'] },
      config: { tags: ['passing'], meta: {}, enabled: true },
      // as dbt: null for a test without "overrides:"
      overrides: null,
      expect: { format: 'csv', fixture: null, rows: [{ id: '1', country_name: 'Germany' }] },
    });
    expect(test.given[0]).toMatchObject({ input: "ref('stg_orders')", format: 'csv', fixture: 'order_rows' });
    expect(test.given[0].rows[0]).toMatchObject({ id: '1', status: 'paid', country: 'DE' });
    expect(test.given[1]).toMatchObject({ input: "ref('countries')", format: 'sql', fixture: 'country_rows' });
    expect(manifest.unit_tests['unit_test.unit_shop.stg_orders.nested_yaml_file']).toMatchObject({
      fqn: ['unit_shop', 'marts', 'stg_orders', 'nested_yaml_file'],
      path: 'marts/nested_unit_tests.yml',
    });
    expect(manifest.child_map['model.unit_shop.order_facts']).toContain(
      'unit_test.unit_shop.order_facts.reads_fixture_files',
    );
    // a switched-off unit test is not in the manifest; unit tests are not nodes
    expect(Object.keys(manifest.unit_tests)).not.toContain('unit_test.unit_shop.order_facts.switched_off');
    expect(Object.keys(manifest.nodes).some((id) => id.startsWith('unit_test.'))).toBe(false);
  });

  it('leaves unit tests to strata test in compile, as dbt 1.11 does: no SQL file, no compiled_code', async () => {
    // a target folder of its own: `strata test` writes the unit tests' SQL to target/compiled
    const result = await run('compile', '--select', 'test_type:unit', '--target-path', 'compile-only');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to do.');
    expect(existsSync(join(dir, 'compile-only/compiled/unit_shop/models/unit_tests.yml'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, 'compile-only/manifest.json'), 'utf8')) as Json;
    const test = manifest.unit_tests['unit_test.unit_shop.order_facts.reads_fixture_files'];
    expect(test).toBeDefined();
    expect(test).not.toHaveProperty('compiled_code');
  });

  it('compares unit tests with a previous manifest for state:modified', async () => {
    await run('parse', '--target-path', 'state');
    const unchanged = await run('ls', '--select', 'state:modified', '--state', 'state', '--output', 'name');
    expect(unchanged.stdout.trim()).toBe('');
    const yml = join(dir, 'models/unit_tests.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('Only paid orders', 'Paid orders only'));
    const changed = await run('ls', '--select', 'state:modified', '--state', 'state', '--output', 'name');
    expect(changed.stdout.trim()).toBe('passes_paid_orders_dict');
  });
});

describe('strata build: unit tests gate their model', () => {
  beforeAll(async () => {
    // the source table the staging model reads
    const instance = await DuckDBInstance.create(join(dir, 'target/unit_shop.duckdb'));
    const connection = await instance.connect();
    await connection.run(
      'create or replace table main.orders as select 1 as id, 10 as customer_id, 20.0 as amount, ' +
        "'paid' as status, 'DE' as country, timestamp '2024-03-01 10:00:00' as ordered_at",
    );
    connection.closeSync();
    instance.closeSync();
  });

  it("runs a model's unit tests after its parents and before it, and skips it when one fails", async () => {
    const result = await run('build', '--select', 'order_facts', '--exclude', 'tag:introspective');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('START unit_test order_facts::passes_paid_orders_dict')).toBeGreaterThan(-1);
    expect(at('PASS order_facts::passes_paid_orders_dict')).toBeGreaterThan(-1);
    expect(at('FAIL 1 order_facts::fails_with_wrong_country')).toBeGreaterThan(-1);
    expect(at('SKIP relation main.order_facts')).toBeGreaterThan(at('FAIL 1 order_facts::fails_with_wrong_country'));
  });

  it('builds the model once its unit tests pass', async () => {
    const result = await run('build', '--select', 'stg_orders', 'order_events', '--exclude', 'tag:failing');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('PASS stg_orders::staging_from_source')).toBeLessThan(at('START sql view model main.stg_orders'));
    expect(at('PASS order_events::incremental_reads_only_new_rows')).toBeLessThan(
      at('START sql incremental model main.order_events'),
    );
    expect(at('OK created sql incremental model main.order_events')).toBeGreaterThan(-1);
  });
});
