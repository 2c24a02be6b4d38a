import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../support/cli.js';

const ANALYSIS = 'analysis.bakery.monthly_revenue';
const NO_EFFECT = 'Strata does not act on yet; it has no effect.';

/** The `[WARNING]` lines of a command's output, without their timestamps. */
function warnings(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('[WARNING]: '))
    .map((line) => line.slice(line.indexOf('[WARNING]: ') + '[WARNING]: '.length));
}

function readManifest(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as {
    nodes: Record<string, Record<string, unknown>>;
    child_map: Record<string, string[]>;
  };
}

describe('a dbt project with a Python model, an analysis and schema YAML Strata does not act on', () => {
  it('strata parse writes the manifest without opening the warehouse, saying what has no effect', async () => {
    const dir = copyFixture('dbt-silent-skips');
    const result = await strata(['parse'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(warnings(result.stdout)).toEqual([
      `models/schema.yml:6: "access" of model "stg_sales" is a dbt property ${NO_EFFECT}`,
      'models/schema.yml:11: the constraints of model "stg_sales" have no effect: they shape the table of a model ' +
        'whose contract is enforced. Add contract: {enforced: true} to its config, or remove them.',
      'models/ml/demand_forecast.py: Python models are not supported by Strata; ' +
        '"demand_forecast" is not a model and nothing is built from this file.',
    ]);
    const summary = result.stdout.trimEnd().split('\n').at(-1)!;
    expect(summary).toContain(
      'Found 2 models, 1 seed, 3 data tests, 0 sources, 0 macros, 1 analysis, 1 unit test, 1 exposure; ',
    );
    expect(summary).toMatch(/; parsed in \d+\.\d\ds, manifest written to target\/manifest\.json$/);
    // the profile points at target/bakery.duckdb: parsing never opens (or creates) it
    expect(existsSync(join(dir, 'target/bakery.duckdb'))).toBe(false);

    const manifest = readManifest(dir);
    expect(Object.keys(manifest.nodes).filter((id) => !id.startsWith('test.'))).toEqual([
      ANALYSIS,
      'model.bakery.shop_revenue',
      'model.bakery.stg_sales',
      'seed.bakery.raw_sales',
    ]);
    expect(manifest.nodes[ANALYSIS]).toMatchObject({
      resource_type: 'analysis',
      name: 'monthly_revenue',
      path: 'analysis/finance/monthly_revenue.sql',
      original_file_path: 'analyses/finance/monthly_revenue.sql',
      fqn: ['bakery', 'analysis', 'finance', 'monthly_revenue'],
      description: 'Revenue per month and shop, for the finance review.',
      patch_path: 'bakery://analyses/finance/_analyses.yml',
      depends_on: { macros: [], nodes: ['model.bakery.stg_sales'] },
      compiled_path: null,
    });
    expect(manifest.child_map['model.bakery.stg_sales']).toContain(ANALYSIS);
    expect(manifest.child_map['model.bakery.shop_revenue']).toContain('exposure.bakery.revenue_dashboard');
  });

  it('strata parse needs no reachable warehouse: a Redshift target nobody listens on parses', async () => {
    const dir = copyFixture('dbt-silent-skips');
    const redshift = [
      'bakery:',
      '  target: dev',
      '  outputs:',
      '    dev:',
      '      type: redshift',
      '      host: 127.0.0.1',
      '      port: 1',
      '      user: nobody',
      '      password: not-used',
      '      dbname: bakery',
      '      schema: analytics',
      '      threads: 1',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'profiles.yml'), redshift);
    const result = await strata(['parse'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const manifest = readManifest(dir);
    expect(manifest.nodes['model.bakery.stg_sales']).toMatchObject({
      relation_name: '"bakery"."analytics"."stg_sales"',
    });
    expect(manifest.nodes[ANALYSIS]).toMatchObject({ schema: 'analytics', relation_name: null });
  });

  it('strata compile renders the analysis with its ref resolved, and ls selects it by resource type', async () => {
    const dir = copyFixture('dbt-silent-skips');
    const compiled = await strata(['compile'], { cwd: dir });
    expect(compiled.stderr).toBe('');
    expect(compiled.code).toBe(0);
    const sql = readFileSync(join(dir, 'target/compiled/bakery/analyses/finance/monthly_revenue.sql'), 'utf8');
    expect(sql).toContain('from "main"."stg_sales"\ngroup by 1, 2');
    expect(sql).not.toContain('{{');
    expect(readManifest(dir).nodes[ANALYSIS]).toMatchObject({
      compiled_path: 'target/compiled/bakery/analyses/finance/monthly_revenue.sql',
      compiled_code: sql,
    });

    const listed = await strata(['ls', '-s', 'resource_type:analysis', '--output', 'json'], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      {
        unique_id: ANALYSIS,
        name: 'monthly_revenue',
        resource_type: 'analysis',
        original_file_path: 'analyses/finance/monthly_revenue.sql',
        tags: [],
      },
    ]);
  });

  it('strata build never runs the analysis nor the Python model', async () => {
    const dir = copyFixture('dbt-silent-skips');
    const built = await strata(['build', '-s', '+monthly_revenue', 'demand_forecast'], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('Done. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5');
    expect(built.stdout).not.toMatch(/START .*monthly_revenue/);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      results: Array<{ unique_id: string }>;
    };
    // test ids end with a hash of their arguments, left out here
    expect(results.results.map((result) => result.unique_id.replace(/\.[0-9a-f]{10}$/, '')).sort()).toEqual([
      'model.bakery.stg_sales',
      'seed.bakery.raw_sales',
      'test.bakery.not_null_stg_sales_sale_id',
      'test.bakery.unique_stg_sales_sale_id',
      'unit_test.bakery.stg_sales.revenue_is_quantity_times_price',
    ]);
  });
});
