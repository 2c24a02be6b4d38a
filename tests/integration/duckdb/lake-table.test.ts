import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAKE_MARKER_FILE } from '../../../src/materializations/lake-folder-marker.js';
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
    expect(readdirSync(directory).sort()).toEqual([LAKE_MARKER_FILE, 'dt=2024-05-01', 'dt=2024-05-02']);
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
    expect(readdirSync(join(h.projectRoot, 'lake/gold/events')).sort()).toEqual([LAKE_MARKER_FILE, 'dt=2024-06-01']);

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

  it("marks its folder with the model's id and a build id, which a re-run renews", async () => {
    await h.build('events', EVENTS, { ...lake, partitionBy: [] });
    const marker = () =>
      JSON.parse(readFileSync(join(h.projectRoot, 'lake/gold/events', LAKE_MARKER_FILE), 'utf8')) as Record<
        string,
        string
      >;
    const first = marker();
    expect(first).toMatchObject({ written_by: 'strata', model: `model.${SCHEMA}.events` });
    await h.build('events', EVENTS, { ...lake, partitionBy: [] });
    expect(marker().model).toBe(first['model']);
    expect(marker().build).not.toBe(first['build']);
    // the view's glob reads the Parquet files only
    expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.events`)).toEqual([{ n: 3 }]);
  });

  it('refuses to replace a folder it did not write, or one another model wrote, and keeps its files', async () => {
    const foreign = join(h.projectRoot, 'lake/gold/events');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'notes.txt'), 'keep me');
    await expect(h.build('events', EVENTS, lake)).rejects.toThrow(
      new RegExp(
        'Refusing to replace lake/gold/events for model\\.main_test\\.events: ' +
          'the folder has no _strata_table\\.json marker',
      ),
    );
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
    expect(existsSync(`${foreign}.__strata_tmp`)).toBe(false);

    await h.build('other', EVENTS, { ...lake, location: 'lake/gold/other' });
    await expect(h.build('events', EVENTS, { ...lake, location: 'lake/gold/other' })).rejects.toThrow(
      /the folder belongs to model\.main_test\.other/,
    );
    expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.other`)).toEqual([{ n: 3 }]);
  });

  it('refuses a location that is a file or a symbolic link, and a leftover beside it that is not its own', async () => {
    mkdirSync(join(h.projectRoot, 'lake'), { recursive: true });
    writeFileSync(join(h.projectRoot, 'lake/file'), 'data');
    await expect(h.build('events', EVENTS, { ...lake, location: 'lake/file' })).rejects.toThrow(
      /is a file, not a folder/,
    );
    mkdirSync(join(h.projectRoot, 'elsewhere'));
    symlinkSync(join(h.projectRoot, 'elsewhere'), join(h.projectRoot, 'lake/link'));
    await expect(h.build('events', EVENTS, { ...lake, location: 'lake/link' })).rejects.toThrow(/is a symbolic link/);
    mkdirSync(join(h.projectRoot, 'lake/mine.__strata_tmp'));
    writeFileSync(join(h.projectRoot, 'lake/mine.__strata_tmp/x.parquet'), 'not ours');
    await expect(h.build('events', EVENTS, { ...lake, location: 'lake/mine' })).rejects.toThrow(
      /Refusing to replace lake\/mine\.__strata_tmp/,
    );
    expect(readFileSync(join(h.projectRoot, 'lake/mine.__strata_tmp/x.parquet'), 'utf8')).toBe('not ours');
    expect(existsSync(join(h.projectRoot, 'lake/mine'))).toBe(false);
  });

  it('clears its own leftovers of an interrupted build and takes over an empty folder', async () => {
    mkdirSync(join(h.projectRoot, 'lake/gold/events'), { recursive: true });
    await h.build('events', EVENTS, lake);
    const staging = join(h.projectRoot, 'lake/gold/events.__strata_tmp');
    mkdirSync(staging);
    writeFileSync(
      join(staging, LAKE_MARKER_FILE),
      JSON.stringify({ model: `model.${SCHEMA}.events`, build: 'killed' }),
    );
    await h.build('events', EVENTS, lake);
    expect(readdirSync(join(h.projectRoot, 'lake/gold')).sort()).toEqual(['events']);
  });

  it('puts back the old files an interrupted swap left beside the location before building again', async () => {
    await h.build('events', EVENTS, lake);
    const directory = join(h.projectRoot, 'lake/gold/events');
    renameSync(directory, `${directory}.__strata_old`);
    await expect(h.build('events', 'SELECT * FROM missing', lake)).rejects.toThrow(/missing/);
    expect(await h.rows(`SELECT count(*) AS n FROM ${SCHEMA}.events`)).toEqual([{ n: 3 }]);
    expect(readdirSync(join(h.projectRoot, 'lake/gold'))).toEqual(['events']);
  });
});
