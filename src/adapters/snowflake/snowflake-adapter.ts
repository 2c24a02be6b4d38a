import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import snowflake from 'snowflake-sdk';
import type { Connection as SdkConnection, ConnectionOptions } from 'snowflake-sdk';
import type { Adapter, AdapterFactory, Connection, TargetConfig } from '../contract.js';
import { SnowflakeConnection } from './snowflake-connection.js';
import { SnowflakeDialect } from './snowflake-dialect.js';
import { snowflakeLoginError } from './snowflake-errors.js';
import { SnowflakeSessionPool } from './snowflake-session-pool.js';
import { readSnowflakeOptions, SNOWFLAKE_SETTINGS, type SnowflakeOptions } from './snowflake-settings.js';

/**
 * Snowflake through snowflake-sdk. The adapter owns a pool of up to `threads` sessions;
 * each connect() borrows one and the connection's close() returns it.
 */
export class SnowflakeAdapter implements Adapter {
  readonly dialect = new SnowflakeDialect();
  private readonly pool: SnowflakeSessionPool;

  constructor(
    readonly target: TargetConfig,
    private readonly options: SnowflakeOptions,
  ) {
    this.pool = new SnowflakeSessionPool(options.poolSize, () => this.login());
  }

  async connect(): Promise<Connection> {
    return new SnowflakeConnection(await this.pool.acquire(), this.pool, this.dialect, this.options.secrets);
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private login(): Promise<SdkConnection> {
    const { login, secrets } = this.options;
    const options: ConnectionOptions = {
      ...login,
      // A failed login is reported at once rather than retried for the SDK's default ~50 s.
      sfRetryMaxLoginRetries: 1,
    };
    const session = snowflake.createConnection(options);
    return new Promise((resolve, reject) => {
      // connectAsync() resolves even when the login fails (snowflake-sdk 3.3): use the callback.
      session.connect((error) =>
        error ? reject(snowflakeLoginError(login.account, login.username, error, secrets)) : resolve(session),
      );
    });
  }
}

let sdkConfigured = false;

/** The SDK logs to ./snowflake.log by default; keep its errors under target/ instead. */
function configureSdkLog(projectRoot: string): void {
  if (sdkConfigured) return;
  sdkConfigured = true;
  const logDir = join(projectRoot, 'target', 'logs');
  mkdirSync(logDir, { recursive: true });
  snowflake.configure({
    logLevel: 'ERROR',
    logFilePath: join(logDir, 'snowflake-sdk.log'),
    additionalLogToConsole: false,
  });
}

async function createSnowflakeAdapter(target: TargetConfig, projectRoot: string): Promise<Adapter> {
  const options = readSnowflakeOptions(target, projectRoot);
  configureSdkLog(projectRoot);
  return new SnowflakeAdapter(target, options);
}

/** Registers Snowflake: its settings as data, and the factory. */
export const snowflakeAdapterFactory: AdapterFactory = {
  type: 'snowflake',
  settings: SNOWFLAKE_SETTINGS,
  create: createSnowflakeAdapter,
};
