/**
 * Microbatch incremental models on DuckDB, as dbt builds them: batches of the model's
 * event time, upstream refs with `event_time` read only the batch's window, each batch
 * replacing exactly its window; `partial success` and `strata retry` of the failed batches.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

let dir: string;

beforeEach(() => {
  dir = copyFixture('microbatch');
});

interface Result {
  unique_id: string;
  status: string;
  message: string;
  batch_results: { successful: string[][]; failed: string[][] } | null;
}

function resultOf(id: string): Result {
  const json = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as { results: Result[] };
  return json.results.find((r) => r.unique_id === id)!;
}

const rows = (sql: string) => queryDuckDb(join(dir, 'target/microbatch_shop.duckdb'), sql);
const day = (d: string, next: string) => [`2024-01-${d}T00:00:00+00:00`, `2024-01-${next}T00:00:00+00:00`];
const WINDOW = ['--event-time-start', '2024-01-01', '--event-time-end', '2024-01-05'];

describe('microbatch incremental models', () => {
  it('builds one batch per day of the window, each reading only its day of the upstream', async () => {
    const built = await strata(['build', ...WINDOW], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain('OK created sql microbatch model main.daily_events');
    const table = await rows('select event_id::integer as event_id, batch_id from daily_events order by event_id');
    // 23:59:59 belongs to its day, 00:00:00 to the next (dbt-labs/dbt-core#10824: no empty or
    // overlapping batch at a boundary); the end is exclusive (dbt-labs/docs.getdbt.com#8351),
    // and the 2023 event before the window is not read
    expect(table).toEqual([
      { event_id: 1, batch_id: '20240101' },
      { event_id: 2, batch_id: '20240101' },
      { event_id: 3, batch_id: '20240102' },
      { event_id: 4, batch_id: '20240102' },
      { event_id: 5, batch_id: '20240103' },
      { event_id: 6, batch_id: '20240104' },
    ]);
    expect(resultOf('model.microbatch_shop.daily_events').batch_results).toEqual({
      successful: [day('01', '02'), day('02', '03'), day('03', '04'), day('04', '05')],
      failed: [],
    });
  });

  it('reads an ephemeral parent with event_time only for the batch window', async () => {
    const built = await strata(['build', '-s', '+daily_from_ephemeral', ...WINDOW], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const sql = 'select event_id::integer as event_id, rows_read::integer as rows_read from daily_from_ephemeral';
    const table = await rows(`${sql} order by event_id`);
    // each batch counts the rows of its own day only: 2, 2, 1 and 1, never all 7 events
    expect(table.map((r) => [r.event_id, r.rows_read])).toEqual([
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
      [5, 1],
      [6, 1],
    ]);
  });

  it('enforces a contract on every batch: the table has its DDL, a mismatch writes nothing', async () => {
    const built = await strata(['build', '-s', '+daily_contracted', ...WINDOW], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const nullable = await rows(
      "select column_name, is_nullable from information_schema.columns where table_name = 'daily_contracted' " +
        'order by column_name',
    );
    // the not_null constraint of the contract is in the table's DDL
    expect(nullable).toEqual([
      { column_name: 'amount', is_nullable: 'YES' },
      { column_name: 'event_id', is_nullable: 'NO' },
      { column_name: 'occurred_at', is_nullable: 'YES' },
    ]);
    const file = join(dir, 'models/contracted.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'name: amount\n        data_type: bigint',
        'name: amount\n        data_type: varchar',
      ),
    );
    await rows('update events set amount = amount + 1000');
    const broken = await strata(['run', '-s', 'daily_contracted', ...WINDOW], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Model "daily_contracted" has an enforced contract that failed');
    expect(broken.stdout).toMatch(/\| amount +\| BIGINT +\| VARCHAR +\| data type mismatch \|/);
    expect(resultOf('model.microbatch_shop.daily_contracted').status).toBe('error');
    // no batch replaced its window: the amounts are the first build's
    const amounts = await rows('select sum(amount)::integer as total from daily_contracted');
    expect(amounts).toEqual([{ total: 210 }]);
  });

  it('fills the day a missed run left: a run without a window resumes from the newest event time', async () => {
    // one event a day for the last five days, at 10:00 UTC (today's at midnight, already past)
    const today = new Date();
    const day = (offset: number) =>
      new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offset));
    const stamp = (offset: number, hour: number) =>
      new Date(day(offset).getTime() + hour * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const events = [stamp(-4, 10), stamp(-3, 10), stamp(-2, 10), stamp(-1, 10), stamp(0, 0)];
    writeFileSync(
      join(dir, 'seeds/raw_events.csv'),
      ['event_id,customer_id,amount,occurred_at', ...events.map((at, i) => `${i + 1},1,${10 * (i + 1)},${at}`)].join(
        '\n',
      ),
    );
    const iso = (offset: number) => day(offset).toISOString().slice(0, 10);
    // the last scheduled run: up to two days ago; then the daily run was missed one day
    const first = await strata(
      ['build', '-s', '+daily_events', '--event-time-start', iso(-4), '--event-time-end', iso(-2)],
      {
        cwd: dir,
      },
    );
    expect(first.code).toBe(0);
    const ids = async () =>
      (await rows('select event_id::integer as event_id from daily_events order by 1')).map((r) => r.event_id);
    expect(await ids()).toEqual([1, 2]);

    // dbt's lookback alone would build yesterday and today only, and never the day before
    const next = await strata(['run', '-s', 'daily_events'], { cwd: dir });
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(await ids()).toEqual([1, 2, 3, 4, 5]);
    const successful = resultOf('model.microbatch_shop.daily_events').batch_results!.successful;
    // from the batch of the newest event the table held (three days ago), through today
    expect(successful.map(([start]) => start!.slice(0, 10))).toEqual([iso(-3), iso(-2), iso(-1), iso(0)]);
  });

  it('replaces exactly the window of a rerun batch: changed rows once, other days untouched', async () => {
    expect((await strata(['build', ...WINDOW], { cwd: dir })).code).toBe(0);
    await rows("update events set amount = amount + 1000 where occurred_at < '2024-01-03'");
    const rerun = await strata(
      ['run', '-s', 'daily_events', '--event-time-start', '2024-01-02', '--event-time-end', '2024-01-03'],
      { cwd: dir },
    );
    expect(rerun.code).toBe(0);
    const table = await rows('select event_id::integer as event_id, amount from daily_events order by event_id');
    expect(table.map((r) => [r.event_id, Number(r.amount)])).toEqual([
      [1, 10],
      [2, 20],
      [3, 1030],
      [4, 1040],
      [5, 50],
      [6, 60],
    ]);
  });

  it('ends partial success when a batch fails, and strata retry runs only the failed batch', async () => {
    const broken = await strata(['build', ...WINDOW, '--vars', '{broken_batches: ["20240102"]}'], { cwd: dir });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('PARTIAL SUCCESS (3/4)');
    const failed = resultOf('model.microbatch_shop.daily_events');
    expect(failed.status).toBe('partial success');
    expect(failed.batch_results).toEqual({
      successful: [day('01', '02'), day('03', '04'), day('04', '05')],
      failed: [day('02', '03')],
    });
    expect(
      (await rows('select event_id::integer as event_id from daily_events order by event_id')).map((r) => r.event_id),
    ).toEqual([1, 2, 5, 6]);

    // the rows of the batches that succeeded are changed upstream: a retry that reran them would show it
    await rows('update events set amount = amount + 1000');
    const retried = await strata(['retry', '--vars', '{broken_batches: []}'], { cwd: dir });
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    const result = resultOf('model.microbatch_shop.daily_events');
    expect(result.status).toBe('success');
    expect(result.batch_results!.successful).toEqual([
      day('01', '02'),
      day('02', '03'),
      day('03', '04'),
      day('04', '05'),
    ]);
    const table = await rows('select event_id::integer as event_id, amount from daily_events order by event_id');
    expect(table.map((r) => [r.event_id, Number(r.amount)])).toEqual([
      [1, 10],
      [2, 20],
      [3, 1030],
      [4, 1040],
      [5, 50],
      [6, 60],
    ]);
  });

  it('rebuilds from begin on --full-refresh, one batch per month up to now', async () => {
    expect((await strata(['build', ...WINDOW], { cwd: dir })).code).toBe(0);
    await rows('delete from events where event_id = 6');
    const refreshed = await strata(['run', '-s', 'monthly_amounts', '--full-refresh'], { cwd: dir });
    expect(refreshed.stderr).toBe('');
    expect(refreshed.code).toBe(0);
    const result = resultOf('model.microbatch_shop.monthly_amounts');
    // from begin (2024-01) to the month of now, whatever today is: the first and a later one
    expect(result.batch_results!.successful[0]).toEqual(['2024-01-01T00:00:00+00:00', '2024-02-01T00:00:00+00:00']);
    expect(result.batch_results!.successful.length).toBeGreaterThan(12);
    const table = await rows('select month_start::varchar as month, amount::integer as amount from monthly_amounts');
    // the 2023 event is before begin; event 6 is gone upstream
    expect(table).toEqual([{ month: '2024-01-01 00:00:00', amount: 150 }]);
  });

  it('keeps batches on UTC days when the session time zone is not UTC (dbt-labs/dbt-core#10976, #11417)', async () => {
    const built = await strata(['build', '-s', '+daily_events_tz', ...WINDOW], { cwd: dir });
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    const table = await rows('select event_id::integer as event_id, batch_id from daily_events_tz order by event_id');
    // read in Chicago, 2024-01-02 00:00 UTC is still 2024-01-01: a bound without its offset would move it
    expect(table.map((r) => [r.event_id, r.batch_id])).toEqual([
      [1, '20240101'],
      [2, '20240101'],
      [3, '20240102'],
      [4, '20240102'],
      [5, '20240103'],
      [6, '20240104'],
    ]);
  });

  it('refuses --event-time-end without --event-time-start, and a start not before the end', async () => {
    const alone = await strata(['run', '--event-time-end', '2024-01-05'], { cwd: dir });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--event-time-end needs --event-time-start as well');
    const reversed = await strata(['run', '--event-time-start', '2024-01-05', '--event-time-end', '2024-01-05'], {
      cwd: dir,
    });
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('must be before --event-time-end');
  });
});
