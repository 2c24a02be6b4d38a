import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

/** The basic fixture built by its `prod` target (schema prod of the same file), its manifest in prod-artifacts/. */
async function builtProd(): Promise<string> {
  const dir = copyFixture('basic');
  appendFileSync(
    join(dir, 'profiles.yml'),
    '    prod:\n      type: duckdb\n      path: target/basic.duckdb\n      threads: 1\n      schema: prod\n',
  );
  const prod = await strata(['build', '-t', 'prod', '--target-path', 'prod-artifacts'], { cwd: dir });
  expect(prod.code).toBe(0);
  return dir;
}

const kinds = (db: string) =>
  queryDuckDb(
    db,
    "select table_schema || '.' || table_name as name, table_type as kind from information_schema.tables " +
      "where table_schema in ('main', 'main_marts') order by 1",
  );

describe('strata clone --state', () => {
  it("makes every selected model and seed in dev a view of prod's relation on DuckDB", async () => {
    const dir = await builtProd();
    const cloned = await strata(['clone', '--state', 'prod-artifacts'], { cwd: dir });
    expect(cloned.stderr).toBe('');
    expect(cloned.code).toBe(0);
    expect(cloned.stdout).toContain('OK created a view of prod_marts.customer_revenue as main_marts.customer_revenue');
    expect(cloned.stdout).toContain('Done. PASS=7 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=7');
    const db = join(dir, 'target/basic.duckdb');
    expect(await kinds(db)).toEqual(
      ['customers', 'orders', 'stg_customers', 'stg_events', 'stg_orders']
        .map((name) => ({ name: `main.${name}`, kind: 'VIEW' }))
        .concat([
          { name: 'main_marts.customer_revenue', kind: 'VIEW' },
          { name: 'main_marts.orders_incremental', kind: 'VIEW' },
        ]),
    );
    const [dev] = await queryDuckDb(db, 'select count(*)::int as n from main_marts.customer_revenue');
    const [prod] = await queryDuckDb(db, 'select count(*)::int as n from prod_marts.customer_revenue');
    expect(dev!.n).toBe(prod!.n);
    const runSql = readFileSync(join(dir, 'target/run/basic/models/marts/customer_revenue.sql'), 'utf8');
    expect(runSql).toContain('select * from "prod_marts"."customer_revenue"');
  });

  it('keeps a relation that already exists unless --full-refresh, as dbt clone', async () => {
    const dir = await builtProd();
    const built = await strata(['seed', '-s', 'customers'], { cwd: dir });
    expect(built.code).toBe(0);
    const db = join(dir, 'target/basic.duckdb');
    const kept = await strata(['clone', '--state', 'prod-artifacts', '-s', 'customers'], { cwd: dir });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('OK relation "main"."customers" already exists (--full-refresh replaces it)');
    expect(await kinds(db)).toContainEqual({ name: 'main.customers', kind: 'BASE TABLE' });

    const replaced = await strata(['clone', '--state', 'prod-artifacts', '-s', 'customers', '--full-refresh'], {
      cwd: dir,
    });
    expect(replaced.code).toBe(0);
    expect(await kinds(db)).toContainEqual({ name: 'main.customers', kind: 'VIEW' });
  });

  it("never replaces a relation with itself: the prod target's own state clones nothing", async () => {
    const dir = await builtProd();
    const result = await strata(['clone', '-t', 'prod', '--state', 'prod-artifacts', '--full-refresh'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('OK relation "prod_marts"."customer_revenue" is the state\'s own relation');
    const [rows] = await queryDuckDb(join(dir, 'target/basic.duckdb'), 'select count(*)::int as n from prod.customers');
    expect(rows!.n).toBeGreaterThan(0);
  });

  it('needs --state', async () => {
    const dir = copyFixture('basic');
    const result = await strata(['clone'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('strata clone needs --state DIR');
  });
});
