import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';

interface RunResults {
  results: Array<{ unique_id: string; status: string; message: string | null; compiled_code: string | null }>;
}

const readJson = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, 'target', file), 'utf8')) as T;

// The fixture's hooks each append a numbered row to an audit table, so the table tells
// which hooks ran and in which order.
describe('hooks and operations (DuckDB)', () => {
  let dir: string;
  let build: CliResult;

  beforeAll(async () => {
    dir = copyFixture('hooks');
    build = await strata(['build'], { cwd: dir });
  });

  const audit = async (where = dir) =>
    (await queryDuckDb(join(where, 'target/hooks.duckdb'), 'select what from main.audit order by step')).map(
      (row) => row.what,
    );

  it('prints the project hooks as dbt does and counts them in the summary', () => {
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toMatch(/Found 2 models, 1 seed, 1 snapshot, .*, 4 operations/);
    expect(build.stdout).toMatch(/1 of 3 START hook: hooks_demo\.on-run-start\.0 \.+ \[RUN\]/);
    expect(build.stdout).toMatch(/3 of 3 OK hook: hooks_demo\.on-run-start\.2 \.+ \[OK in \d+\.\d+s\]/);
    expect(build.stdout).toMatch(/1 of 1 OK hook: hooks_demo\.on-run-end\.0 \.+ \[OK in/);
    expect(build.stdout).toMatch(
      /Finished running 4 project hooks, 1 seed, 1 snapshot, 1 table model, 1 view model in/,
    );
    expect(build.stdout).toMatch(/Done\. PASS=8 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=8/);
  });

  it('runs the hooks of every level in order around each build, and on-run-end sees the results', async () => {
    expect(await audit()).toEqual([
      'run start none',
      'project pre base_orders',
      'model pre base_orders',
      'model post outside base_orders',
      'seed post regions',
      'project pre order_regions',
      'folder pre order_regions',
      'yaml post order_regions',
      'project snapshot pre region_history',
      'folder snapshot post region_history',
      'snapshot post outside region_history',
      'result base_orders success true',
      'result regions success true',
      'result order_regions success true',
      'result region_history success true',
      'schemas main',
    ]);
    // a post-hook reads the relation it follows: `this` is the built view
    expect(await queryDuckDb(join(dir, 'target/hooks.duckdb'), 'select n::int as n from main.order_count')).toEqual([
      { n: 1 },
    ]);
  });

  it('says once that grants are not applied on DuckDB', () => {
    const notes = build.stdout.split('\n').filter((line) => line.includes('Grants are not applied'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/on duckdb targets: base_orders, order_regions, region_history set grants/);
  });

  it('writes project hooks as operation nodes and results, and node hooks in the config, as dbt does', () => {
    const manifest = readJson<{ nodes: Record<string, Record<string, unknown>> }>(dir, 'manifest.json');
    const start = manifest.nodes['operation.hooks_demo.hooks_demo-on-run-start-0']!;
    expect(start).toMatchObject({
      resource_type: 'operation',
      schema: 'main',
      name: 'hooks_demo-on-run-start-0',
      path: 'hooks/hooks_demo-on-run-start-0.sql',
      original_file_path: './dbt_project.yml',
      fqn: ['hooks_demo', 'hooks', 'hooks_demo-on-run-start-0'],
      tags: ['on-run-start'],
      // dbt numbers the hooks it ran from 1
      index: 1,
      raw_code: 'create table if not exists {{ target.schema }}.audit (step integer, what varchar)',
      compiled_code: 'create table if not exists main.audit (step integer, what varchar)',
    });
    expect(manifest.nodes['model.hooks_demo.base_orders']!.config).toMatchObject({
      'pre-hook': [
        { sql: "{{ audit('project pre ' ~ this.identifier) }}", transaction: true, index: null },
        { sql: "{{ audit('model pre ' ~ this.identifier) }}", transaction: true, index: null },
        expect.objectContaining({ transaction: true }),
      ],
      'post-hook': [{ sql: "{{ audit('model post outside ' ~ this.identifier) }}", transaction: false, index: null }],
      grants: { select: ['reporter'] },
    });
    const results = readJson<RunResults>(dir, 'run_results.json').results;
    expect(results.map((r) => r.unique_id)).toEqual([
      'operation.hooks_demo.hooks_demo-on-run-start-0',
      'operation.hooks_demo.hooks_demo-on-run-start-1',
      'operation.hooks_demo.hooks_demo-on-run-start-2',
      'model.hooks_demo.base_orders',
      'seed.hooks_demo.regions',
      'model.hooks_demo.order_regions',
      'snapshot.hooks_demo.region_history',
      'operation.hooks_demo.hooks_demo-on-run-end-0',
    ]);
    expect(results[0]).toMatchObject({ status: 'success', message: 'hooks_demo.on-run-start.0 passed' });
  });
});

describe('failing hooks (DuckDB)', () => {
  it('fails the node whose pre-hook fails before it builds, and skips its children', async () => {
    const dir = copyFixture('hooks');
    const run = await strata(['run', '--vars', '{break_pre_hook: true}'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ERROR creating sql table model main\.base_orders/);
    expect(run.stdout).toMatch(/pre-hook 3 of 3 failed: Catalog Error: Table with name no_such_table does not exist/);
    expect(run.stdout).toMatch(/SKIP relation main\.order_regions/);
    const rows = await queryDuckDb(
      join(dir, 'target/hooks.duckdb'),
      "select count(*)::int as n from main.audit where what like '%base_orders'",
    );
    // the pre-hooks before it ran in the build's transaction, rolled back with it
    expect(rows).toEqual([{ n: 0 }]);
    const tables = await queryDuckDb(
      join(dir, 'target/hooks.duckdb'),
      "select count(*)::int as n from information_schema.tables where table_name = 'base_orders'",
    );
    expect(tables).toEqual([{ n: 0 }]);
  });

  it('rolls a build back with its in-transaction hooks when one of its post-hooks fails', async () => {
    const dir = copyFixture('hooks');
    expect((await strata(['build'], { cwd: dir })).code).toBe(0);
    const db = join(dir, 'target/hooks.duckdb');
    const run = await strata(['run', '-s', 'order_regions', '--vars', '{break_post_hook: true, suffix: "!"}'], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/post-hook 3 of 3 failed: Catalog Error: Table with name no_such_table/);
    // the view keeps its old query, and the hooks that ran inside the transaction left no rows
    expect(await queryDuckDb(db, 'select region from main.order_regions')).toEqual([{ region: 'north' }]);
    const rows = await queryDuckDb(db, "select count(*)::int as n from main.audit where what like '%order_regions'");
    expect(rows).toEqual([{ n: 3 }]);
  });

  it('rolls a snapshot back with its in-transaction hooks when one of its post-hooks fails', async () => {
    const dir = copyFixture('hooks');
    expect((await strata(['build'], { cwd: dir })).code).toBe(0);
    const db = join(dir, 'target/hooks.duckdb');
    writeFileSync(join(dir, 'seeds/regions.csv'), 'id,name\n1,north\n2,south-east\n');
    expect((await strata(['seed'], { cwd: dir })).code).toBe(0);
    const history = () => queryDuckDb(db, 'select id::int as id, name from main.region_history order by id, name');
    const before = await history();
    const failed = await strata(['snapshot', '--vars', '{break_snapshot_hook: true}'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ERROR snapshotting main\.region_history/);
    expect(failed.stdout).toMatch(/post-hook 3 of 3 failed: Catalog Error: Table with name no_such_table/);
    // the change was not recorded, and the hooks inside the transaction left no rows
    expect(await history()).toEqual(before);
    const hooked = "select count(*)::int as n from main.audit where what like '%region_history'";
    expect(await queryDuckDb(db, hooked)).toEqual([{ n: 3 }]);
    expect((await strata(['snapshot'], { cwd: dir })).code).toBe(0);
    expect(await history()).toEqual([
      { id: 1, name: 'north' },
      { id: 2, name: 'south' },
      { id: 2, name: 'south-east' },
    ]);
    expect(await queryDuckDb(db, hooked)).toEqual([{ n: 6 }]);
  });

  it('fails the run when an on-run-start hook fails, still running the nodes and on-run-end, as dbt does', async () => {
    const dir = copyFixture('hooks');
    const run = await strata(['run', '--vars', '{break_start: true}'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/3 of 3 ERROR hook: hooks_demo\.on-run-start\.2 \.+ \[ERROR in/);
    expect(run.stdout).toMatch(/hooks_demo\.on-run-start\.2 failed, error:/);
    expect(run.stdout).toMatch(/OK created sql table model main\.base_orders/);
    expect(run.stdout).toMatch(/1 of 1 OK hook: hooks_demo\.on-run-end\.0/);
    const results = readJson<RunResults>(dir, 'run_results.json').results;
    expect(results.find((r) => r.unique_id.endsWith('on-run-start-2'))?.status).toBe('error');
  });
});

describe('secrets in hooks (DuckDB)', () => {
  it('lets a hook read a secret variable, masked in the log and the artifacts', async () => {
    const dir = copyFixture('hooks');
    const secret = 'tok-5b1e-secret';
    const run = await strata(['build'], { cwd: dir, env: { DBT_ENV_SECRET_AUDIT_TOKEN: secret } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const [first] = await queryDuckDb(join(dir, 'target/hooks.duckdb'), 'select what from main.audit where step = 1');
    expect(first).toEqual({ what: `run start ${secret}` });
    const results = readFileSync(join(dir, 'target/run_results.json'), 'utf8');
    expect(results).toContain("'run start *****' from main.audit");
    expect(results + run.stdout).not.toContain(secret);
  });
});

describe('strata run-operation (DuckDB)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = copyFixture('hooks');
    expect((await strata(['seed'], { cwd: dir })).code).toBe(0);
  });

  it('calls a macro with --args, printing its log lines; run_query reads the warehouse', async () => {
    const run = await strata(['run-operation', 'grant_report', '--args', '{role: bi, tables: [orders, regions]}'], {
      cwd: dir,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/granting bi on orders, regions\n/);
    expect(run.stdout).toMatch(/audit rows: 4\n/);
    expect(readJson<RunResults>(dir, 'run_results.json').results).toMatchObject([
      { unique_id: 'macro.hooks_demo.grant_report', status: 'success' },
    ]);
  });

  it('exits 1 with the error when the macro fails, and 2 when no macro has the name', async () => {
    const failing = await strata(['run-operation', 'broken_operation'], { cwd: dir });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/Encountered an error while running operation: .*no_such_table does not exist/);
    // the macro's file is named once, where the error is
    expect(failing.stdout).toContain('running operation: macros/audit.sql: A query the template runs failed on duckdb');
    expect(readJson<RunResults>(dir, 'run_results.json').results).toMatchObject([
      { unique_id: 'macro.hooks_demo.broken_operation', status: 'error' },
    ]);
    const missing = await strata(['run-operation', 'grant_reprt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Could not find a macro named 'grant_reprt'.*\n.*Did you mean 'grant_report'\?/);
  });
});
