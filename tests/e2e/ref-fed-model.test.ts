import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryDuckDb, strata } from '../support/cli.js';
import { appendCommit, COMMIT_FEED, fedOrdersProject } from '../support/feed-lake.js';

/** The Bronze orders, parsed, with the partition and offset feed_rows() tells new rows by. */
const BASE = `
select
  "partition" as kafka_partition,
  "offset" as kafka_offset,
  json_extract_string(payload, '$.id') as order_id,
  json_extract_string(payload, '$.user') as user_id,
  cast(json_extract_string(payload, '$.amount') as decimal(12, 2)) as amount,
  cast(json_extract_string(payload, '$.event_time') as timestamp) as ordered_at
from {{ source('bronze', 'orders') }}`;

/** One row per order: the first copy by offset (copies share a partition). */
const ORDERS = (from: string, incremental: boolean) => `
select * exclude (copy_number) from (
  select *, row_number() over (partition by order_id order by kafka_partition, kafka_offset) as copy_number
  from ${from}
)
where copy_number = 1
${incremental ? '{% if is_incremental() %}and order_id not in (select order_id from {{ this }}){% endif %}' : ''}`;

/** Per customer, one row per day they ordered on: many rows per customer, rewritten together. */
const CUSTOMER_DAYS = (orders: string, changed: string) => `
select user_id, cast(ordered_at as date) as order_date, count(*) as orders, sum(amount) as spent,
  count(*) over (partition by user_id) as active_days
from ${orders}
${changed}
group by user_id, cast(ordered_at as date)`;

/** Per day: a distinct count, re-aggregated for the days of the new orders. */
const DAILY = (orders: string, changed: string) => `
select cast(ordered_at as date) as order_date, count(*) as orders, count(distinct user_id) as customers,
  sum(amount) as revenue
from ${orders}
${changed}
group by 1`;

/**
 * Per customer and day, orders and orders to date; a batch rebuilds each customer's days from
 * the day of their earliest new order on (the running count needs the days before, read whole).
 */
const RUNNING = (fed: boolean) => `
${fed ? '{{ config(' + COMMIT_FEED + ", replace_key=['user_id'], replace_from='order_date') }}" : ''}
{% set batch = is_incremental() %}
with
{% if batch %}
touched as (
  select user_id, min(cast(ordered_at as date)) as from_day
  from {{ feed_rows('orders_fed', 'kafka_partition', 'kafka_offset') }}
  group by user_id
),
{% endif %}
per_day as (
  select user_id, cast(ordered_at as date) as order_date, count(*) as orders
  from {{ ref('orders_${fed ? 'fed' : 'full'}') }}
  {% if batch %}where user_id in (select user_id from touched){% endif %}
  group by 1, 2
),
running as (
  select *, sum(orders) over (partition by user_id order by order_date) as orders_to_date from per_day
)
select running.* from running
{% if batch %}
inner join touched on running.user_id = touched.user_id and running.order_date >= touched.from_day
{% endif %}`;

const CHANGED_USERS =
  '{% if is_incremental() %}where user_id in (select user_id from ' +
  "{{ feed_rows('orders_fed', 'kafka_partition', 'kafka_offset') }}){% endif %}";
const CHANGED_DAYS =
  '{% if is_incremental() %}where cast(ordered_at as date) in (select cast(ordered_at as date) from ' +
  "{{ feed_rows('orders_fed', partition='kafka_partition', offset='kafka_offset') }}){% endif %}";

/**
 * A Bronze-fed base table and three models fed by it (appended, replaced per customer, merged
 * per day), beside the same queries built as tables.
 */
function project(): string {
  return fedOrdersProject({
    'models/base_fed.sql': `{{ config(${COMMIT_FEED}) }}\n${BASE}`,
    'models/base_full.sql': BASE,
    'models/orders_fed.sql':
      `{{ config(${COMMIT_FEED}) }}\n` + ORDERS("{{ feed_rows('base_fed', 'kafka_partition', 'kafka_offset') }}", true),
    'models/orders_full.sql': ORDERS("{{ ref('base_full') }}", false),
    'models/customer_days_fed.sql':
      `{{ config(${COMMIT_FEED}, replace_key=['user_id']) }}\n` +
      CUSTOMER_DAYS("{{ ref('orders_fed') }}", CHANGED_USERS),
    'models/customer_days_full.sql': CUSTOMER_DAYS("{{ ref('orders_full') }}", ''),
    'models/daily_fed.sql':
      `{{ config(${COMMIT_FEED}, unique_key='order_date') }}\n` + DAILY("{{ ref('orders_fed') }}", CHANGED_DAYS),
    'models/daily_full.sql': DAILY("{{ ref('orders_full') }}", ''),
    'models/running_fed.sql': RUNNING(true),
    'models/running_full.sql': RUNNING(false),
  });
}

const order = (id: string, user: string, amount: number, time: string) => ({
  id,
  user,
  amount: String(amount),
  event_time: time,
});

const db = (dir: string) => join(dir, 'target/fed.duckdb');
const rows = (dir: string, model: string, orderBy: string) =>
  queryDuckDb(db(dir), `select * from main.${model} order by ${orderBy}`);

/** Every ref-fed model holds what the same query built as a table holds. */
async function expectSameAsFullBuild(dir: string): Promise<void> {
  expect(await rows(dir, 'orders_fed', 'order_id')).toEqual(await rows(dir, 'orders_full', 'order_id'));
  const days = 'user_id, order_date';
  expect(await rows(dir, 'customer_days_fed', days)).toEqual(await rows(dir, 'customer_days_full', days));
  expect(await rows(dir, 'daily_fed', 'order_date')).toEqual(await rows(dir, 'daily_full', 'order_date'));
  expect(await rows(dir, 'running_fed', days)).toEqual(await rows(dir, 'running_full', days));
}

async function run(dir: string, ...flags: string[]): Promise<string> {
  const result = await strata(['run', ...flags, '--profiles-dir', dir], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code, result.stdout).toBe(0);
  return result.stdout;
}

describe('commit-fed models that read no Bronze source (fed by their upstream)', () => {
  it('read only the new rows of their feeders, replace or merge them, and equal a full build', async () => {
    const dir = project();
    const lake = join(dir, 'lake');
    appendCommit(lake, 'orders', 0, [
      order('o1', 'u1', 10, '2026-01-05T10:00:00Z'),
      order('o2', 'u1', 4, '2026-01-06T10:00:00Z'),
    ]);
    appendCommit(lake, 'orders', 1, [order('o3', 'u2', 5, '2026-01-05T11:00:00Z')]);
    let stdout = await run(dir);
    expect(stdout).toMatch(/OK created sql incremental model main\.customer_days_fed .*\[SELECT 3 in/);
    await expectSameAsFullBuild(dir);

    // a copy of o1 (the first copy stays), a late order of u2 on a day counted, a new customer
    appendCommit(lake, 'orders', 0, [
      order('o1', 'u1', 10, '2026-01-05T10:00:00Z'),
      order('o4', 'u2', 1, '2026-01-05T23:00:00Z'),
    ]);
    appendCommit(lake, 'orders', 1, [
      order('o5', 'u3', 3, '2026-01-07T09:00:00Z'),
      order('o7', 'u1', 2, '2026-01-06T15:00:00Z'),
    ]);
    stdout = await run(dir);
    expect(stdout).toMatch(/main\.orders_fed .*INSERT 0 3 \(4 new offsets\)/);
    expect(stdout).toMatch(/main\.daily_fed .*MERGE 3 \(4 new offsets\)/);
    // rebuilt from each touched customer's earliest new day: u1's 01-06 (its 01-05 stays), u2's 01-05, u3's 01-07
    expect(stdout).toMatch(/main\.running_fed .*INSERT 0 3 \(4 new offsets\)/);
    // only the batch's offsets were read
    const compiled = readFileSync(join(dir, 'target/compiled/fed/models/daily_fed.sql'), 'utf8');
    expect(compiled).toContain('(kafka_partition = 0 and kafka_offset >= 2 and kafka_offset < 4)');
    expect(compiled).toContain('(kafka_partition = 1 and kafka_offset >= 1 and kafka_offset < 3)');
    await expectSameAsFullBuild(dir);

    // nothing new: each says so and changes nothing
    stdout = await run(dir);
    expect(stdout).toMatch(/main\.customer_days_fed .*NO NEW COMMITS/);
    await expectSameAsFullBuild(dir);

    // the lake starts over (its topics were reset) and only the base table is rebuilt: the models on it
    // find their feeder's cursor behind theirs and build in full
    rmSync(lake, { recursive: true });
    const restarted = `${lake}/`; // the same folder, with offsets counted from 0 again
    appendCommit(restarted, 'orders', 0, [order('n1', 'u9', 1, '2026-01-08T10:00:00Z')]);
    await run(dir, '--full-refresh', '--select', 'base_fed');
    stdout = await run(dir);
    expect(stdout).toMatch(/main\.orders_fed .*\[SELECT 1 in/);
    await expectSameAsFullBuild(dir);
  });

  it('stays exact when a run is killed -9 and the next one starts over', async () => {
    const dir = project();
    const lake = join(dir, 'lake');
    appendCommit(lake, 'orders', 0, [order('o1', 'u1', 10, '2026-01-05T10:00:00Z')]);
    appendCommit(lake, 'orders', 1, [order('o2', 'u2', 5, '2026-01-05T11:00:00Z')]);
    await run(dir);
    for (const [index, model] of ['orders_fed', 'customer_days_fed', 'daily_fed'].entries()) {
      appendCommit(lake, 'orders', index % 2, [
        order(`k${index}`, `u${index}`, index + 1, `2026-01-0${5 + index}T09:00:00Z`),
        order(`l${index}`, 'u1', 2, '2026-01-05T12:00:00Z'),
      ]);
      // killed once the model started: whatever it had done is either all in, cursor included, or not at all
      const killed = await strata(['run', '--profiles-dir', dir], {
        cwd: dir,
        onSpawn: (kill, output) => {
          const timer = setInterval(() => {
            if (!output().includes(`START sql incremental model main.${model} `)) return;
            clearInterval(timer);
            kill('SIGKILL');
          }, 5);
        },
      });
      // the run may have ended before the kill landed: the restart must be exact either way
      expect([null, 0]).toContain(killed.code);
      await run(dir);
      await expectSameAsFullBuild(dir);
    }
  });
});
