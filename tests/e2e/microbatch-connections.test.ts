/**
 * Concurrent microbatch batches share the run's threads: with several microbatch models
 * building at once, the run never holds more warehouse connections than `threads`. The
 * project runs in process on DuckDB through an adapter that counts the connections open at
 * the same time (the real adapter underneath; only connect and close are observed).
 */
import { describe, expect, it } from 'vitest';
import type { Adapter, Connection } from '../../src/adapters/contract.js';
import { createAdapter } from '../../src/adapters/registry.js';
import { Reporter } from '../../src/execution/reporter.js';
import { runTask } from '../../src/execution/run-task.js';
import { loadSession } from '../../src/execution/session.js';
import { copyFixture } from '../support/cli.js';

/** `adapter`, counting how many of its connections are open at once. */
function countingConnections(adapter: Adapter): { adapter: Adapter; most: () => number; opened: () => number } {
  let open = 0;
  let most = 0;
  let opened = 0;
  const connect = async (): Promise<Connection> => {
    const connection = await adapter.connect();
    open++;
    opened++;
    most = Math.max(most, open);
    const close = connection.close.bind(connection);
    return new Proxy(connection, {
      get: (target, key, receiver) =>
        key === 'close'
          ? async () => {
              open--;
              await close();
            }
          : (Reflect.get(target, key, receiver) as unknown),
    });
  };
  const counting = new Proxy(adapter, {
    get: (target, key, receiver) => (key === 'connect' ? connect : (Reflect.get(target, key, receiver) as unknown)),
  });
  return { adapter: counting, most: () => most, opened: () => opened };
}

describe('microbatch batches and the thread budget', () => {
  it('runs the batches of several microbatch models at once on no more connections than threads', async () => {
    const dir = copyFixture('microbatch');
    const session = loadSession({ projectDir: dir, threads: 3 });
    const real = await createAdapter(session.target, session.project.rootDir);
    const counted = countingConnections(real);
    const lines: string[] = [];
    try {
      const outcome = await runTask(
        session,
        {
          kind: 'build',
          select: ['+daily_events', '+daily_from_ephemeral', '+daily_contracted', '+monthly_amounts'],
          microbatch: { window: { start: new Date('2024-01-01T00:00:00Z'), end: new Date('2024-01-09T00:00:00Z') } },
          adapter: counted.adapter,
        },
        new Reporter((line) => lines.push(line), false),
      );
      expect(outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
    } finally {
      await real.close();
    }
    // batches did run side by side on borrowed connections...
    expect(counted.most()).toBeGreaterThan(1);
    // ...and never on more than the three threads' connections
    expect(counted.most()).toBeLessThanOrEqual(3);
    expect(counted.opened()).toBeLessThanOrEqual(3);
  });
});
