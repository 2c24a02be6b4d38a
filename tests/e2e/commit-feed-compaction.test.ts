import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/feed/commit-record.js';
import { queryDuckDb, strata } from '../support/cli.js';
import { appendCommit, COMMIT_FEED, fedOrdersProject } from '../support/feed-lake.js';

// Every file the compactor writes or removes takes longer, so a kill lands between its steps.
const SLOW_STORAGE = pathToFileURL(resolve(import.meta.dirname, 'slow-lake-store.mjs')).href;
const STEP = /"msg":"(generation file written|generation committed|replaced file removed)"/g;

const ORDERS = `
select
  json_extract_string(payload, '$.id') as order_id,
  json_extract_string(payload, '$.user') as user_id,
  cast(json_extract_string(payload, '$.amount') as decimal(12, 2)) as amount,
  cast(json_extract_string(payload, '$.event_time') as timestamp) as ordered_at
from {{ source('bronze', 'orders') }}`;

const HOURLY = `
with orders as (${ORDERS}
)
select date_trunc('hour', ordered_at) as order_hour, count(*) as orders,
  count(distinct user_id) as customers, sum(amount) as revenue
from orders
group by 1`;

/**
 * Commit-fed models (appended orders; hourly figures re-aggregated per hour, so a batch
 * re-reads the files of old commits) beside the same queries built as tables.
 */
function project(): string {
  return fedOrdersProject({
    'models/orders_fed.sql': `{{ config(${COMMIT_FEED}) }}\n${ORDERS}`,
    'models/orders_full.sql': ORDERS,
    'models/hourly_fed.sql':
      `{{ config(${COMMIT_FEED}, unique_key='order_hour', event_time='order_hour', batch_size='hour') }}\n` + HOURLY,
    'models/hourly_full.sql': HOURLY,
    'ingest.yml': [
      'brokers: 127.0.0.1:9092',
      'group_id: strata-ingest',
      'topics: [{ name: orders, table: bronze_orders }]',
      'destination: { path: lake }',
      '',
    ].join('\n'),
  });
}

let orderNumber = 0;
/** The next commit of `partition`: `count` orders at minutes of `hour` on 2026-01-05 (closed hours). */
function commit(dir: string, partition: number, hour: string, count: number): CommitRecord {
  const orders = Array.from({ length: count }, (_, index) => {
    orderNumber += 1;
    return {
      id: `o${orderNumber}`,
      user: `u${orderNumber % 7}`,
      amount: String(orderNumber % 13),
      event_time: `2026-01-05T${hour}:${String(index * 3).padStart(2, '0')}:00Z`,
    };
  });
  return appendCommit(join(dir, 'lake'), 'orders', partition, orders);
}

/** Commits of both partitions in hours 10 and 11, several per hour so each hour has files to merge. */
function commitRound(dir: string): CommitRecord[] {
  return ['10', '11'].flatMap((hour) => [0, 1].flatMap((p) => [commit(dir, p, hour, 3), commit(dir, p, hour, 2)]));
}

async function run(dir: string, ...args: string[]): Promise<string> {
  const result = await strata(['run', '--profiles-dir', dir, ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  expect(result.code, result.stdout).toBe(0);
  return result.stdout;
}

function compact(dir: string, retention: string, killAfter?: number) {
  const args = ['lake', 'compact', '--config', join(dir, 'ingest.yml'), '--assume-committed'];
  return strata([...args, '--retention', retention, '--log-level', 'debug'], {
    cwd: dir,
    env: { NODE_OPTIONS: `--import ${SLOW_STORAGE}`, STRATA_TEST_STEP_DELAY_MS: '40' },
    onSpawn: (kill, output) => {
      if (killAfter === undefined) return;
      const poll = setInterval(() => {
        if ((output().match(STEP)?.length ?? 0) >= killAfter) {
          clearInterval(poll);
          kill('SIGKILL');
        }
      }, 5);
    },
  });
}

async function rows(dir: string, model: string, orderBy: string): Promise<unknown[]> {
  return queryDuckDb(join(dir, 'target/fed.duckdb'), `select * from main.${model} order by ${orderBy}`);
}

/** Each commit-fed model holds what the same query built as a table holds, every order once. */
async function expectSameAsFullBuild(dir: string): Promise<void> {
  const orders = await rows(dir, 'orders_fed', 'order_id');
  expect(orders).toHaveLength(orderNumber);
  expect(orders).toEqual(await rows(dir, 'orders_full', 'order_id'));
  expect(await rows(dir, 'hourly_fed', 'order_hour')).toEqual(await rows(dir, 'hourly_full', 'order_hour'));
}

const compiledFed = (dir: string) => readFileSync(join(dir, 'target/compiled/fed/models/orders_fed.sql'), 'utf8');

describe('commit-fed models over a lake compacted by `strata lake compact`', () => {
  it('read every commit exactly once before, during and after compaction, as a full build does', async () => {
    const dir = project();
    commitRound(dir);
    await run(dir);
    await expectSameAsFullBuild(dir);

    // the models fall behind; a compaction commits generations and keeps the originals (retention)
    const behind = commitRound(dir);
    const compacted = await compact(dir, '1h');
    expect(compacted.code, compacted.stderr).toBe(0);
    expect(existsSync(join(dir, 'lake', behind[0]!.files[0]!.path))).toBe(true);
    await run(dir);
    expect(compiledFed(dir)).toContain('/_compacted/g000001/part-00000.jsonl.gz');
    expect(compiledFed(dir)).toMatch(/"partition" = 0 and "offset" >= \d+ and "offset" < \d+/);
    await expectSameAsFullBuild(dir);

    // behind again; this compaction removes the originals: the re-aggregated hours read old commits too
    const removedLater = commitRound(dir);
    const removed = await compact(dir, '0s');
    expect(removed.code, removed.stderr).toBe(0);
    for (const record of [...behind, ...removedLater]) {
      for (const file of record.files) expect(existsSync(join(dir, 'lake', file.path))).toBe(false);
    }
    const stdout = await run(dir);
    expect(stdout).toMatch(/main\.orders_fed .*INSERT 0 20 \(8 commits\)/);
    await expectSameAsFullBuild(dir);

    // a full refresh reads every commit, all of them compacted now
    await run(dir, '--full-refresh');
    await expectSameAsFullBuild(dir);

    // a compaction killed at a step, the models run, each time with commits they have not read
    for (const killAfter of [1, 3, 2, 5]) {
      commitRound(dir);
      const killed = await compact(dir, '0s', killAfter);
      expect(killed.code === null || killed.code === 0, killed.stderr).toBe(true);
      await run(dir);
      await expectSameAsFullBuild(dir);
    }
    const last = await compact(dir, '0s');
    expect(last.code, last.stderr).toBe(0);
    await run(dir);
    await expectSameAsFullBuild(dir);
  }, 240_000);

  it('names a file the feed lists that is gone with no compacted generation holding it', async () => {
    const dir = project();
    const [first] = commitRound(dir);
    const gone = join(dir, 'lake', first!.files[0]!.path);
    rmSync(gone);
    const result = await strata(['run', '--select', 'orders_fed', '--profiles-dir', dir], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${gone}, listed by commit ${first!.id} of the commit feed, is not in the lake`);
  }, 60_000);
});
