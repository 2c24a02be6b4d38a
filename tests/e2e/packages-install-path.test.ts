import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

interface ManifestEntry {
  package_name: string;
  original_file_path: string;
  path: string;
  patch_path?: string | null;
  compiled_path?: string | null;
}

// The fixture sets packages-install-path: vendor_packages; `strata deps` links its local
// package fx_utils (package_sources/) there, and every command reads the package from there.
// The paths asserted below are those dbt-core 1.11 writes for the same project.
describe('a project installing its packages into packages-install-path (DuckDB)', () => {
  let dir: string;
  let deps: CliResult;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('packages-install-path');
    deps = await strata(['deps'], { cwd: dir });
    build = await strata(['build'], { cwd: dir });
  });

  it('strata deps installs into the configured folder, not into dbt_packages/', () => {
    expect(deps.code, deps.stderr).toBe(0);
    expect(deps.stdout).toContain('Installed as vendor_packages/fx_utils');
    expect(existsSync(join(dir, 'vendor_packages/fx_utils/dbt_project.yml'))).toBe(true);
    expect(existsSync(join(dir, 'dbt_packages'))).toBe(false);
  });

  it("builds the package's seed, model and tests, and the root model calling its macros", async () => {
    expect(build.stderr).toBe('');
    expect(build.code, build.stdout).toBe(0);
    expect(build.stdout).toMatch(/Found 2 models, 2 seeds, 3 data tests/);
    expect(build.stdout).toMatch(/Done\. PASS=7 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=7/);
    const rows = await queryDuckDb(
      join(dir, 'target/shop_vendored.duckdb'),
      'select order_id, amount_eur from main.orders_eur order by 1',
    );
    expect(rows).toEqual([
      { order_id: 1n, amount_eur: 8 },
      { order_id: 2n, amount_eur: 20 },
    ]);
  });

  it("names the package's files from the package's folder in the manifest, as dbt does", () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
      nodes: Record<string, ManifestEntry>;
      macros: Record<string, ManifestEntry>;
    };
    expect(manifest.nodes['model.fx_utils.fx_rates']).toMatchObject({
      package_name: 'fx_utils',
      original_file_path: 'models/staging/fx_rates.sql',
      path: 'staging/fx_rates.sql',
      patch_path: 'fx_utils://models/schema.yml',
      compiled_path: 'target/compiled/fx_utils/models/staging/fx_rates.sql',
    });
    expect(manifest.nodes['seed.fx_utils.fx_rate_quotes']).toMatchObject({
      original_file_path: 'seeds/fx_rate_quotes.csv',
      path: 'fx_rate_quotes.csv',
    });
    expect(manifest.nodes['test.fx_utils.assert_rates_positive']).toMatchObject({
      original_file_path: 'tests/assert_rates_positive.sql',
      path: 'assert_rates_positive.sql',
    });
    expect(manifest.nodes['test.fx_utils.not_null_fx_rates_currency.77301aa263']).toMatchObject({
      original_file_path: 'models/schema.yml',
      path: 'not_null_fx_rates_currency.sql',
      compiled_path: 'target/compiled/fx_utils/models/schema.yml/not_null_fx_rates_currency.sql',
    });
    expect(manifest.macros['macro.fx_utils.to_eur']).toMatchObject({
      package_name: 'fx_utils',
      original_file_path: 'macros/fx.sql',
      path: 'macros/fx.sql',
    });
    expect(manifest.nodes['model.shop_vendored.orders_eur']!.original_file_path).toBe('models/orders_eur.sql');
  });

  it("writes the package's compiled SQL below target/compiled/<package>/, as dbt does", () => {
    for (const file of [
      'fx_utils/models/staging/fx_rates.sql',
      'fx_utils/models/schema.yml/not_null_fx_rates_currency.sql',
      'fx_utils/tests/assert_rates_positive.sql',
      'shop_vendored/models/orders_eur.sql',
    ]) {
      expect(existsSync(join(dir, 'target/compiled', file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, 'target/compiled/shop_vendored/models/orders_eur.sql'), 'utf8')).toContain(
      'round(orders.amount / rates.rate, 2)',
    );
  });

  it('lists the package nodes by their package-relative path', async () => {
    const ls = await strata(['ls', '--output', 'path', '--select', 'package:fx_utils'], { cwd: dir });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split('\n').sort()).toEqual([
      'models/schema.yml',
      'models/schema.yml',
      'models/staging/fx_rates.sql',
      'seeds/fx_rate_quotes.csv',
      'tests/assert_rates_positive.sql',
    ]);
  });
});
