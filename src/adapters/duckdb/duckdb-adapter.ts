import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { DuckDbConnection } from './duckdb-connection.js';
import { DuckDbDialect } from './duckdb-dialect.js';
import { DUCKDB_SETTINGS, IN_MEMORY, readDuckDbOptions } from './duckdb-settings.js';
import { duckDbOpenError } from './duckdb-errors.js';

/**
 * DuckDB, embedded. One database instance per adapter; every `connect()` opens a session
 * on it, so `:memory:` databases are shared by the runner's threads.
 */
export class DuckDbAdapter implements Adapter {
  readonly dialect = new DuckDbDialect();
  private readonly open = new Set<Connection>();

  private constructor(
    readonly target: TargetConfig,
    private readonly instance: DuckDBInstance,
  ) {}

  /** Open the database at `settings.path` (project-relative) or in memory. */
  static async create(target: TargetConfig, projectRoot: string): Promise<DuckDbAdapter> {
    const { path, config } = readDuckDbOptions(target, projectRoot);
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    try {
      return new DuckDbAdapter(target, await DuckDBInstance.create(path, config));
    } catch (error) {
      throw duckDbOpenError(path, target.name, error);
    }
  }

  async connect(): Promise<Connection> {
    const session = await this.instance.connect();
    // errors as JSON carry the failing position exactly (see duckdb-errors.ts)
    await session.run('SET errors_as_json = true');
    const connection: Connection = new DuckDbConnection(session, this.dialect, () => this.open.delete(connection));
    this.open.add(connection);
    return connection;
  }

  async close(): Promise<void> {
    for (const connection of [...this.open]) await connection.close();
    this.instance.closeSync();
  }
}

/** Registers DuckDB: its settings as data, and the factory. */
export const duckDbAdapterFactory: AdapterFactory = {
  type: 'duckdb',
  settings: DUCKDB_SETTINGS,
  create: (target, projectRoot) => DuckDbAdapter.create(target, projectRoot),
};
