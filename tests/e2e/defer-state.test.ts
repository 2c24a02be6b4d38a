import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

/** The basic fixture with a second target, `prod`, building into schema `prod` of the same file. */
function projectWithProd(): string {
  const dir = copyFixture('basic');
  appendFileSync(
    join(dir, 'profiles.yml'),
    '    prod:\n      type: duckdb\n      path: target/basic.duckdb\n      threads: 1\n      schema: prod\n',
  );
  return dir;
}

async function ok(dir: string, ...args: string[]) {
  const result = await strata(args, { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

const runSql = (dir: string) => readFileSync(join(dir, 'target/run/basic/models/marts/customer_revenue.sql'), 'utf8');

describe('--defer --state', () => {
  it('builds one model in dev whose parents resolve to the relations of the prod manifest', async () => {
    const dir = projectWithProd();
    await ok(dir, 'build', '-t', 'prod', '--target-path', 'prod-artifacts');

    const deferred = await ok(dir, 'run', '-s', 'customer_revenue', '--defer', '--state', 'prod-artifacts');
    expect(deferred.stdout).toContain('PASS=1');
    // stg_customers and stg_orders (through the ephemeral paid_orders) do not exist in dev: read from prod
    expect(runSql(dir)).toContain('from "prod"."stg_customers" c');
    expect(runSql(dir)).toContain('from "prod"."stg_orders"');
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
      args: Record<string, unknown>;
    };
    expect(results.args).toMatchObject({ which: 'run', defer: true, favor_state: false, state: 'prod-artifacts' });
    const db = join(dir, 'target/basic.duckdb');
    const [dev] = await queryDuckDb(db, 'select count(*)::int as n from main_marts.customer_revenue');
    const [prod] = await queryDuckDb(db, 'select count(*)::int as n from prod_marts.customer_revenue');
    expect(dev!.n).toBe(prod!.n);
    expect(dev!.n).toBeGreaterThan(0);

    // without --defer the same selection fails: its parents are not built in dev
    const alone = await strata(['run', '-s', 'customer_revenue'], { cwd: dir });
    expect(alone.code).toBe(1);
  });

  it('reads a parent built in the current target from there, and from the state with --favor-state', async () => {
    const dir = projectWithProd();
    await ok(dir, 'build', '-t', 'prod', '--target-path', 'prod-artifacts');
    // its own parent, the seed customers, is read from prod too
    await ok(dir, 'run', '-s', 'stg_customers', '--defer', '--state', 'prod-artifacts');

    await ok(dir, 'run', '-s', 'customer_revenue', '--defer', '--state', 'prod-artifacts');
    expect(runSql(dir)).toContain('from "main"."stg_customers" c');
    expect(runSql(dir)).toContain('from "prod"."stg_orders"');

    await ok(dir, 'run', '-s', 'customer_revenue', '--defer', '--state', 'prod-artifacts', '--favor-state');
    expect(runSql(dir)).toContain('from "prod"."stg_customers" c');

    // a selected node is never favoured from the state: built in this run, it is read where it was built
    await ok(
      dir,
      'run',
      '-s',
      'stg_customers',
      'customer_revenue',
      '--defer',
      '--state',
      'prod-artifacts',
      '--favor-state',
    );
    expect(runSql(dir)).toContain('from "main"."stg_customers" c');
  });

  it('defers in compile and show, and asks for the state folder when --state is missing', async () => {
    const dir = projectWithProd();
    await ok(dir, 'build', '-t', 'prod', '--target-path', 'prod-artifacts');
    await ok(dir, 'compile', '-s', 'customer_revenue', '--defer', '--state', 'prod-artifacts');
    const compiled = readFileSync(join(dir, 'target/compiled/basic/models/marts/customer_revenue.sql'), 'utf8');
    expect(compiled).toContain('from "prod"."stg_customers" c');

    const shown = await ok(
      dir,
      'show',
      '-s',
      'customer_revenue',
      '--defer',
      '--state',
      'prod-artifacts',
      '--limit',
      '2',
    );
    expect(shown.stdout).toContain('customer_key');

    const missing = await strata(['run', '-s', 'customer_revenue', '--defer'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--defer needs the folder of the manifest to defer to');
  });

  it("reads dbt's environment variables for --defer, --state and --favor-state; a flag wins", async () => {
    const dir = projectWithProd();
    await ok(dir, 'build', '-t', 'prod', '--target-path', 'prod-artifacts');
    await ok(dir, 'run', '-s', 'stg_customers', '--defer', '--state', 'prod-artifacts');
    const compile = async (env: Record<string, string>, ...flags: string[]) => {
      const result = await strata(['compile', '-s', 'customer_revenue', ...flags], { cwd: dir, env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return readFileSync(join(dir, 'target/compiled/basic/models/marts/customer_revenue.sql'), 'utf8');
    };

    // dbt 1.10's names: stg_customers exists in dev, stg_orders only in prod
    const deferred = await compile({ DBT_DEFER: 'true', DBT_STATE: 'prod-artifacts' });
    expect(deferred).toContain('from "main"."stg_customers" c');
    expect(deferred).toContain('from "prod"."stg_orders"');
    // dbt 1.11's names, with favor-state
    const favored = await compile({
      DBT_ENGINE_DEFER: '1',
      DBT_ENGINE_STATE: 'prod-artifacts',
      DBT_FAVOR_STATE: 'yes',
    });
    expect(favored).toContain('from "prod"."stg_customers" c');
    // the command line wins over the environment
    const env = { DBT_DEFER: 'true', DBT_STATE: 'prod-artifacts', DBT_FAVOR_STATE: 'true' };
    const notFavored = await compile(env, '--no-favor-state');
    expect(notFavored).toContain('from "main"."stg_customers" c');
    const notDeferred = await compile({ DBT_DEFER: 'true', DBT_STATE: 'prod-artifacts' }, '--no-defer');
    expect(notDeferred).toContain('from "main"."stg_orders"');

    const bad = await strata(['compile', '-s', 'customer_revenue'], { cwd: dir, env: { DBT_DEFER: 'maybe' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DBT_DEFER=maybe is not a boolean');
  });
});
