import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

const EVENTS = `SELECT * FROM (VALUES
  (1, 'view', '2024-05-01', '09'),
  (2, 'cart', '2024-05-01', '10'),
  (3, 'order', '2024-05-02', '09')
) t(id, kind, dt, hour)`;

describe('lake tables on DuckDB', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  const lake = { materialized: 'table' as const, location: 'lake/gold/events', partitionBy: ['dt', 'hour'] };

  it('writes hive-partitioned Parquet readable through a view with dt/hour columns', async () => {
    const result = await h.build('events', EVENTS, lake);
    expect(result).toMatchObject({ kind: 'external', rowsAffected: 3, message: 'COPY 3' });
    const directory = join(h.projectRoot, 'lake/gold/events');
    expect(readdirSync(directory).sort()).toEqual(['dt=2024-05-01', 'dt=2024-05-02']);
    expect(readdirSync(join(directory, 'dt=2024-05-01')).sort()).toEqual(['hour=09', 'hour=10']);
    const rows = await h.rows(`SELECT id, kind, CAST(dt AS VARCHAR) AS dt, hour FROM ${SCHEMA}.events ORDER BY id`);
    expect(rows.map((r) => [r['id'], r['dt'], Number(r['hour'])])).toEqual([
      [1, '2024-05-01', 9],
      [2, '2024-05-01', 10],
      [3, '2024-05-02', 9],
    ]);
    expect((await h.connection.listRelations(SCHEMA)).map((r) => `${r.identifier}:${r.kind}`)).toEqual(['events:view']);
  });

  it('replaces the files on a re-run and keeps the old ones when the query fails', async () => {
    await h.build('events', EVENTS, lake);
    await h.build('events', `SELECT 9 AS id, 'late' AS kind, '2024-06-01' AS dt, '00' AS hour`, lake);
    expect(await h.rows(`SELECT id FROM ${SCHEMA}.events`)).toEqual([{ id: 9 }]);
    expect(readdirSync(join(h.projectRoot, 'lake/gold/events'))).toEqual(['dt=2024-06-01']);

    await expect(h.build('events', 'SELECT * FROM missing', lake)).rejects.toThrow(/missing/);
    expect(await h.rows(`SELECT id FROM ${SCHEMA}.events`)).toEqual([{ id: 9 }]);
    expect(readdirSync(join(h.projectRoot, 'lake/gold'))).toEqual(['events']);
  });

  it('writes an unpartitioned lake table as one file', async () => {
    await h.build('plain', 'SELECT * FROM range(4) r(id)', { location: 'lake/plain' });
    expect(existsSync(join(h.projectRoot, 'lake/plain/data_0.parquet'))).toBe(true);
    expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.plain`)).toEqual([{ n: 4 }]);
  });

  it('lets later models ref the lake table', async () => {
    await h.build('events', EVENTS, lake);
    await h.build('daily', `SELECT dt, count(*) AS n FROM ${SCHEMA}.events GROUP BY dt ORDER BY dt`, {});
    expect((await h.rows(`SELECT n FROM ${SCHEMA}.daily ORDER BY dt`)).map((r) => r['n'])).toEqual([2, 1]);
  });
});
