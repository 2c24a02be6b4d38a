import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

describe('view and table materializations on DuckDB', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  const kinds = async () => (await h.connection.listRelations(SCHEMA)).map((r) => `${r.identifier}:${r.kind}`).sort();

  it('creates and replaces a view', async () => {
    expect((await h.build('v', 'SELECT 1 AS a', { materialized: 'view' })).message).toBe('CREATE VIEW');
    const replaced = await h.build('v', 'SELECT 2 AS a;\n', { materialized: 'view' });
    expect(replaced).toMatchObject({ kind: 'view', message: 'CREATE VIEW' });
    expect(await h.rows(`SELECT * FROM ${SCHEMA}.v`)).toEqual([{ a: 2 }]);
  });

  it('builds a table and reports its rows', async () => {
    const result = await h.build('t', 'SELECT * FROM range(5) r(id) -- trailing comment');
    expect(result).toMatchObject({ kind: 'table', rowsAffected: 5, message: 'SELECT 5' });
    expect(await kinds()).toEqual(['t:table']);
  });

  it('leaves the old table intact when the new select fails', async () => {
    await h.build('t', 'SELECT 1 AS id');
    await expect(h.build('t', 'SELECT * FROM no_such_relation')).rejects.toThrow(/no_such_relation/);
    expect(await h.rows(`SELECT * FROM ${SCHEMA}.t`)).toEqual([{ id: 1 }]);
    await expect(h.build('t', `SELECT CAST('x' AS INTEGER) AS id`)).rejects.toThrow(/Conversion Error/);
    expect(await h.rows(`SELECT * FROM ${SCHEMA}.t`)).toEqual([{ id: 1 }]);
    expect(await kinds()).toEqual(['t:table']);
  });

  it('drops a leftover staging table before building', async () => {
    await h.connection.execute(`CREATE TABLE ${SCHEMA}.t__strata_tmp AS SELECT 'stale' AS junk`);
    await h.build('t', 'SELECT 1 AS id');
    expect(await kinds()).toEqual(['t:table']);
  });

  it('switches a view to a table and back', async () => {
    await h.build('m', 'SELECT 1 AS a', { materialized: 'view' });
    await h.build('m', 'SELECT 2 AS a', { materialized: 'table' });
    expect(await kinds()).toEqual(['m:table']);
    await h.build('m', 'SELECT 3 AS a', { materialized: 'view' });
    expect(await kinds()).toEqual(['m:view']);
    expect(await h.rows(`SELECT * FROM ${SCHEMA}.m`)).toEqual([{ a: 3 }]);
  });

  it('runs nothing for an ephemeral model', async () => {
    expect(await h.build('e', 'SELECT 1', { materialized: 'ephemeral' })).toEqual({
      kind: 'ephemeral',
      executedSql: [],
      message: 'EPHEMERAL',
    });
    expect(await kinds()).toEqual([]);
  });
});
