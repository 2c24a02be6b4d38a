import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Reporter } from '../../../src/execution/reporter.js';
import { loadSession } from '../../../src/execution/session.js';
import { watch, type WatchRun } from '../../../src/watch/watch-runner.js';
import { Wakeups } from '../../../src/watch/wakeups.js';
import { walBytes } from '../../../src/adapters/duckdb/duckdb-checkpoints.js';
import { appendCommit } from '../../support/feed-lake.js';
import { tempProject } from '../../support/temp-project.js';

const SOURCES = `
version: 2
sources:
  - name: bronze
    schema: bronze
    tables:
      - name: orders
        external: { location: lake/orders, format: jsonl, partitions: [dt, hour] }
      - name: users
        external: { location: lake/users, format: jsonl, partitions: [dt, hour] }
`;

/** Two topics, two branches of models; one model fails while there are exactly three orders. */
function watchProject(): string {
  return tempProject({
    'project.yml':
      'name: watched\nversion: "1.0"\nprofile: watched\nmodel-paths: [models]\n' +
      'models: { watched: { +materialized: table } }\n',
    'profiles.yml':
      'watched:\n  target: dev\n  outputs:\n' +
      '    dev: { type: duckdb, path: target/watched.duckdb, threads: 2, schema: main }\n',
    'models/sources.yml': SOURCES,
    'models/stg_orders.sql': `select json_extract_string(payload, '$.id') as id from {{ source('bronze', 'orders') }}`,
    'models/order_count.sql': `select count(*) as orders from {{ ref('stg_orders') }}`,
    // error() stops the query: the model fails on three orders and recovers on the fourth
    'models/order_check.sql':
      "select case when count(*) = 3 then error('three orders') else count(*) end as orders " +
      "from {{ ref('stg_orders') }}",
    'models/stg_users.sql': `select json_extract_string(payload, '$.id') as id from {{ source('bronze', 'users') }}`,
  });
}

function orders(...ids: string[]): object[] {
  return ids.map((id) => ({ id, event_time: '2026-01-05T10:00:00Z' }));
}

async function tableCount(project: string, table: string): Promise<number> {
  const instance = await DuckDBInstance.create(join(project, 'target/watched.duckdb'));
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`select orders from main.${table}`);
    return Number(reader.getRows()[0]?.[0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Run the watcher in this process; `step(run, index)` drives the lake after each run. */
async function watchRuns(
  project: string,
  step: (run: WatchRun, index: number, wakeups: Wakeups, stop: () => void) => void,
  onLine: (line: string, wakeups: Wakeups) => void = () => undefined,
  idleGraceMs?: number,
): Promise<{ runs: WatchRun[]; output: string[] }> {
  const session = loadSession({ projectDir: project, profilesDir: project });
  const wakeups = new Wakeups();
  const stop = new AbortController();
  const runs: WatchRun[] = [];
  const output: string[] = [];
  const reporter = new Reporter((line) => {
    output.push(line);
    onLine(line, wakeups);
  }, false);
  await watch(
    session,
    {
      task: { kind: 'run' },
      // an hour: every read of the feed in these tests comes from a wake-up, as with a push
      pollMs: 3_600_000,
      wakeups,
      idleGraceMs,
      stop: stop.signal,
      cancel: new AbortController().signal,
      onRun: (run) => {
        runs.push(run);
        step(run, runs.length - 1, wakeups, () => stop.abort());
      },
    },
    reporter,
  );
  return { runs, output };
}

describe('strata run --watch', () => {
  it('runs the selection, then only the part downstream of each new commit', async () => {
    const project = watchProject();
    const lake = join(project, 'lake');
    appendCommit(lake, 'orders', 0, orders('o1'));
    appendCommit(lake, 'users', 0, orders('u1'));
    const { runs } = await watchRuns(project, (_run, index, wakeups, stop) => {
      if (index === 0) appendCommit(lake, 'orders', 0, orders('o2'));
      else if (index === 1) appendCommit(lake, 'users', 0, orders('u2'));
      else return stop();
      wakeups.wake();
    });
    const names = (run: WatchRun) => run.nodes.map((id) => id.split('.').pop()).sort();
    expect(names(runs[0]!)).toEqual(['order_check', 'order_count', 'stg_orders', 'stg_users']);
    expect(runs[0]!.commits).toEqual([]);
    expect(names(runs[1]!)).toEqual(['order_check', 'order_count', 'stg_orders']);
    expect(runs[1]!.commits.map((commit) => commit.id)).toEqual(['orders+0+1']);
    expect(names(runs[2]!)).toEqual(['stg_users']);
    expect(runs[2]!.commits.map((commit) => commit.id)).toEqual(['users+0+1']);
    expect(await tableCount(project, 'order_count')).toBe(2);
  });

  it('reports a failing model, keeps watching, and runs it again on the next commit', async () => {
    const project = watchProject();
    const lake = join(project, 'lake');
    appendCommit(lake, 'orders', 0, orders('o1', 'o2', 'o3'));
    appendCommit(lake, 'users', 0, orders('u1'));
    const { runs, output } = await watchRuns(project, (_run, index, wakeups, stop) => {
      // a commit of the other topic: the failed model is retried (and fails again)
      if (index === 0) appendCommit(lake, 'users', 0, orders('u2'));
      // a fourth order: it passes
      else if (index === 1) appendCommit(lake, 'orders', 0, orders('o4'));
      else return stop();
      wakeups.wake();
    });
    expect(runs.map((run) => run.failed.map((id) => id.split('.').pop()))).toEqual([
      ['order_check'],
      ['order_check'],
      [],
    ]);
    expect(runs[1]!.nodes.map((id) => id.split('.').pop()).sort()).toEqual(['order_check', 'stg_users']);
    expect(output.join('\n')).toContain('1 node failed: it runs again on the next commit');
    expect(await tableCount(project, 'order_check')).toBe(4);
  });

  it('reads the commits that land during a run together once it ends, never running twice at once', async () => {
    const project = watchProject();
    const lake = join(project, 'lake');
    appendCommit(lake, 'orders', 0, orders('o1'));
    let landedDuringRun = false;
    let secondRun = false;
    const { runs } = await watchRuns(
      project,
      (_run, index, wakeups, stop) => {
        if (index === 0) {
          secondRun = true;
          appendCommit(lake, 'orders', 0, orders('o2'));
          wakeups.wake();
        } else if (index === 2) stop();
        // after the second run nothing is woken here: the pushes kept during it start the third
      },
      (line, wakeups) => {
        // while the second run builds order_count, two more commits land and push
        if (secondRun && !landedDuringRun && /START .*order_count/.test(line)) {
          landedDuringRun = true;
          appendCommit(lake, 'orders', 0, orders('o3'));
          wakeups.wake();
          appendCommit(lake, 'orders', 0, orders('o4'));
          wakeups.wake();
        }
      },
    );
    expect(landedDuringRun).toBe(true);
    expect(runs.map((run) => run.commits.map((commit) => commit.id))).toEqual([
      [],
      ['orders+0+1'],
      ['orders+0+2', 'orders+0+3'],
    ]);
    expect(await tableCount(project, 'order_count')).toBe(4);
  });
});

describe('strata run --watch on a DuckDB file', () => {
  it('keeps the file open, its log unflushed, when commits arrive within the grace of waiting', async () => {
    const project = watchProject();
    const lake = join(project, 'lake');
    const database = join(project, 'target/watched.duckdb');
    appendCommit(lake, 'orders', 0, orders('o1'));
    appendCommit(lake, 'users', 0, orders('u1'));
    const logAfterRun: number[] = [];
    let waits = 0;
    await watchRuns(
      project,
      (_run, index, _wakeups, stop) => {
        logAfterRun.push(walBytes(database));
        if (index === 2) stop();
      },
      (line, wakeups) => {
        // once the watcher waits (it found nothing new), a commit lands and pushes, well within the grace
        if (!line.includes('Waiting for commits...') || (waits += 1) > 2) return;
        const id = `o${waits + 1}`;
        setTimeout(() => {
          appendCommit(lake, 'orders', 0, orders(id));
          wakeups.wake();
        }, 50);
      },
      // an hour: however slow the machine, the commit lands within it
      3_600_000,
    );
    // closing the file would have checkpointed it: each run's log would start from nothing
    expect(logAfterRun[0]).toBeGreaterThan(0);
    expect(logAfterRun[2]).toBeGreaterThan(logAfterRun[1]!);
    expect(logAfterRun[1]).toBeGreaterThan(logAfterRun[0]!);
  });

  it('checkpoints a large log while it waits with nothing new, before saying that it waits', async () => {
    const project = watchProject();
    // about 6 MiB written on each run: more than the quarter of the budget an idle watcher checkpoints from
    writeFileSync(
      join(project, 'models/wide.sql'),
      "select repeat(md5(range::varchar), 32) as s from range(6000), (select count(*) from {{ ref('stg_orders') }})",
    );
    const lake = join(project, 'lake');
    appendCommit(lake, 'orders', 0, orders('o1'));
    appendCommit(lake, 'users', 0, orders('u1'));
    let waited = false;
    const { output } = await watchRuns(
      project,
      (_run, index, _wakeups, stop) => {
        if (index === 1) stop();
      },
      (line, wakeups) => {
        if (waited || !line.includes('Waiting for commits...')) return;
        waited = true;
        appendCommit(lake, 'orders', 0, orders('o2'));
        wakeups.wake();
      },
    );
    const checkpointed = output.findIndex((line) => /Checkpointed the database: [\d.]+ MiB of log in/.test(line));
    expect(checkpointed).toBeGreaterThan(0);
    expect(output[checkpointed + 1]).toContain('Waiting for commits...');
  });
});
