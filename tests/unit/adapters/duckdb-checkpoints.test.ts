/**
 * A watcher defers DuckDB's checkpoints (src/adapters/duckdb/duckdb-checkpoints.ts): no
 * automatic checkpoint inside a run, one between runs once the write-ahead log holds the
 * budget; a threshold the profile sets is left alone.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Connection } from '../../../src/adapters/contract.js';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import { walBytes } from '../../../src/adapters/duckdb/duckdb-checkpoints.js';
import { tempDir } from '../../support/temp-dir.js';

const MIB = 2 ** 20;
const adapters: DuckDbAdapter[] = [];
afterEach(async () => {
  for (const adapter of adapters.splice(0)) await adapter.close();
});

async function open(config?: Record<string, string>): Promise<{ adapter: DuckDbAdapter; path: string }> {
  const path = join(tempDir('strata-duckdb-checkpoints-'), 'live.duckdb');
  const settings = { path, ...(config ? { config } : {}) };
  const adapter = await DuckDbAdapter.create(
    { name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings },
    '/',
  );
  adapters.push(adapter);
  return { adapter, path };
}

/** Small commits of about `mib` MiB in all: each goes to the log (large appends would be written to the file). */
async function writeCommits(connection: Connection, mib: number): Promise<void> {
  await connection.execute('create table if not exists events (payload varchar)');
  for (let i = 0; i < mib; i += 1)
    await connection.execute(`insert into events select repeat(md5(range::varchar), 32) from range(1000)`);
}

async function setting(connection: Connection, name: string): Promise<string> {
  return String((await connection.query(`select current_setting('${name}') as value`)).rows[0]?.value);
}

it('raises the automatic threshold so that a run past 16 MiB of log does not checkpoint inside it', async () => {
  const { adapter, path } = await open();
  await adapter.deferCheckpoints();
  const connection = await adapter.connect();
  expect(await setting(connection, 'checkpoint_threshold')).toBe('1.0 GiB');
  await writeCommits(connection, 24);
  expect(walBytes(path)).toBeGreaterThan(16 * MIB);
  await connection.close();
});

it('without deferral DuckDB checkpoints at its own 16 MiB threshold', async () => {
  const { adapter, path } = await open();
  const connection = await adapter.connect();
  await writeCommits(connection, 24);
  expect(walBytes(path)).toBeLessThan(16 * MIB);
  await connection.close();
});

it('checkpoints between runs once the log holds the budget, not sooner, nor during a run', async () => {
  const { adapter, path } = await open();
  await adapter.deferCheckpoints(4 * MIB);
  const connection = await adapter.connect();
  await writeCommits(connection, 2);
  await connection.close();
  expect(await adapter.checkpointIfDue()).toBeUndefined();
  const before = walBytes(path);
  expect(before).toBeGreaterThan(MIB);

  const again = await adapter.connect();
  await writeCommits(again, 3);
  expect(await adapter.checkpointIfDue()).toBeUndefined(); // a run still holds a connection
  await again.close();
  const done = await adapter.checkpointIfDue();
  expect(done?.walBytes).toBeGreaterThanOrEqual(4 * MIB);
  expect(walBytes(path)).toBeLessThan(before);
});

it('checkpoints from a quarter of the budget when the watcher has nothing new to run', async () => {
  const { adapter, path } = await open();
  await adapter.deferCheckpoints(8 * MIB);
  const connection = await adapter.connect();
  await writeCommits(connection, 3);
  await connection.close();
  expect(await adapter.checkpointIfDue(false)).toBeUndefined();
  const done = await adapter.checkpointIfDue(true);
  expect(done?.walBytes).toBeGreaterThanOrEqual(2 * MIB);
  expect(walBytes(path)).toBeLessThan(MIB);
});

it("leaves a threshold the profile's config chooses as it is", async () => {
  const { adapter } = await open({ checkpoint_threshold: '8MiB' });
  await adapter.deferCheckpoints(MIB);
  const connection = await adapter.connect();
  expect(await setting(connection, 'checkpoint_threshold')).toBe('8.0 MiB');
  await writeCommits(connection, 2);
  await connection.close();
  expect(await adapter.checkpointIfDue()).toBeUndefined();
});
