import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { StrataError } from '../../errors/strata-error.js';
import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { DuckDbConnection } from './duckdb-connection.js';
import { DuckDbDialect } from './duckdb-dialect.js';
import { checkDatabasePath, DUCKDB_SETTINGS, IN_MEMORY } from './duckdb-settings.js';
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
    const path = databasePath(target, projectRoot);
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    try {
      return new DuckDbAdapter(target, await DuckDBInstance.create(path, duckDbOptions(target)));
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

function databasePath(target: TargetConfig, projectRoot: string): string {
  const path = target.settings['path'];
  if (path === undefined || path === IN_MEMORY) return IN_MEMORY;
  if (typeof path !== 'string' || path === '') {
    throw new StrataError(`Target '${target.name}': path must be a file path or ':memory:'.`);
  }
  // profiles.yml was checked when read; a target built in code is checked here.
  const problem = checkDatabasePath(path, { projectRoot });
  if (problem) throw new StrataError(`Target '${target.name}': ${problem.message}.`, { hint: problem.hint });
  return resolve(projectRoot, path);
}

// DuckDB settings (memory_limit, threads...) pass through as strings.
function duckDbOptions(target: TargetConfig): Record<string, string> | undefined {
  const config = target.settings['config'];
  if (config === undefined || config === null || typeof config !== 'object') return undefined;
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, String(value)]));
}

/** Registers DuckDB: its settings as data, and the factory. */
export const duckDbAdapterFactory: AdapterFactory = {
  type: 'duckdb',
  settings: DUCKDB_SETTINGS,
  create: (target, projectRoot) => DuckDbAdapter.create(target, projectRoot),
};
