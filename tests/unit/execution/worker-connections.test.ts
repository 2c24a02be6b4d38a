import { afterEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/contract.js';
import { createAdapter } from '../../../src/adapters/registry.js';
import { WorkerConnections } from '../../../src/execution/worker-connections.js';

let adapter: Adapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function inMemoryDuckDb(): Promise<Adapter> {
  const target = { name: 'dev', type: 'duckdb', schema: 'main', threads: 2, settings: { path: ':memory:' } };
  return (adapter = await createAdapter(target, process.cwd()));
}

describe('WorkerConnections', () => {
  it('gives each worker thread its own session, opened once and reused', async () => {
    const connections = new WorkerConnections(await inMemoryDuckDb());
    const first = await connections.forThread(0);
    expect(await connections.forThread(0)).toBe(first);
    const second = await connections.forThread(1);
    expect(second).not.toBe(first);
    // a temporary table lives in one session only
    await first.execute('create temporary table only_here as select 1 as x');
    await expect(first.query('select x from only_here')).resolves.toMatchObject({ rows: [{ x: 1 }] });
    await expect(second.query('select x from only_here')).rejects.toThrow(/only_here/);
    await connections.closeAll();
  });

  it('closes every connection it opened', async () => {
    const connections = new WorkerConnections(await inMemoryDuckDb());
    const opened = [await connections.forThread(0), await connections.forThread(1)];
    await connections.closeAll();
    for (const connection of opened) await expect(connection.query('select 1')).rejects.toThrow(/disconnected/);
  });

  it("lends only an idle thread's connection, never a new one; a thread waits for its own", async () => {
    const connections = new WorkerConnections(await inMemoryDuckDb(), 2);
    const own = await connections.claim(0);
    const borrowed = (await connections.borrowIdle())!;
    // the idle thread 1's connection: the same session its worker gets
    expect(borrowed.connection).toBe(await connections.forThread(1));
    expect(borrowed.connection).not.toBe(own);
    // both threads are taken: nothing more to lend, and no third connection is opened
    expect(await connections.borrowIdle()).toBeUndefined();

    let claimed = false;
    const waiting = connections.claim(1).then((connection) => {
      claimed = true;
      return connection;
    });
    await new Promise(setImmediate);
    expect(claimed).toBe(false);
    borrowed.giveBack();
    expect(await waiting).toBe(borrowed.connection);

    // a thread that finished its unit may lend again
    connections.release(0);
    expect((await connections.borrowIdle())?.connection).toBe(own);
    await connections.closeAll();
  });
});
