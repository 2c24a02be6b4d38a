import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import type { CommitRecord } from '../../../src/feed/commit-record.js';
import { createStateTable, cursorFromRows, selectState, writeState } from '../../../src/feed/feed-state.js';
import { commitsOverlapping, windowsToReaggregate } from '../../../src/feed/feed-windows.js';
import { materializeCommitFeed, type FeedRun } from '../../../src/materializations/materialize-commit-feed.js';

const relation = { schema: 'main', identifier: 'daily' };
const MODEL = 'model.shop.daily';

const commit = (partition: number, start: number, min: string | null, max: string | null): CommitRecord => ({
  version: 1,
  id: `t+${partition}+${start}`,
  topic: 't',
  partition,
  start_offset: start,
  end_offset: start + 1,
  files: [],
  rows: 1,
  rejected_rows: 0,
  min_event_time: min,
  max_event_time: max,
  ingested_at: '2026-01-06T00:00:00Z',
});

describe('windowsToReaggregate', () => {
  const commits = [
    commit(0, 0, '2026-01-06T09:00:00Z', '2026-01-06T10:30:00Z'),
    commit(1, 0, '2026-01-03T23:00:00Z', '2026-01-03T23:59:59Z'),
    commit(1, 1, null, null),
  ];

  it('takes every window the commits hold events of, in order', () => {
    const windows = windowsToReaggregate(commits, 'day', undefined);
    expect(windows.map((w) => w.start.toISOString())).toEqual(['2026-01-03T00:00:00.000Z', '2026-01-06T00:00:00.000Z']);
    expect(windows[0]!.end.toISOString()).toBe('2026-01-04T00:00:00.000Z');
    const hours = windowsToReaggregate(commits.slice(0, 1), 'hour', undefined);
    expect(hours.map((w) => w.start.toISOString())).toEqual(['2026-01-06T09:00:00.000Z', '2026-01-06T10:00:00.000Z']);
  });

  it('goes back at most `lookback` windows before the newest', () => {
    expect(windowsToReaggregate(commits, 'day', 2).map((w) => w.start.toISOString())).toEqual([
      '2026-01-06T00:00:00.000Z',
    ]);
    expect(windowsToReaggregate(commits, 'day', 3)).toHaveLength(2);
    expect(windowsToReaggregate([commits[2]!], 'day', undefined)).toEqual([]);
  });

  it('finds the commits whose event times reach into a window, and no other', () => {
    const [day] = windowsToReaggregate([commits[1]!], 'day', undefined);
    const all = [
      ...commits,
      commit(0, 1, '2026-01-02T12:00:00Z', '2026-01-03T00:00:00Z'),
      commit(0, 2, '2026-01-04T00:00:00Z', '2026-01-04T01:00:00Z'),
    ];
    expect(commitsOverlapping(all, [day!]).map((c) => c.id)).toEqual(['t+1+0', 't+0+1']);
  });
});

describe('a commit-fed batch on DuckDB', () => {
  let adapter: DuckDbAdapter;
  let connection: Connection;
  const dialect = () => adapter.dialect;
  const cursor = async () => cursorFromRows((await connection.query(selectState(dialect(), relation, MODEL))).rows);
  const table = async () =>
    (await connection.query('select day, orders, users from main.daily order by day')).rows.map((r) => ({
      day: r.day,
      orders: Number(r.orders),
      users: r.users,
    }));
  const batch = (overrides: Partial<FeedRun>): FeedRun => ({
    connection,
    dialect: dialect(),
    relation,
    deltaSql: '',
    windows: [],
    uniqueKey: ['day'],
    sumColumns: ['orders'],
    clearState: writeState(dialect(), relation, MODEL, new Map()),
    writeState: [],
    ...overrides,
  });

  beforeEach(async () => {
    adapter = await DuckDbAdapter.create(
      { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: {} } as never,
      '/tmp',
    );
    connection = await adapter.connect();
    await connection.execute(createStateTable(dialect(), relation));
  });
  afterEach(async () => {
    await adapter.close();
  });

  it('builds, then sums deltas into existing keys and inserts new ones, storing the cursor with them', async () => {
    await materializeCommitFeed(
      batch({
        deltaSql: "select 'a' as day, 2 as orders, 'x' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 2]])),
        build: {},
      }),
    );
    await materializeCommitFeed(
      batch({
        deltaSql: "select 'a' as day, 3 as orders, 'y' as users union all select 'b', 1, 'z'",
        writeState: writeState(
          dialect(),
          relation,
          MODEL,
          new Map([
            ['t/0', 4],
            ['t/1', 1],
          ]),
        ),
      }),
    );
    expect(await table()).toEqual([
      { day: 'a', orders: 5, users: 'y' },
      { day: 'b', orders: 1, users: 'z' },
    ]);
    expect(await cursor()).toEqual(
      new Map([
        ['t/0', 4],
        ['t/1', 1],
      ]),
    );
  });

  it('replaces re-aggregated windows and merges the rest of the delta', async () => {
    const day = (d: string) => ({ start: new Date(`${d}T00:00:00Z`), end: new Date(Date.parse(d) + 86_400_000) });
    await materializeCommitFeed(
      batch({
        deltaSql: "select date '2026-01-05' as day, 2 as orders, 'u1' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 1]])),
        build: {},
      }),
    );
    await materializeCommitFeed(
      batch({
        eventTime: 'day',
        windows: [day('2026-01-05')],
        // the delta holds a row of the window too: the window's rows come from the re-aggregation alone
        deltaSql:
          "select date '2026-01-05' as day, 1 as orders, 'u2' as users union all select date '2026-01-06', 4, 'u3'",
        windowsSql: "select date '2026-01-05' as day, 3 as orders, 'u1,u2' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 2]])),
      }),
    );
    expect((await table()).map((r) => [(r.day as Date).toISOString().slice(0, 10), r.orders, r.users])).toEqual([
      ['2026-01-05', 3, 'u1,u2'],
      ['2026-01-06', 4, 'u3'],
    ]);
  });

  it('leaves rows and cursor as they were when the batch fails inside its transaction', async () => {
    await materializeCommitFeed(
      batch({
        deltaSql: "select 'a' as day, 2 as orders, 'x' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 2]])),
        build: {},
      }),
    );
    // the cursor's write fails after the merge ran: the merge is rolled back with it
    const failing = [...writeState(dialect(), relation, MODEL, new Map([['t/0', 3]])), 'select no_such_column'];
    await expect(
      materializeCommitFeed(batch({ deltaSql: "select 'a' as day, 5 as orders, 'y' as users", writeState: failing })),
    ).rejects.toThrow();
    expect(await table()).toEqual([{ day: 'a', orders: 2, users: 'x' }]);
    expect(await cursor()).toEqual(new Map([['t/0', 2]]));
    // the same batch again, now whole: applied once
    await materializeCommitFeed(
      batch({
        deltaSql: "select 'a' as day, 5 as orders, 'y' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 3]])),
      }),
    );
    expect(await table()).toEqual([{ day: 'a', orders: 7, users: 'y' }]);
  });

  it('refuses a delta holding a key twice, before anything is written', async () => {
    await materializeCommitFeed(
      batch({
        deltaSql: "select 'a' as day, 2 as orders, 'x' as users",
        writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 2]])),
        build: {},
      }),
    );
    const twice = "select 'b' as day, 1 as orders, 'y' as users union all select 'b', 1, 'z'";
    await expect(
      materializeCommitFeed(
        batch({ deltaSql: twice, writeState: writeState(dialect(), relation, MODEL, new Map([['t/0', 3]])) }),
      ),
    ).rejects.toThrow('the batch holds 1 unique_key value(s) on more than one row');
    expect(await table()).toEqual([{ day: 'a', orders: 2, users: 'x' }]);
    expect(await cursor()).toEqual(new Map([['t/0', 2]]));
  });
});
