/**
 * Where unit tests run. By default on an in-memory DuckDB opened for the invocation: the
 * tests read no table, so they need no warehouse and run offline whatever the target is.
 * `--unit-target <target>` runs them on that target of the profile instead, with its
 * dialect: the run's own target (on the run's connections, each input typed like its
 * relation there when it exists) or any other (on connections of its own).
 */
import type { Adapter, Connection, Dialect, TargetConfig } from '../adapters/contract.js';
import { createAdapter, createDialect } from '../adapters/registry.js';
import { publicTargetContext } from '../parser/parse-context.js';

/** `--unit-target`'s default: an in-memory DuckDB. */
export const OFFLINE_UNIT_TARGET = 'duckdb';

export interface UnitTestTarget {
  /** runs on connections of its own: the run's warehouse connection is never opened for a unit test */
  readonly ownConnections: boolean;
  /** the manifest's relations are on this target: an input is typed like its relation there */
  readonly readsRelations: boolean;
  readonly dialect: Dialect;
  /** `target` of the model's render when the tests run on another target of the profile */
  readonly targetContext?: Record<string, unknown>;
  /** run `work` on a connection of this target; `worker` is the thread's own, used on the run's target */
  use<T>(worker: Connection, work: (connection: Connection) => Promise<T>): Promise<T>;
  /** stop the statements in flight on its own connections (Ctrl-C) */
  cancel(): void;
  close(): Promise<void>;
}

/** What picking the unit test target needs to know of the run. */
export interface UnitTestRun {
  target: TargetConfig;
  projectRoot: string;
  profileName: string;
  /** another target of the run's profile, by name; a name the profile lacks is an error naming `flag` */
  profileTarget(name: string, flag: string): TargetConfig;
}

/** The target `--unit-target` names for `run`, opened on first use. */
export function unitTestTarget(name: string | undefined, run: UnitTestRun): UnitTestTarget {
  if (name === undefined || name === OFFLINE_UNIT_TARGET) {
    const memory = { name: 'unit_tests', type: 'duckdb', schema: 'main', threads: 1, settings: { path: ':memory:' } };
    return new OwnTarget(memory, run.projectRoot, { readsRelations: false });
  }
  if (name === run.target.name) {
    const dialect = createDialect(run.target.type);
    return {
      ownConnections: false,
      readsRelations: true,
      dialect,
      use: (worker, work) => work(worker),
      cancel: () => {},
      close: async () => {},
    };
  }
  const other = run.profileTarget(name, '--unit-target');
  // the manifest's relations are named for the run's target: on another they may not exist
  return new OwnTarget(other, run.projectRoot, {
    readsRelations: false,
    targetContext: publicTargetContext(other, run.profileName),
  });
}

/** The worker connection of a unit test run on its own target: the run's warehouse is never opened for it. */
export const NO_WAREHOUSE = new Proxy({} as Connection, {
  get: () => () => Promise.reject(new Error('A unit test on its own target asked for the run target connection')),
});

/**
 * A target with connections of its own, opened on first use and kept for the next test:
 * threads test at once, each on a connection taken from the idle ones or opened.
 */
class OwnTarget implements UnitTestTarget {
  readonly ownConnections = true;
  readonly readsRelations: boolean;
  readonly targetContext?: Record<string, unknown>;
  readonly dialect: Dialect;
  private adapter: Promise<Adapter> | undefined;
  private readonly idle: Connection[] = [];
  private readonly busy = new Set<Connection>();

  constructor(
    private readonly config: TargetConfig,
    private readonly projectRoot: string,
    options: { readsRelations: boolean; targetContext?: Record<string, unknown> },
  ) {
    this.dialect = createDialect(config.type);
    this.readsRelations = options.readsRelations;
    if (options.targetContext) this.targetContext = options.targetContext;
  }

  async use<T>(_worker: Connection, work: (connection: Connection) => Promise<T>): Promise<T> {
    this.adapter ??= createAdapter(this.config, this.projectRoot);
    const connection = this.idle.pop() ?? (await (await this.adapter).connect());
    this.busy.add(connection);
    let reusable = false;
    try {
      const result = await work(connection);
      reusable = true;
      return result;
    } finally {
      this.busy.delete(connection);
      // a connection whose work failed may be in any state: the next test gets a fresh one
      if (reusable) this.idle.push(connection);
      else await connection.close().catch(() => undefined);
    }
  }

  cancel(): void {
    for (const connection of this.busy) void connection.cancel().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((connection) => connection.close().catch(() => undefined)));
    if (this.adapter) await (await this.adapter).close();
  }
}
