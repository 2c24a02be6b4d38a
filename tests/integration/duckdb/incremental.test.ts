import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../../src/manifest/types.js';
import { openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

const inc = (overrides: Partial<NodeConfig> = {}): Partial<NodeConfig> => ({
  materialized: 'incremental',
  ...overrides,
});

describe('incremental materialization on DuckDB', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  const table = (order = 'id') => h.rows(`SELECT * FROM ${SCHEMA}.m ORDER BY ${order}`);
  const relations = async () => (await h.connection.listRelations(SCHEMA)).map((r) => r.identifier).sort();

  it('builds like a table on the first run, then appends', async () => {
    expect(await h.build('m', `SELECT 1 AS id, 'a' AS v`, inc())).toMatchObject({ kind: 'table', message: 'SELECT 1' });
    const second = await h.build('m', `SELECT 2 AS id, 'b' AS v`, inc());
    expect(second).toMatchObject({ rowsAffected: 1, message: 'INSERT 0 1' });
    expect(await table()).toEqual([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
    expect(await relations()).toEqual(['m']);
  });

  const keyedRuns: Array<[string, Partial<NodeConfig>, string]> = [
    ['merge on one key', { incrementalStrategy: 'merge', uniqueKey: ['id'] }, 'MERGE 2'],
    ['delete+insert on one key', { incrementalStrategy: 'delete+insert', uniqueKey: ['id'] }, 'INSERT 0 2'],
    ['merge by default when a key is set', { uniqueKey: ['id'] }, 'MERGE 2'],
  ];
  it.each(keyedRuns)(
    '%s updates matched rows, inserts new ones, and re-runs idempotently',
    async (_, config, message) => {
      await h.build('m', `SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, v)`, inc(config));
      const update = `SELECT * FROM (VALUES (2, 'B'), (3, 'c')) t(id, v)`;
      expect((await h.build('m', update, inc(config))).message).toBe(message);
      await h.build('m', update, inc(config));
      expect(await table()).toEqual([
        { id: 1, v: 'a' },
        { id: 2, v: 'B' },
        { id: 3, v: 'c' },
      ]);
    },
  );

  it.each(['merge', 'delete+insert'] as const)('%s works on a two-column key', async (strategy) => {
    const config = inc({ incrementalStrategy: strategy, uniqueKey: ['day', 'country'] });
    await h.build('m', `SELECT * FROM (VALUES (1, 'fr', 10), (1, 'de', 20), (2, 'fr', 30)) t(day, country, n)`, config);
    const update = `SELECT * FROM (VALUES (1, 'de', 21), (2, 'de', 40)) t(day, country, n)`;
    await h.build('m', update, config);
    await h.build('m', update, config);
    expect(await table('day, country')).toEqual([
      { day: 1, country: 'de', n: 21 },
      { day: 1, country: 'fr', n: 10 },
      { day: 2, country: 'de', n: 40 },
      { day: 2, country: 'fr', n: 30 },
    ]);
  });

  it('rebuilds on full refresh', async () => {
    await h.build('m', `SELECT 1 AS id`, inc());
    await h.build('m', `SELECT 2 AS id`, inc());
    const refreshed = await h.build('m', `SELECT 9 AS id, 'new' AS extra`, inc({ onSchemaChange: 'fail' }), true);
    expect(refreshed.message).toBe('SELECT 1');
    expect(await table()).toEqual([{ id: 9, extra: 'new' }]);
  });

  it('honours a model-level full_refresh: false over the flag', async () => {
    await h.build('m', `SELECT 1 AS id`, inc());
    await h.build('m', `SELECT 2 AS id`, inc({ fullRefresh: false }), true);
    expect(await table()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('replaces a view of the same name by a table', async () => {
    await h.build('m', `SELECT 1 AS id`, { materialized: 'view' });
    await h.build('m', `SELECT 2 AS id`, inc());
    expect((await h.connection.listRelations(SCHEMA))[0]?.kind).toBe('table');
    expect(await table()).toEqual([{ id: 2 }]);
  });

  describe('on_schema_change', () => {
    const first = `SELECT 1 AS id, 'a' AS old_col, 10 AS kept`;
    const next = `SELECT 2 AS id, 20 AS kept, 'x' AS new_col`;

    it('ignore: writes only the common columns', async () => {
      await h.build('m', first, inc({ onSchemaChange: 'ignore' }));
      await h.build('m', next, inc({ onSchemaChange: 'ignore' }));
      expect(await table()).toEqual([
        { id: 1, old_col: 'a', kept: 10 },
        { id: 2, old_col: null, kept: 20 },
      ]);
    });

    it('fail: refuses with the added and removed columns, changing nothing', async () => {
      await h.build('m', first, inc({ onSchemaChange: 'fail' }));
      await expect(h.build('m', next, inc({ onSchemaChange: 'fail' }))).rejects.toThrow(
        /added: new_col VARCHAR; removed: old_col VARCHAR/,
      );
      expect(await table()).toEqual([{ id: 1, old_col: 'a', kept: 10 }]);
      expect(await relations()).toEqual(['m']);
    });

    it('append_new_columns: adds the new columns and keeps the removed ones', async () => {
      await h.build('m', first, inc({ onSchemaChange: 'append_new_columns' }));
      await h.build('m', next, inc({ onSchemaChange: 'append_new_columns', uniqueKey: ['id'] }));
      expect(await table()).toEqual([
        { id: 1, old_col: 'a', kept: 10, new_col: null },
        { id: 2, old_col: null, kept: 20, new_col: 'x' },
      ]);
    });

    it('sync_all_columns: adds the new columns and drops the removed ones', async () => {
      await h.build('m', first, inc({ onSchemaChange: 'sync_all_columns' }));
      const config = inc({
        onSchemaChange: 'sync_all_columns',
        incrementalStrategy: 'delete+insert',
        uniqueKey: ['id'],
      });
      await h.build('m', next, config);
      await h.build('m', next, config);
      expect(await table()).toEqual([
        { id: 1, kept: 10, new_col: null },
        { id: 2, kept: 20, new_col: 'x' },
      ]);
    });
  });

  it('rolls back a delete+insert whose insert fails, and leaves no staging table', async () => {
    const config = inc({ incrementalStrategy: 'delete+insert', uniqueKey: ['id'] });
    await h.build('m', `SELECT 1 AS id, 10 AS n`, config);
    // The delete succeeds, then 'abc' cannot go into the INTEGER column: both must be undone.
    await expect(h.build('m', `SELECT 1 AS id, 'abc' AS n`, config)).rejects.toThrow(/Conversion Error/);
    expect(await table()).toEqual([{ id: 1, n: 10 }]);
    expect(await relations()).toEqual(['m']);
  });

  it('refuses a strategy the dialect lacks, and a keyed strategy without a key, before running SQL', async () => {
    await h.build('m', `SELECT 1 AS id`, inc());
    await expect(h.build('m', 'SELECT 1 AS id', inc({ incrementalStrategy: 'insert_overwrite' }))).rejects.toThrow(
      /'insert_overwrite' is not supported on duckdb/,
    );
    await expect(h.build('m', 'SELECT 1 AS id', inc({ incrementalStrategy: 'merge' }))).rejects.toThrow(
      /needs a unique_key/,
    );
  });
});
