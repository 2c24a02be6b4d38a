import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceCacheDir } from '../lifecycle/cache-dir.js';
import { spawnDetached } from '../lifecycle/processes.js';
import { ensurePythonPackages } from '../lifecycle/python-venv.js';
import type { ServiceDefinition, ServiceInfo } from '../lifecycle/service.js';
import {
  connectSnowflake,
  destroySnowflake,
  executeSql,
  snowflakeConnectionOptions,
  useSnowflakeSdkLog,
} from './snowflake-client.js';
import { waitFor } from '../lifecycle/wait-for.js';

/**
 * fakesnow's server, pinned. fakesnow 0.12.1 does not bound snowflake-connector-python,
 * whose newest release (5.2.0) no longer has the `snowflake.connector.converter` module
 * fakesnow imports (the server dies at import), so the connector is pinned to the last
 * 4.x too.
 */
export const SNOWFLAKE_REQUIREMENTS = ['fakesnow[server]==0.12.1', 'snowflake-connector-python==4.8.1'] as const;

/** The adapter that runs fakesnow's app for the Node SDK (see SNOWFLAKE.md). */
const ADAPTER_FILE = 'snowflake-adapter.py';

/**
 * A Snowflake-protocol server for snowflake-sdk: fakesnow's HTTP server (PyPI
 * `fakesnow[server]`, SQL translated to DuckDB) run in-process by snowflake-adapter.py,
 * which adapts the few places where fakesnow and the Node SDK disagree. One process, one
 * PID, state in memory: a restart starts empty, so tests create what they use.
 */
export const snowflakeService: ServiceDefinition = {
  name: 'snowflake',

  async install(cacheDir, log) {
    await ensurePythonPackages(cacheDir, SNOWFLAKE_REQUIREMENTS, log);
  },

  async start(cacheDir, port, log) {
    const bin = await ensurePythonPackages(cacheDir, SNOWFLAKE_REQUIREMENTS, log);
    useSnowflakeSdkLog(cacheDir);
    const child = spawnDetached({
      name: 'snowflake',
      cacheDir,
      command: join(bin, 'python'),
      args: [adapterScript(), '--host', '127.0.0.1', '--port', String(port)],
    });
    const info: ServiceInfo = {
      name: 'snowflake',
      host: '127.0.0.1',
      port,
      pid: child.pid,
      details: {
        accessUrl: `http://127.0.0.1:${port}`,
        // any values log in; fakesnow creates the database and schema on login
        account: 'strata',
        username: 'strata',
        password: 'strata',
        database: 'STRATA',
        schema: 'PUBLIC',
      },
    };
    // A plain TCP probe first, so the SDK does not log a refused login per poll.
    await waitFor(
      { service: 'snowflake', ...child },
      async () => (await listens(port)) && snowflakeAnswers(info),
      60_000,
    );
    return info;
  },

  check: (info) => {
    useSnowflakeSdkLog(serviceCacheDir());
    return snowflakeAnswers(info);
  },
};

/** Whether the server logs snowflake-sdk in and runs `select 1`. */
async function snowflakeAnswers(info: ServiceInfo): Promise<boolean> {
  // No login retries: the SDK would otherwise retry a refused connection for ~50s.
  const connection = await connectSnowflake(
    snowflakeConnectionOptions(info, { sfRetryMaxLoginRetries: 0, timeout: 5_000 }),
  ).catch(() => undefined);
  if (!connection) return false;
  try {
    const { rows } = await executeSql<{ ONE: number }>(connection, 'select 1 as one');
    return rows[0]?.ONE === 1;
  } catch {
    return false;
  } finally {
    await destroySnowflake(connection).catch(() => undefined);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * The adapter script: next to this module when run from source, or in the repository's
 * tests/services/snowflake when run compiled from dist/tests/services/snowflake (tsc copies
 * no .py files).
 */
function adapterScript(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [
    join(here, ADAPTER_FILE),
    join(here, '..', '..', '..', '..', 'tests', 'services', 'snowflake', ADAPTER_FILE),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`snowflake: ${ADAPTER_FILE} not found (looked in ${candidates.join(', ')})`);
  return found;
}
