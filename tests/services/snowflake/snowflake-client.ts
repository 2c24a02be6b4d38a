import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import snowflake from 'snowflake-sdk';
import type { Binds, Connection, ConnectionOptions, RowStatement } from 'snowflake-sdk';
import type { ServiceInfo } from '../lifecycle/service.js';

/**
 * snowflake-sdk options for the recorded Snowflake-protocol server. Nothing here is
 * special to the test host except `accessUrl` (plain http on 127.0.0.1): no OCSP or
 * insecure-mode switches are needed, since there is no TLS to check.
 */
export function snowflakeConnectionOptions(
  info: ServiceInfo,
  overrides: Partial<ConnectionOptions> = {},
): ConnectionOptions {
  return {
    accessUrl: String(info.details['accessUrl']),
    account: String(info.details['account']),
    username: String(info.details['username']),
    password: String(info.details['password']),
    database: String(info.details['database']),
    schema: String(info.details['schema']),
    ...overrides,
  };
}

let sdkLogConfigured = false;

/**
 * Sends the SDK's own log to `<cacheDir>/logs/snowflake-sdk.log` at WARN, instead of
 * `./snowflake.log` in the working directory (the SDK's default). The setting is
 * process-wide, so only the first call in a process takes effect.
 */
export function useSnowflakeSdkLog(cacheDir: string): void {
  if (sdkLogConfigured) return;
  sdkLogConfigured = true;
  const logDir = join(cacheDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  snowflake.configure({
    logLevel: 'WARN',
    logFilePath: join(logDir, 'snowflake-sdk.log'),
    additionalLogToConsole: false,
  });
}

/**
 * Creates a connection and logs in. Uses `connect(callback)`: `connectAsync()` resolves
 * even when the login fails (snowflake-sdk 3.3.0), the error reaching only a callback.
 */
export function connectSnowflake(options: ConnectionOptions): Promise<Connection> {
  const connection = snowflake.createConnection(options);
  return new Promise((resolve, reject) => {
    connection.connect((error, conn) => (error ? reject(error) : resolve(conn)));
  });
}

/** What one statement returned: its rows (as objects by column name) and the statement. */
export interface SnowflakeResult<Row> {
  rows: Row[];
  statement: RowStatement;
}

/** Executes one statement and collects its rows. */
export function executeSql<Row = Record<string, unknown>>(
  connection: Connection,
  sqlText: string,
  binds?: Binds,
): Promise<SnowflakeResult<Row>> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      ...(binds ? { binds } : {}),
      complete: (error, statement, rows) =>
        error ? reject(error) : resolve({ rows: (rows ?? []) as Row[], statement }),
    });
  });
}

/** Logs out (the SDK deletes its server-side session) and closes the connection. */
export function destroySnowflake(connection: Connection): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.destroy((error) => (error ? reject(error) : resolve()));
  });
}

/**
 * The environment a `type: snowflake` target in a fixture's profiles.yml reads
 * (`STRATA_SNOWFLAKE_*`) to reach the recorded server.
 */
export function snowflakeTargetEnv(info: ServiceInfo): Record<string, string> {
  const url = new URL(String(info.details['accessUrl']));
  return {
    STRATA_SNOWFLAKE_ACCOUNT: String(info.details['account']),
    STRATA_SNOWFLAKE_USER: String(info.details['username']),
    // The server takes any password; a distinct one keeps redaction from hiding SQL words.
    STRATA_SNOWFLAKE_PASSWORD: `pw-${randomUUID()}`,
    STRATA_SNOWFLAKE_DATABASE: String(info.details['database']),
    STRATA_SNOWFLAKE_HOST: url.hostname,
    STRATA_SNOWFLAKE_PORT: url.port,
    STRATA_SNOWFLAKE_PROTOCOL: url.protocol.replace(':', ''),
  };
}
