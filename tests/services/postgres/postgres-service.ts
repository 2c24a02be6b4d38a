import { chownSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { logFileFor, runDetached } from '../lifecycle/processes.js';
import { asServerUser, clusterDir, postgresProgram, postgresUser, runsAsRoot } from './postgres-tools.js';
import { runCommand } from '../lifecycle/run-command.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import { startFailure, waitFor } from '../lifecycle/wait-for.js';

/** Settings for a `pg` client of the recorded cluster. */
export function postgresClientConfig(info: ServiceInfo): pg.ClientConfig {
  return {
    host: info.host,
    port: info.port,
    user: String(info.details['user']),
    database: String(info.details['database']),
    connectionTimeoutMillis: 5_000,
  };
}

/**
 * PostgreSQL from the Debian packages (the stand-in engine for Redshift): a throwaway
 * cluster made by initdb on every start, trust auth for the `postgres` user on
 * 127.0.0.1 only. Durability is switched off: the data is thrown away anyway.
 */
export const postgresService: ServiceDefinition = {
  name: 'postgres',

  async install() {
    // Debian packages are .ci/run's job; here we only fail early when they are missing.
    postgresProgram('initdb');
    postgresProgram('pg_ctl');
  },

  async start(cacheDir, port, log) {
    const dataDir = clusterDir(cacheDir, port);
    rmSync(dataDir, { recursive: true, force: true });
    // The parent must stay enterable for the postgres user; the cluster itself is private.
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { mode: 0o700 });
    if (runsAsRoot()) {
      const { uid, gid } = await postgresUser();
      chownSync(dataDir, uid, gid);
    }
    log(`initdb ${dataDir}`);
    // cwd: the postgres user may not be able to enter ours (root's home).
    const [initdb, initdbArgs] = asServerUser(postgresProgram('initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    await runCommand(initdb, initdbArgs, { cwd: dataDir });

    const options = [
      `-p ${port}`,
      `-k ${dataDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    const [command, args] = asServerUser(postgresProgram('pg_ctl'), [
      '-D',
      dataDir,
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
    // Without `-l` the server inherits pg_ctl's stdout: its log lands in <cacheDir>/logs
    // through a descriptor opened here, even when it runs as the postgres user.
    const code = await runDetached({ name: 'postgres', cacheDir, command, args, cwd: dataDir });
    const logFile = logFileFor(cacheDir, 'postgres');
    if (code !== 0) throw startFailure({ service: 'postgres', logFile }, `pg_ctl start failed (exit ${code})`);

    // pg_ctl -w returns once the server is up; the postmaster's PID heads postmaster.pid.
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const info: ServiceInfo = {
      name: 'postgres',
      host: '127.0.0.1',
      port,
      pid,
      details: { user: 'postgres', database: 'postgres', dataDir, socketDir: dataDir },
    };
    await waitFor({ service: 'postgres', logFile, pid }, () => answersSelect1(info), 30_000);
    return info;
  },

  check: answersSelect1,
};

/** Whether the cluster answers `SELECT 1`. */
async function answersSelect1(info: ServiceInfo): Promise<boolean> {
  const client = new pg.Client({ ...postgresClientConfig(info), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const result = await client.query<{ one: number }>('SELECT 1 AS one');
    return result.rows[0]?.one === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
