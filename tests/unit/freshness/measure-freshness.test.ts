/**
 * How one freshness result is read and rated, on an in-memory DuckDB: the cases where the
 * query answers with no loaded-at value, no row or no timestamp, worded as dbt 1.11's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Connection } from '../../../src/adapters/contract.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { measureFreshness, NEVER_LOADED } from '../../../src/freshness/measure-freshness.js';

let adapter: Adapter;
let connection: Connection;
beforeAll(async () => {
  const target = { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: { path: ':memory:' } };
  adapter = await createAdapter(target, process.cwd());
  connection = await adapter.connect();
});
afterAll(async () => {
  await connection.close();
  await adapter.close();
});

const criteria = { warnAfter: { count: 1, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };
const what = { uniqueId: 'source.shop.raw.orders', relation: '"raw"."orders"', criteria, threadId: 'Thread-1' };
const measure = (sql: string, reading?: 'query' | 'metadata') =>
  measureFreshness(connection, () => sql, { ...what, reading });

describe('measureFreshness', () => {
  it('reads a null newest loaded-at time as 0001-01-01, rated by the thresholds (stale past error_after)', async () => {
    const result = await measure('select null::timestamp as max_loaded_at, now() as snapshotted_at');
    expect(result.status).toBe('error');
    expect(result.maxLoadedAt).toEqual(NEVER_LOADED);
    expect(result.maxLoadedAt!.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(result.ageSeconds).toBeGreaterThan(63_000_000_000);
    const warnOnly = await measureFreshness(
      connection,
      () => 'select null::timestamp as max_loaded_at, now() as snapshotted_at',
      { ...what, criteria: { warnAfter: criteria.warnAfter } },
    );
    expect(warnOnly.status).toBe('warn');
  });

  it('names a relation the metadata has no row for, and a result of other than one row as dbt does', async () => {
    const none = 'select now() as max_loaded_at, now() as snapshotted_at where false';
    const missing = await measure(none, 'metadata');
    expect(missing.status).toBe('runtime error');
    expect(missing.message).toMatch(/^The warehouse's metadata has no row for "raw"\."orders": the table does not/);
    const empty = await measure(none, 'query');
    expect(empty.message).toBe('Got an invalid result from "collect_freshness" macro: []');
    expect(empty.errorKind).toBe('Compilation');
    expect(missing.errorKind).toBeUndefined();
    const two = await measure('select 1 as max_loaded_at, 2 as snapshotted_at union all select 3, 4', 'metadata');
    expect(two.message).toMatch(/^Got an invalid result from "get_relation_last_modified" macro: \[\[/);
  });

  it("words a value that is no timestamp, and a null clock, as dbt's database errors", async () => {
    const text = await measure("select 'soon' as max_loaded_at, now() as snapshotted_at");
    expect(text).toMatchObject({
      status: 'runtime error',
      errorKind: 'Database',
      message:
        `Expected a timestamp value when querying field 'max_loaded_at' of table "raw"."orders" ` +
        "but received value of type 'str' instead",
    });
    const clock = await measure('select now() as max_loaded_at, null::timestamp as snapshotted_at');
    expect(clock.message).toBe(
      `Expected a non-null value when querying field 'snapshotted_at' of table "raw"."orders" ` +
        "but received value 'null' instead",
    );
    expect(clock.errorKind).toBe('Database');
  });

  it('rates a fresh table as a pass', async () => {
    const result = await measure("select now() - interval '5 minutes' as max_loaded_at, now() as snapshotted_at");
    expect(result.status).toBe('pass');
    expect(result.ageSeconds).toBeGreaterThan(200);
  });
});
