import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import {
  DEFAULT_CHECKPOINT_BUDGET_BYTES,
  DEFERRED_CHECKPOINT_THRESHOLD,
  deferredSettings,
  IDLE_CHECKPOINT_SHARE,
  thresholdChosen,
  walBytes,
  type CheckpointDone,
} from './duckdb-checkpoints.js';
import { DuckDbConnection } from './duckdb-connection.js';
import { DuckDbDialect } from './duckdb-dialect.js';
import { DuckDbFileWaiters } from './duckdb-file-waiters.js';
import { DUCKDB_SETTINGS, IN_MEMORY, readDuckDbOptions } from './duckdb-settings.js';
import { duckDbOpenError } from './duckdb-errors.js';

/**
 * How long opening a database file waits for another process to let go of it. DuckDB lets
 * one process at a time open a file; a watcher releases it between runs (when it waits for
 * commits, or when another process announced it waits: duckdb-file-waiters.ts), so
 * `strata show` gets in after the run in flight, and the watcher's next run after the preview.
 */
const LOCK_WAIT_MS = 30_000;
const LOCK_RETRY_MS = 50;

/**
 * DuckDB, embedded. One database instance per adapter; every `connect()` opens a session
 * on it, so `:memory:` databases are shared by the runner's threads.
 */
export class DuckDbAdapter implements Adapter {
  readonly dialect = new DuckDbDialect();
  private readonly open = new Set<Connection>();
  /** set by `deferCheckpoints`: the log checkpointed between runs once it holds this many bytes */
  private checkpointBudget: number | undefined;

  private constructor(
    readonly target: TargetConfig,
    private instance: DuckDBInstance | undefined,
    private readonly path: string,
    private readonly config: Record<string, string> | undefined,
  ) {}

  /** Open the database at `settings.path` (project-relative) or in memory. */
  static async create(target: TargetConfig, projectRoot: string): Promise<DuckDbAdapter> {
    const { path, config } = readDuckDbOptions(target, projectRoot);
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    return new DuckDbAdapter(target, await openInstance(path, config, target.name), path, config);
  }

  async connect(): Promise<Connection> {
    this.instance ??= await openInstance(this.path, this.settings(), this.target.name);
    const session = await this.instance.connect();
    // errors as JSON carry the failing position exactly (see duckdb-errors.ts)
    await session.run('SET errors_as_json = true');
    const connection: Connection = new DuckDbConnection(session, this.dialect, () => this.open.delete(connection));
    this.open.add(connection);
    return connection;
  }

  async close(): Promise<void> {
    for (const connection of [...this.open]) await connection.close();
    this.instance?.closeSync();
    this.instance = undefined;
  }

  /** Let other processes open the file until the next `connect()` (an in-memory database stays). */
  async release(): Promise<void> {
    if (this.path !== IN_MEMORY && this.open.size === 0) await this.close();
  }

  /**
   * For a process that runs back to back (the watcher): no automatic checkpoint inside a run;
   * `checkpointIfDue` between runs instead (duckdb-checkpoints.ts). A threshold set in the
   * profile's `config` stays as it is.
   */
  async deferCheckpoints(budgetBytes = DEFAULT_CHECKPOINT_BUDGET_BYTES): Promise<void> {
    if (this.path === IN_MEMORY || thresholdChosen(this.config)) return;
    this.checkpointBudget = budgetBytes;
    if (!this.instance) return; // the next open takes the deferred settings
    const session = await this.instance.connect();
    try {
      await session.run(`SET GLOBAL checkpoint_threshold = '${DEFERRED_CHECKPOINT_THRESHOLD}'`);
    } finally {
      session.closeSync();
    }
  }

  /**
   * Between runs, with checkpoints deferred: checkpoint once the log holds the budget, or a
   * quarter of it when `idle` (nothing new to run). A connection still open (a run in flight)
   * makes DuckDB refuse; the next call tries again.
   */
  async checkpointIfDue(idle = false): Promise<CheckpointDone | undefined> {
    const budget = this.checkpointBudget;
    if (budget === undefined || !this.instance || this.open.size > 0) return undefined;
    const bytes = walBytes(this.path);
    if (bytes < (idle ? budget * IDLE_CHECKPOINT_SHARE : budget)) return undefined;
    const startedAt = performance.now();
    const session = await this.instance.connect();
    try {
      await session.run('CHECKPOINT');
    } catch {
      return undefined;
    } finally {
      session.closeSync();
    }
    return { walBytes: bytes, seconds: (performance.now() - startedAt) / 1000 };
  }

  private settings(): Record<string, string> | undefined {
    return this.checkpointBudget === undefined ? this.config : deferredSettings(this.config);
  }

  /** Closing checkpoints the file, so a watcher running back to back lets go only for a waiting process. */
  async releaseIfAwaited(): Promise<void> {
    if (this.path === IN_MEMORY || this.open.size > 0 || !this.instance) return;
    const waiters = new DuckDbFileWaiters(this.path);
    if (!waiters.waiting()) return;
    await this.close();
    await waiters.letIn();
  }
}

/** The database, waiting up to `LOCK_WAIT_MS` while another process holds the file. */
async function openInstance(
  path: string,
  config: Record<string, string> | undefined,
  targetName: string,
): Promise<DuckDBInstance> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  const waiters = new DuckDbFileWaiters(path);
  let announced = false;
  try {
    for (;;) {
      try {
        return await DuckDBInstance.create(path, config);
      } catch (error) {
        const locked = path !== IN_MEMORY && /Could not set lock/i.test(String(error));
        if (!locked || Date.now() >= deadline) throw duckDbOpenError(path, targetName, error);
        waiters.announce();
        announced = true;
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    }
  } finally {
    if (announced) waiters.withdraw();
  }
}

/** Registers DuckDB: its settings as data, and the factory. */
export const duckDbAdapterFactory: AdapterFactory = {
  type: 'duckdb',
  settings: DUCKDB_SETTINGS,
  create: (target, projectRoot) => DuckDbAdapter.create(target, projectRoot),
};
