import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

// `strata deps` installs the fixture's package money_utils (package_sources/, a local: entry)
// into dbt_packages/; its root project overrides
// generate_schema_name (seeds: the custom schema; models: <package>_<custom schema>) and
// generate_alias_name (a package's tables get the prefix pkg_).
describe('strata build on a dbt project with an installed package (DuckDB)', () => {
  let dir: string;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('dbt-packages');
    const deps = await strata(['deps'], { cwd: dir });
    expect(deps.code, deps.stderr).toBe(0);
    build = await strata(['build'], { cwd: dir });
  });

  const db = () => join(dir, 'target/shop_pkgs.duckdb');

  it("builds the project's and the package's models, seeds and tests", () => {
    expect(build.stderr).toBe('');
    expect(build.code, build.stdout).toBe(0);
    expect(build.stdout).toMatch(/Found 4 models, 2 seeds, 3 data tests, 1 source,/);
    expect(build.stdout).toMatch(/Done\. PASS=9 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=9/);
    // the root's models: money_utils: block configures the package: no "applies to nothing" warning
    expect(build.stdout).not.toContain('[WARNING]');
  });

  it('puts every relation where the naming macros say, with the package config the root overrides', async () => {
    const relations = await queryDuckDb(
      db(),
      "select table_schema, table_name from information_schema.tables where table_schema <> 'information_schema' " +
        'order by table_schema, table_name',
    );
    expect(relations).toEqual([
      { table_schema: 'main', table_name: 'orders' },
      { table_schema: 'main', table_name: 'stg_orders' },
      // the package's own +schema: money is overridden by the root's models: money_utils: +schema: pkg
      { table_schema: 'money_utils_pkg', table_name: 'pkg_money_fx' },
      { table_schema: 'money_utils_pkg', table_name: 'pkg_money_orders' },
      { table_schema: 'raw', table_name: 'pkg_money_payments' },
      { table_schema: 'shop_pkgs_marts', table_name: 'order_totals' },
    ]);
  });

  it("runs the package's macros with its own helpers, its vars as the root scopes them, and its source", async () => {
    expect(
      await queryDuckDb(db(), 'select order_id, amount, currency from money_utils_pkg.pkg_money_orders order by 1'),
    ).toEqual([
      { order_id: 1n, amount: 12.5, currency: 'EUR' },
      { order_id: 2n, amount: 5, currency: 'EUR' },
    ]);
    expect(await queryDuckDb(db(), 'select currency, rate from money_utils_pkg.pkg_money_fx order by 1')).toEqual([
      { currency: 'EUR', rate: 1 },
      { currency: 'USD', rate: 1.08 },
    ]);
  });

  it('calls package macros by namespace, dispatching through the search order of dispatch:', async () => {
    const rows = await queryDuckDb(
      db(),
      'select order_id, amount, paid_amount, currency, greeting, cast(order_month as date)::varchar as order_month ' +
        'from shop_pkgs_marts.order_totals order by 1',
    );
    expect(rows).toEqual([
      // duckdb__cents_to_amount of the package; the root's default__greeting comes first in the search order
      {
        order_id: 1n,
        amount: 12.5,
        paid_amount: 12.5,
        currency: 'EUR',
        greeting: 'hello from shop',
        order_month: '2024-01-01',
      },
      {
        order_id: 2n,
        amount: 7,
        paid_amount: 5,
        currency: 'EUR',
        greeting: 'hello from shop',
        order_month: '2024-01-01',
      },
      {
        order_id: 3n,
        amount: 3.99,
        paid_amount: null,
        currency: null,
        greeting: 'hello from shop',
        order_month: '2024-02-01',
      },
    ]);
  });

  it("records the package's nodes and macros under its name, its compiled SQL under target/compiled/<package>/", () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
      nodes: Record<string, { package_name: string; original_file_path: string; depends_on: { nodes: string[] } }>;
      macros: Record<string, { package_name: string }>;
    };
    expect(manifest.nodes['model.money_utils.money_orders']).toMatchObject({
      package_name: 'money_utils',
      original_file_path: 'models/money_orders.sql',
      depends_on: { nodes: ['seed.money_utils.money_payments'] },
    });
    expect(manifest.nodes['model.shop_pkgs.order_totals']!.depends_on.nodes).toContain(
      'model.money_utils.money_orders',
    );
    expect(manifest.macros['macro.money_utils.cents_to_amount']!.package_name).toBe('money_utils');
    expect(manifest.macros['macro.shop_pkgs.scale']!.package_name).toBe('shop_pkgs');
    expect(existsSync(join(dir, 'target/compiled/money_utils/models/money_orders.sql'))).toBe(true);
  });
});
