import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { withWarehouse } from '../conformance/warehouse.js';
import { strata } from './cli.js';
import { tempDir } from './temp-dir.js';

/**
 * A small project with two targets of one warehouse, `prod` and `dev`, in two schemas: a seed,
 * a view on it and a table on the view, for `--defer` and `clone` on a real adapter.
 * `target` holds the target's settings as YAML lines (without `schema:`).
 */
export function twoTargetProject(target: string[], schemas: { prod: string; dev: string }): string {
  const dir = tempDir('strata-two-targets-');
  const output = (schema: string) => [...target, `schema: ${schema}`, 'threads: 2'].map((l) => `      ${l}`);
  const profile = ['two:', '  target: dev', '  outputs:', '    prod:', ...output(schemas.prod)];
  profile.push('    dev:', ...output(schemas.dev));
  writeFileSync(join(dir, 'profiles.yml'), `${profile.join('\n')}\n`);
  writeFileSync(join(dir, 'project.yml'), 'name: two\nprofile: two\n');
  mkdirSync(join(dir, 'seeds'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'seeds/people.csv'), 'id,name\n1,Ann\n2,Bob\n3,Cy\n');
  writeFileSync(
    join(dir, 'models/stg_people.sql'),
    "{{ config(materialized='view') }}\nselect id, name from {{ ref('people') }}\n",
  );
  writeFileSync(
    join(dir, 'models/people_count.sql'),
    "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('stg_people') }}\n",
  );
  return dir;
}

/**
 * `clone`, `--defer` and `--empty` on one adapter: prod is built, dev is cloned from it (zero-copy
 * where `zeroCopy`, else as views), a dev run of one model defers its parent to prod, and dev is
 * built again from zero-row inputs.
 */
export function itClonesAndDefers(
  target: () => string[],
  env: () => Record<string, string>,
  options: { suffix: string; zeroCopy: boolean },
): void {
  const schemas = { prod: `prod_${options.suffix}`, dev: `dev_${options.suffix}` };
  let dir = '';
  const cli = (...args: string[]) => strata(args, { cwd: dir, env: env() });
  const query = (sql: string) =>
    withWarehouse(dir, 'two', 'dev', { ...process.env, ...env() }, async ({ connection }) => {
      return (await connection.query(sql)).rows;
    });
  const runSql = (model: string) => readFileSync(join(dir, `target/run/two/models/${model}.sql`), 'utf8');

  afterAll(async () => {
    if (!dir) return;
    await withWarehouse(dir, 'two', 'dev', { ...process.env, ...env() }, async ({ connection, dialect }) => {
      for (const schema of Object.values(schemas))
        await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(schema)} CASCADE`);
    });
  });

  it(`clones prod into dev (${options.zeroCopy ? 'tables zero-copy' : 'as views'}) with prod's rows`, async () => {
    dir = twoTargetProject(target(), schemas);
    const prod = await cli('build', '-t', 'prod', '--target-path', 'prod-artifacts');
    expect(prod.code, prod.stdout).toBe(0);
    const cloned = await cli('clone', '--state', 'prod-artifacts');
    expect(cloned.code, cloned.stdout + cloned.stderr).toBe(0);
    expect(cloned.stdout).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3');
    if (options.zeroCopy) expect(runSql('people_count')).toMatch(/^CREATE OR REPLACE TRANSIENT TABLE .* CLONE /m);
    else
      expect(runSql('people_count')).toMatch(
        new RegExp(`select \\* from (".*"\\.)?"${schemas.prod}"\\."people_count"`, 'i'),
      );
    // a view is never cloned as a table
    expect(runSql('stg_people')).toMatch(/VIEW/);
    const rows = await query(`select n from ${schemas.dev}.people_count`);
    expect(rows.map((row) => Number(Object.values(row)[0]))).toEqual([3]);
  });

  it('defers a dev run to prod: the selected model reads the parent prod built', async () => {
    const run = await cli('run', '-s', 'people_count', '--defer', '--state', 'prod-artifacts', '--favor-state');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(runSql('people_count')).toMatch(new RegExp(`from (".*"\\.)?"${schemas.prod}"\\."stg_people"`, 'i'));
  });

  it('builds with --empty: every ref reads zero rows, the SQL runs, the table is built empty', async () => {
    const built = await cli('build', '--empty');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(runSql('people_count')).toMatch(/where false limit 0/);
    const rows = await query(`select n from ${schemas.dev}.people_count`);
    expect(rows.map((row) => Number(Object.values(row)[0]))).toEqual([0]);
  });
}
