import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata, type CliResult } from '../support/cli.js';
import { CUSTOMERS_HEADER as HEADER, DAY_THREE, DAY_TWO } from '../support/snapshot-days.js';

describe('snapshots on DuckDB: strata snapshot and build record type-2 history', () => {
  let dir: string;
  let first: CliResult;
  let second: CliResult;
  let unchanged: CliResult;
  let countsAfterSecond: Record<string, number>;

  const db = () => join(dir, 'target/snapshots.duckdb');
  const seed = (lines: string[]) => writeFileSync(join(dir, 'seeds/customers.csv'), lines.join('\n') + '\n');
  const rows = (sql: string) => queryDuckDb(db(), sql);
  const counts = async () => {
    const [row] = await rows(
      'select (select count(*) from main.customers_ts) as ts, (select count(*) from main.customer_tiers) as tiers, ' +
        '(select count(*) from history.customers_all) as all_cols, ' +
        '(select count(*) from main.points_history) as points',
    );
    return Object.fromEntries(Object.entries(row!).map(([key, value]) => [key, Number(value)]));
  };

  beforeAll(async () => {
    dir = copyFixture('snapshots');
    first = await strata(['build'], { cwd: dir });
    seed(DAY_TWO);
    second = await strata(['build'], { cwd: dir });
    countsAfterSecond = await counts();
    unchanged = await strata(['snapshot'], { cwd: dir });
  });

  it('builds snapshots after their parents and models reading them after the snapshots', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Found 1 model, 1 seed, 4 snapshots, 1 data test,/);
    expect(first.stdout).toMatch(/START snapshot main\.customers_ts \.+ \[RUN\]/);
    expect(first.stdout).toMatch(/OK snapshotted history\.customers_all \.+ \[SELECT 3 in/);
    const order = (text: string) => first.stdout.indexOf(text);
    expect(order('OK loaded seed file main.customers')).toBeLessThan(order('START snapshot main.customer_tiers'));
    expect(order('OK snapshotted main.customer_tiers')).toBeLessThan(order('START sql view model main.current_tiers'));
    // a test declared on a snapshot's column runs after the snapshot
    expect(order('OK snapshotted main.customer_tiers')).toBeLessThan(order('START test not_null_customer_tiers_tier'));
    expect(first.stdout).toMatch(/PASS not_null_customer_tiers_tier/);
    expect(second.code).toBe(0);
  });

  it('timestamp strategy with a composite key and hard_deletes: invalidate', async () => {
    const history = await rows(
      "select region, id, name, strftime(dbt_valid_from, '%Y-%m-%d') as valid_from, " +
        "strftime(dbt_valid_to, '%Y-%m-%d') as valid_to, dbt_updated_at is not null as has_updated_at, " +
        'length(dbt_scd_id)::int as scd_length from main.customers_ts order by region, id, dbt_valid_from',
    );
    const deletedAt = history.find((row) => row.region === 'eu' && row.id === 2)?.valid_to;
    expect(deletedAt).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(history).toEqual([
      { region: 'eu', id: 1, name: 'Ada', valid_from: '2024-01-01', valid_to: '2024-02-01', ...meta() },
      { region: 'eu', id: 1, name: 'Ada', valid_from: '2024-02-01', valid_to: null, ...meta() },
      { region: 'eu', id: 2, name: 'Bob', valid_from: '2024-01-01', valid_to: deletedAt, ...meta() },
      { region: 'us', id: 1, name: 'Cy', valid_from: '2024-01-01', valid_to: '2024-02-01', ...meta() },
      { region: 'us', id: 1, name: 'Cyd', valid_from: '2024-02-01', valid_to: null, ...meta() },
      { region: 'us', id: 2, name: 'Dee', valid_from: '2024-02-01', valid_to: null, ...meta() },
    ]);
  });

  it('check strategy on listed columns, new_record, renamed meta columns and dbt_valid_to_current', async () => {
    const history = await rows(
      "select region, id, tier, strftime(valid_to, '%Y') as valid_to_year, is_deleted " +
        'from main.customer_tiers order by region, id, valid_from, is_deleted',
    );
    expect(history).toEqual([
      // eu-1 changed tier: its first row is closed, a new current one opened
      { region: 'eu', id: 1, tier: 'gold', valid_to_year: thisYear(), is_deleted: 'False' },
      { region: 'eu', id: 1, tier: 'platinum', valid_to_year: '9999', is_deleted: 'False' },
      // eu-2 is gone: its row is closed and a current row marks it deleted
      { region: 'eu', id: 2, tier: 'silver', valid_to_year: thisYear(), is_deleted: 'False' },
      { region: 'eu', id: 2, tier: 'silver', valid_to_year: '9999', is_deleted: 'True' },
      // us-1 was renamed, but only tier is checked: no new row
      { region: 'us', id: 1, tier: 'bronze', valid_to_year: '9999', is_deleted: 'False' },
      { region: 'us', id: 2, tier: 'silver', valid_to_year: '9999', is_deleted: 'False' },
    ]);
    const columns = await rows(
      'select column_name from information_schema.columns ' +
        "where table_name = 'customer_tiers' order by ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'region',
      'id',
      'name',
      'tier',
      'points',
      'updated_at',
      'dbt_scd_id',
      'dbt_updated_at',
      'valid_from',
      'valid_to',
      'is_deleted',
    ]);
    const current = await rows('select region, id, tier from main.current_tiers order by region, id');
    expect(current).toEqual([
      { region: 'eu', id: 1, tier: 'platinum' },
      { region: 'us', id: 1, tier: 'bronze' },
      { region: 'us', id: 2, tier: 'silver' },
    ]);
  });

  it("check_cols: all sees the rename; hard_deletes' default (ignore) keeps a gone record current", async () => {
    const history = await rows(
      'select region, id, name, dbt_valid_to is null as current from history.customers_all ' +
        'order by region, id, dbt_valid_from',
    );
    expect(history).toEqual([
      { region: 'eu', id: 1, name: 'Ada', current: false },
      { region: 'eu', id: 1, name: 'Ada', current: true },
      { region: 'eu', id: 2, name: 'Bob', current: true },
      { region: 'us', id: 1, name: 'Cy', current: false },
      { region: 'us', id: 1, name: 'Cyd', current: true },
      { region: 'us', id: 2, name: 'Dee', current: true },
    ]);
  });

  it('running again on unchanged data adds no rows', async () => {
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toMatch(/OK snapshotted main\.customers_ts \.+ \[INSERT 0 0 in/);
    expect(unchanged.stdout).not.toMatch(/START (seed|sql)/);
    expect(await counts()).toEqual(countsAfterSecond);
  });

  it('a record back after a new_record delete is current again', async () => {
    seed(DAY_THREE);
    const third = await strata(['build', '--select', 'customers', 'customer_tiers'], { cwd: dir });
    expect(third.code).toBe(0);
    const eu2 = await rows(
      "select tier, strftime(valid_to, '%Y') as valid_to_year, is_deleted from main.customer_tiers " +
        "where region = 'eu' and id = 2 order by valid_from, is_deleted",
    );
    expect(eu2).toEqual([
      { tier: 'silver', valid_to_year: thisYear(), is_deleted: 'False' },
      { tier: 'silver', valid_to_year: thisYear(), is_deleted: 'True' },
      { tier: 'silver', valid_to_year: '9999', is_deleted: 'False' },
    ]);
  });

  it('adds a column the query gained to the table, its old rows null', async () => {
    const [before] = await rows('select count(*)::int as n from main.customer_tiers');
    seed(DAY_THREE.map((line, i) => `${line},${i === 0 ? 'email' : ''}`));
    const gained = await strata(['build', '--select', 'customers', 'customer_tiers'], { cwd: dir });
    expect(gained.code).toBe(0);
    const columns = await rows(
      'select column_name from information_schema.columns ' +
        "where table_name = 'customer_tiers' and column_name = 'email'",
    );
    expect(columns).toEqual([{ column_name: 'email' }]);
    expect(await rows('select count(*)::int as n, count(email)::int as emails from main.customer_tiers')).toEqual([
      { n: before!.n, emails: 0 },
    ]);
  });

  it('a snapshot failing inside its transaction leaves its history as it was', async () => {
    const before = await rows('select * from main.points_history order by all');
    seed([HEADER, 'eu,1,Ada,gold,10,2024-03-01 00:00:00', 'us,1,Cy,bronze,30,2024-03-01 00:00:00']);
    const broken = await strata(['build', '--vars', '{break_points: true}'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/ERROR snapshotting main\.points_history/);
    expect(broken.stdout).toMatch(/Could not convert string 'not a number'/);
    const run = readFileSync(join(dir, 'target/run/snapshots/snapshots/points_history.sql'), 'utf8');
    expect(run).toMatch(/^-- this statement failed:\nINSERT INTO "main"\."points_history" /);
    expect(await rows('select * from main.points_history order by all')).toEqual(before);
    const leftovers = await rows("select table_name from information_schema.tables where table_name like '%strata%'");
    expect(leftovers).toEqual([]);
  });

  it('writes snapshots to manifest.json and run_results.json in dbt shape', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8'));
    const node = manifest.nodes['snapshot.snapshots.customer_tiers'];
    expect(node).toMatchObject({
      resource_type: 'snapshot',
      name: 'customer_tiers',
      original_file_path: 'snapshots/_snapshots.yml',
      path: '_snapshots.yml/customer_tiers.sql',
      fqn: ['snapshots', 'customer_tiers'],
      // as dbt-duckdb writes it: the database file's catalog
      database: 'snapshots',
      schema: 'main',
      alias: 'customer_tiers',
      relation_name: '"snapshots"."main"."customer_tiers"',
      raw_code: "select * from {{ ref('customers') }}",
      depends_on: { nodes: ['seed.snapshots.customers'] },
      patch_path: 'snapshots://snapshots/_snapshots.yml',
      config: {
        materialized: 'snapshot',
        strategy: 'check',
        unique_key: ['region', 'id'],
        check_cols: ['tier'],
        hard_deletes: 'new_record',
        tags: ['history'],
        snapshot_meta_column_names: {
          dbt_valid_from: 'valid_from',
          dbt_valid_to: 'valid_to',
          dbt_is_deleted: 'is_deleted',
          dbt_scd_id: null,
          dbt_updated_at: null,
        },
      },
    });
    const legacy = manifest.nodes['snapshot.snapshots.customers_all'];
    expect(legacy).toMatchObject({
      fqn: ['snapshots', 'legacy', 'customers_all', 'customers_all'],
      path: 'legacy/customers_all.sql',
      schema: 'history',
      config: { target_schema: 'history', check_cols: 'all' },
    });
    expect(manifest.nodes['snapshot.snapshots.customers_ts'].description).toMatch(/^Customer names and tiers/);
    expect(manifest.child_map['snapshot.snapshots.customer_tiers']).toEqual([
      'model.snapshots.current_tiers',
      expect.stringMatching(/^test\.snapshots\.not_null_customer_tiers_tier\./),
    ]);
    const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8'));
    const result = results.results.find((r: { unique_id: string }) => r.unique_id.startsWith('snapshot.'));
    expect(result).toMatchObject({ status: expect.stringMatching(/success|error/) });
    expect(result.relation_name).toMatch(/^"snapshots"\."(main|history)"\./);
  });
});

function meta() {
  return { has_updated_at: true, scd_length: 32 };
}

function thisYear(): string {
  return String(new Date().getUTCFullYear());
}
