/**
 * Where unit tests run. By default on an in-memory DuckDB opened for the invocation: the
 * tests read no table, so they need no warehouse and run offline whatever the target is.
 * `--unit-target <target>` (the invocation's own target) runs them on the warehouse, with
 * its dialect, and types each input like its relation there when it exists.
 */
import type { Adapter, Connection, Dialect, TargetConfig } from '../adapters/contract.js';
import { createAdapter, createDialect } from '../adapters/registry.js';
import { StrataError } from '../errors/strata-error.js';

/** `--unit-target`'s default: an in-memory DuckDB. */
export const OFFLINE_UNIT_TARGET = 'duckdb';

export interface UnitTestTarget {
  /** the in-memory DuckDB (no input relation exists there), or the warehouse */
  readonly offline: boolean;
  readonly dialect: Dialect;
  /** run `work` on a connection of this target; `worker` is the thread's own, used on the warehouse */
  use<T>(worker: Connection, work: (connection: Connection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The target `--unit-target` names for a run on `target`, opened on first use. */
export function unitTestTarget(name: string | undefined, target: TargetConfig, projectRoot: string): UnitTestTarget {
  if (name === undefined || name === OFFLINE_UNIT_TARGET) return new InMemoryDuckDb(projectRoot);
  if (name !== target.name) {
    throw new StrataError(`--unit-target ${name}: unit tests run on "duckdb" (in memory) or on the run's target`, {
      hint:
        `This run's target is "${target.name}". ` +
        `To test on "${name}", run with --target ${name} --unit-target ${name}.`,
    });
  }
  const dialect = createDialect(target.type);
  return { offline: false, dialect, use: (worker, work) => work(worker), close: async () => {} };
}

/** The worker connection of a unit test run offline: the warehouse is never opened for it. */
export const NO_WAREHOUSE = new Proxy({} as Connection, {
  get: () => () => Promise.reject(new Error('An offline unit test asked for the warehouse connection')),
});

class InMemoryDuckDb implements UnitTestTarget {
  readonly offline = true;
  readonly dialect = createDialect('duckdb');
  private adapter: Promise<Adapter> | undefined;

  constructor(private readonly projectRoot: string) {}

  async use<T>(_worker: Connection, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.adapter ??= createAdapter(
      { name: 'unit_tests', type: 'duckdb', schema: 'main', threads: 1, settings: { path: ':memory:' } },
      this.projectRoot,
    );
    // a session per test: threads test at once on one in-memory database
    const connection = await (await this.adapter).connect();
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    if (this.adapter) await (await this.adapter).close();
  }
}
