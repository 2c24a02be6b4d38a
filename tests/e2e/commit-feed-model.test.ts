import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { queryDuckDb, strata } from '../support/cli.js';
import { appendCommit, COMMIT_FEED, fedOrdersProject } from '../support/feed-lake.js';

/** The orders of one event, as the parsing part of every model reads them. */
const ORDERS = `
select
  json_extract_string(payload, '$.id') as order_id,
  json_extract_string(payload, '$.user') as user_id,
  cast(json_extract_string(payload, '$.amount') as decimal(12, 2)) as amount,
  cast(json_extract_string(payload, '$.event_time') as timestamp) as ordered_at
from {{ source('bronze', 'orders') }}`;

const DAILY = (measures: string) => `
with orders as (${ORDERS}
)
select cast(ordered_at as date) as order_date, ${measures}
from orders
group by 1`;

const SUMS = 'count(*) as orders, sum(amount) as revenue';
const EXACT = 'count(*) as orders, count(distinct user_id) as customers, sum(amount) as revenue';

/**
 * Three commit-fed models (appended rows; daily sums merged on the day; daily figures with a
 * distinct count, re-aggregated per day) beside the same queries built as tables.
 */
function project(): string {
  return fedOrdersProject({
    'models/orders_fed.sql': `{{ config(${COMMIT_FEED}) }}\n${ORDERS}`,
    'models/orders_full.sql': ORDERS,
    'models/daily_sums_fed.sql':
      `{{ config(${COMMIT_FEED}, unique_key='order_date', merge_sum_columns=['orders', 'revenue']) }}\n` + DAILY(SUMS),
    'models/daily_sums_full.sql': DAILY(SUMS),
    'models/daily_exact_fed.sql':
      `{{ config(${COMMIT_FEED}, unique_key='order_date', event_time='order_date', batch_size='day', lookback=3) }}\n` +
      DAILY(EXACT),
    'models/daily_exact_full.sql': DAILY(EXACT),
  });
}

const order = (id: string, user: string, amount: number, time: string) => ({
  id,
  user,
  amount: String(amount),
  event_time: time,
});

async function rows(dir: string, model: string, orderBy: string): Promise<unknown[]> {
  return queryDuckDb(join(dir, 'target/fed.duckdb'), `select * from main.${model} order by ${orderBy}`);
}

/** Every commit-fed model holds what the same query built as a table holds. */
async function expectSameAsFullBuild(dir: string): Promise<void> {
  expect(await rows(dir, 'orders_fed', 'order_id')).toEqual(await rows(dir, 'orders_full', 'order_id'));
  expect(await rows(dir, 'daily_sums_fed', 'order_date')).toEqual(await rows(dir, 'daily_sums_full', 'order_date'));
  expect(await rows(dir, 'daily_exact_fed', 'order_date')).toEqual(await rows(dir, 'daily_exact_full', 'order_date'));
}

describe('incremental_strategy: commit_feed', () => {
  it('reads only new commits, merges daily sums, re-aggregates late days, and equals a full build', async () => {
    const dir = project();
    const lake = join(dir, 'lake');
    const run = async () => {
      const result = await strata(['run', '--profiles-dir', dir], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout;
    };

    appendCommit(lake, 'orders', 0, [order('o1', 'u1', 10, '2026-01-05T10:00:00Z')]);
    appendCommit(lake, 'orders', 1, [order('o2', 'u2', 5, '2026-01-05T11:00:00Z')]);
    let stdout = await run();
    expect(stdout).toMatch(/OK created sql incremental model main\.orders_fed .*SELECT 2 \(2 commits\)/);
    await expectSameAsFullBuild(dir);

    // a new day, and a late order of the day before from a customer already counted that day
    const late = appendCommit(lake, 'orders', 0, [
      order('o3', 'u3', 7, '2026-01-06T09:00:00Z'),
      order('o4', 'u1', 1, '2026-01-05T23:00:00Z'),
    ]);
    stdout = await run();
    expect(stdout).toMatch(/main\.orders_fed .*INSERT 0 2 \(1 commit\)/);
    // the Bronze source was read as exactly the new commit's file
    const compiled = readFileSync(join(dir, 'target/compiled/fed/models/orders_fed.sql'), 'utf8');
    expect(compiled).toContain(`read_json(['${join(lake, late.files[0]!.path)}']`);
    await expectSameAsFullBuild(dir);

    // nothing new: the models say so and change nothing
    stdout = await run();
    expect(stdout).toMatch(/main\.daily_sums_fed .*NO NEW COMMITS/);
    await expectSameAsFullBuild(dir);

    appendCommit(lake, 'orders', 1, [order('o5', 'u2', 3, '2026-01-06T12:00:00Z')]);
    appendCommit(lake, 'orders', 1, [order('o6', 'u4', 2, '2026-01-04T08:00:00Z')]);
    await run();
    await expectSameAsFullBuild(dir);
    expect(await rows(dir, 'daily_exact_fed', 'order_date')).toHaveLength(3);

    const state = await queryDuckDb(
      join(dir, 'target/fed.duckdb'),
      'select "partition", end_offset from main.strata_commit_state ' +
        "where model = 'model.fed.orders_fed' order by 1",
    );
    expect(state).toEqual([
      { partition: 0, end_offset: 3n },
      { partition: 1, end_offset: 3n },
    ]);

    // a full refresh builds from every commit again and stores the same cursor
    const refreshed = await strata(['run', '--full-refresh', '--profiles-dir', dir], { cwd: dir });
    expect(refreshed.code).toBe(0);
    await expectSameAsFullBuild(dir);

    // a full build killed after its swap, before its cursor was stored: the next run builds in full again
    await queryDuckDb(
      join(dir, 'target/fed.duckdb'),
      "delete from main.strata_commit_state where model = 'model.fed.daily_sums_fed'",
    );
    appendCommit(lake, 'orders', 0, [order('o7', 'u5', 4, '2026-01-06T13:00:00Z')]);
    stdout = await run();
    expect(stdout).toMatch(/main\.daily_sums_fed .*SELECT 3 \(6 commits\)/);
    expect(stdout).toMatch(/main\.daily_exact_fed .*MERGE \d+ \(1 commit\)/);
    await expectSameAsFullBuild(dir);
  });

  it('builds no rows and stores no cursor with --empty, so the next run builds in full', async () => {
    const dir = project();
    appendCommit(join(dir, 'lake'), 'orders', 0, [order('o1', 'u1', 10, '2026-01-05T10:00:00Z')]);
    const select = ['--select', 'orders_fed', 'orders_full', '--profiles-dir', dir];
    const empty = await strata(['run', '--empty', ...select], { cwd: dir });
    expect(empty.code).toBe(0);
    expect(await rows(dir, 'orders_fed', 'order_id')).toEqual([]);
    const db = join(dir, 'target/fed.duckdb');
    expect(await queryDuckDb(db, 'select * from main.strata_commit_state')).toEqual([]);
    const full = await strata(['run', ...select], { cwd: dir });
    expect(full.code).toBe(0);
    expect(await rows(dir, 'orders_fed', 'order_id')).toHaveLength(1);
    expect(await rows(dir, 'orders_fed', 'order_id')).toEqual(await rows(dir, 'orders_full', 'order_id'));
  });

  it('refuses to build from a lake whose files the commit feed does not list', async () => {
    const dir = project();
    const folder = join(dir, 'lake/orders/dt=2026-01-05/hour=10');
    mkdirSync(folder, { recursive: true });
    const line = {
      topic: 'orders',
      partition: 0,
      offset: 0,
      payload: JSON.stringify(order('o1', 'u1', 1, '2026-01-05T10:00:00Z')),
    };
    writeFileSync(join(folder, 'orders+0+0.jsonl.gz'), gzipSync(`${JSON.stringify(line)}\n`));
    const result = await strata(['run', '--select', 'orders_fed', '--profiles-dir', dir], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `Commit-fed model orders_fed: ${join(dir, 'lake/orders')} holds files, ` +
        'but the commit feed has no record of topic orders',
    );
  });
});
