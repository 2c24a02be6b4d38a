import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../src/adapters/database-error.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { openHarness, SCHEMA, type DuckDbHarness } from './duckdb-harness.js';

describe('DuckDB adapter', () => {
  let h: DuckDbHarness;
  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it('opens the database file relative to the project root', () => {
    expect(existsSync(join(h.projectRoot, 'strata.duckdb'))).toBe(true);
  });

  it('executes statements and reports affected rows', async () => {
    const created = await h.connection.execute(`CREATE TABLE ${SCHEMA}.t AS SELECT * FROM range(3) r(id)`);
    expect(created.rowsAffected).toBe(3);
    const inserted = await h.connection.execute(`INSERT INTO ${SCHEMA}.t VALUES (7), (8)`);
    expect(inserted.rowsAffected).toBe(2);
    expect((await h.connection.execute(`CREATE VIEW ${SCHEMA}.v AS SELECT 1 AS a`)).rowsAffected).toBeUndefined();
  });

  it('queries rows with column types', async () => {
    const result = await h.connection.query(`SELECT 1::INTEGER AS a, 'x' AS b, 10::BIGINT AS c`);
    expect(result.columns).toEqual([
      { name: 'a', dataType: 'INTEGER' },
      { name: 'b', dataType: 'VARCHAR' },
      { name: 'c', dataType: 'BIGINT' },
    ]);
    expect(result.rows).toEqual([{ a: 1, b: 'x', c: 10n }]);
  });

  it('lists relations and columns of a schema', async () => {
    await h.connection.execute(`CREATE TABLE ${SCHEMA}.orders (id INTEGER, amount DOUBLE)`);
    await h.connection.execute(`CREATE VIEW ${SCHEMA}.orders_v AS SELECT id FROM ${SCHEMA}.orders`);
    const relations = await h.connection.listRelations(SCHEMA);
    expect(relations.map((r) => [r.identifier, r.kind]).sort()).toEqual([
      ['orders', 'table'],
      ['orders_v', 'view'],
    ]);
    expect(await h.connection.listRelations('no_such_schema')).toEqual([]);
    expect(await h.connection.getColumns({ schema: SCHEMA, identifier: 'ORDERS' })).toEqual([
      { name: 'id', dataType: 'INTEGER' },
      { name: 'amount', dataType: 'DOUBLE' },
    ]);
  });

  it('reports warehouse errors as DatabaseError with DuckDB message and the SQL', async () => {
    const error = await h.connection.query('SELECT * FROM missing_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toMatch(/Table with name missing_table does not exist/);
    expect((error as DatabaseError).sql).toBe('SELECT * FROM missing_table');
  });

  it('cancels a running query', async () => {
    const slow = h.connection.query('SELECT count(*) FROM range(10000000000) a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.connection.cancel();
    await expect(slow).rejects.toThrow(/interrupt/i);
  });

  it('runs the DuckDB dialect cross-database helpers', async () => {
    const d = h.adapter.dialect;
    const [row] = await h.rows(
      `SELECT ${d.dateTrunc('month', `DATE '2024-05-17'`)} AS trunc,` +
        ` ${d.dateAdd('day', '3', `DATE '2024-05-17'`)} AS added,` +
        ` ${d.dateAdd('quarter', '1', `DATE '2024-05-17'`)} AS quarter,` +
        ` ${d.dateDiff('day', `DATE '2024-05-01'`, `DATE '2024-05-17'`)} AS diff,` +
        ` ${d.safeCast(`'nope'`, d.typeName('integer'))} AS safe,` +
        ` ${d.hash(`'a'`)} AS hashed,` +
        ` ${d.surrogateKey(['1', 'NULL'])} = ${d.surrogateKey(['NULL', '1'])} AS same_key`,
    );
    expect(row).toMatchObject({ added: new Date('2024-05-20T00:00:00Z'), diff: 16, safe: null, same_key: false });
    expect(row?.['trunc']).toEqual(new Date('2024-05-01T00:00:00Z'));
    expect(row?.['quarter']).toEqual(new Date('2024-08-17T00:00:00Z'));
    expect(row?.['hashed']).toBe('0cc175b9c0f1b6a831c399e269772661');
    const [agg] = await h.rows(
      `SELECT ${d.stringAgg('x', `', '`, 'x DESC')} AS s FROM (VALUES ('a'), ('c'), ('b')) t(x)`,
    );
    expect(agg).toEqual({ s: 'c, b, a' });
  });
});

describe('createAdapter', () => {
  it('shares one in-memory database between connections', async () => {
    const target = { name: 'mem', type: 'duckdb', schema: 'main', threads: 2, settings: {} };
    const adapter = await createAdapter(target, '/tmp');
    const [a, b] = [await adapter.connect(), await adapter.connect()];
    await a.execute('CREATE TABLE shared AS SELECT 42 AS answer');
    expect((await b.query('SELECT answer FROM shared')).rows).toEqual([{ answer: 42 }]);
    await adapter.close();
  });
});
