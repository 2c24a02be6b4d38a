import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * A project written for dbt (tests/fixtures/dbt-project: only dbt_project.yml, dbt's folder
 * names, many of its top-level keys) builds unchanged, with its profile in ~/.dbt: each dbt
 * key without an effect is named once at its line, and the rows are dbt's.
 */
describe('a dbt project with only dbt_project.yml', () => {
  let dir: string;
  let result: CliResult;

  beforeAll(async () => {
    dir = copyFixture('dbt-project');
    const home = tempDir('strata-dbt-home-');
    mkdirSync(join(home, '.dbt'));
    writeFileSync(
      join(home, '.dbt/profiles.yml'),
      'jaffle:\n  target: dev\n  outputs:\n    dev:\n' +
        `      type: duckdb\n      path: ${join(dir, 'target/jaffle.duckdb')}\n`,
    );
    // no explicit profiles folder, so ~/.dbt (HOME) is where the profile is found
    result = await strata(['build'], { cwd: dir, env: { HOME: home, STRATA_PROFILES_DIR: '', DBT_PROFILES_DIR: '' } });
  });

  it('builds, warning once per dbt key without an effect, at its line in dbt_project.yml', () => {
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.includes('[WARNING]'));
    const places = warnings.map((line) => /\[WARNING\]: (\S+:\d+): "([^"]+)"/.exec(line)?.slice(1, 3).join(' '));
    // the `exposures:` block (+enabled, +tags, +meta) is acted on, so it is not among them
    expect(places).toEqual(['dbt_project.yml:22 query-comment', 'dbt_project.yml:29 flags']);
    for (const line of warnings) expect(line).toMatch(/in dbt_project\.yml is a dbt setting .* it has no effect\.$/);
  });

  it("runs the models, seeds and tests, the singular test from dbt's tests/ folder included", () => {
    expect(result.stdout).toMatch(/PASS assert_lifetime_value_not_negative/);
    // 11 nodes and the project's on-run-start and on-run-end hooks
    expect(result.stdout).toMatch(/OK hook: jaffle\.on-run-end\.0/);
    expect(result.stdout).toMatch(/Done\. PASS=13 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=13/);
  });

  it('builds the rows dbt builds, with folder config from dbt_project.yml and Jinja in its YAML', async () => {
    const db = join(dir, 'target/jaffle.duckdb');
    expect(
      await queryDuckDb(
        db,
        'select customer_id::int as id, first_name, number_of_orders::int as orders, lifetime_value::double as ltv ' +
          'from main.customer_orders order by 1',
      ),
    ).toEqual([
      { id: 1, first_name: 'Michael', orders: 2, ltv: 22.5 },
      { id: 2, first_name: 'Shawn', orders: 0, ltv: 0 },
      { id: 3, first_name: 'Kathleen', orders: 1, ltv: 25.5 },
    ]);
    expect(
      await queryDuckDb(
        db,
        "select table_name, table_type from information_schema.tables where table_schema = 'main' order by 1",
      ),
    ).toEqual([
      { table_name: 'customer_orders', table_type: 'BASE TABLE' },
      { table_name: 'raw_customers', table_type: 'BASE TABLE' },
      { table_name: 'raw_orders', table_type: 'BASE TABLE' },
      // materialized by Jinja in schema.yml (env_var's default); stg_orders by Jinja in dbt_project.yml
      { table_name: 'stg_customers', table_type: 'BASE TABLE' },
      { table_name: 'stg_orders', table_type: 'VIEW' },
    ]);
  });
});
