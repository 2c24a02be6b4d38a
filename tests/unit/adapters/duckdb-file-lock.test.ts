/**
 * DuckDB lets one process at a time open a database file. A long-lived process (the
 * watcher) lets go of it between runs with `release()`, and opening a file another
 * process holds waits for it instead of failing at once, announcing that it waits; running
 * back to back, the watcher lets go only for such a waiter (`releaseIfAwaited()`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DuckDbAdapter } from '../../../src/adapters/duckdb/duckdb-adapter.js';
import { DuckDbFileWaiters } from '../../../src/adapters/duckdb/duckdb-file-waiters.js';
import { tempDir } from '../../support/temp-dir.js';

/** Another process: opens the file on "open", runs a query, closes it on "close"; says what it did. */
const HOLDER = `
import { DuckDBInstance } from '@duckdb/node-api';
import { createInterface } from 'node:readline';
let instance;
let connection;
for await (const line of createInterface({ input: process.stdin })) {
  try {
    if (line === 'open') {
      instance = await DuckDBInstance.create(process.argv[1]);
      connection = await instance.connect();
      await connection.run('create table if not exists t as select 1 as x');
      console.log('opened');
    } else if (line === 'close') {
      connection.closeSync();
      instance.closeSync();
      console.log('closed');
    }
  } catch (error) {
    console.log('failed: ' + error.message);
  }
}
`;

const holders: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const holder of holders.splice(0)) holder.kill();
});

function holder(path: string): { send: (line: string) => Promise<string> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, path], {
    cwd: join(import.meta.dirname, '../../..'),
  });
  holders.push(child);
  const answers: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().trim().split('\n')) {
      const next = waiting.shift();
      if (next) next(line);
      else answers.push(line);
    }
  });
  return {
    send(line) {
      child.stdin.write(`${line}\n`);
      return new Promise((done) => {
        const ready = answers.shift();
        if (ready !== undefined) done(ready);
        else waiting.push(done);
      });
    },
  };
}

const target = (path: string) => ({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, settings: { path } });

it('lets another process open the file after release(), and takes it again on the next connect', async () => {
  const path = join(tempDir('strata-duckdb-lock-'), 'shared.duckdb');
  const adapter = await DuckDbAdapter.create(target(path), '/');
  const other = holder(path);
  expect(await other.send('open')).toMatch(/^failed: .*lock/i);
  await adapter.release();
  expect(await other.send('open')).toBe('opened');
  const connecting = adapter.connect();
  expect(await other.send('close')).toBe('closed');
  const connection = await connecting;
  expect((await connection.query('select x from t')).rows).toEqual([{ x: 1 }]);
  await adapter.close();
});

it('waits for a file another process holds instead of failing at once', async () => {
  const path = join(tempDir('strata-duckdb-lock-'), 'held.duckdb');
  const other = holder(path);
  expect(await other.send('open')).toBe('opened');
  const opening = DuckDbAdapter.create(target(path), '/');
  expect(await other.send('close')).toBe('closed');
  const adapter = await opening;
  const connection = await adapter.connect();
  expect((await connection.query('select x from t')).rows).toEqual([{ x: 1 }]);
  await adapter.close();
});

it('keeps the file on releaseIfAwaited() unless a process announced it waits; announces while it waits', async () => {
  const path = join(tempDir('strata-duckdb-lock-'), 'busy.duckdb');
  const adapter = await DuckDbAdapter.create(target(path), '/');
  const other = holder(path);
  await adapter.releaseIfAwaited();
  expect(await other.send('open')).toMatch(/^failed: .*lock/i);

  const waiters = new DuckDbFileWaiters(path);
  // as a process retrying to open the file does
  waiters.announce();
  const retrying = setInterval(() => waiters.announce(), 50);
  // it lets go, then waits until the waiter got in (withdrew its marker)
  let released = false;
  const releasing = adapter.releaseIfAwaited().then(() => (released = true));
  expect(await other.send('open')).toBe('opened');
  expect(released).toBe(false);
  clearInterval(retrying);
  waiters.withdraw();
  await releasing;

  // now the adapter waits for the file, and says so
  const connecting = adapter.connect();
  await expect.poll(() => waiters.waiting()).toBe(true);
  expect(await other.send('close')).toBe('closed');
  const connection = await connecting;
  expect(waiters.waiting()).toBe(false);
  expect((await connection.query('select x from t')).rows).toEqual([{ x: 1 }]);
  await adapter.close();
});
