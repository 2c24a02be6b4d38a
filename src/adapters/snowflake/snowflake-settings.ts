import type { AdapterFactory, SettingSpec, TargetConfig, TargetSettingsDeclaration } from '../contract.js';
import { declareSettings, readSettings, secretSettingValues, targetSettingsError } from '../target-settings.js';
import { readPrivateKey } from './snowflake-private-key.js';

/**
 * The settings of a `type: snowflake` target (names as dbt-snowflake spells them), read
 * into the options snowflake-sdk takes. No SDK here: the factory lists these settings
 * without loading it.
 */

const PROTOCOLS = ['https', 'http'] as const;
const DEFAULT_LOGIN_TIMEOUT_SECONDS = 60;
const MAX_QUERY_TAG_LENGTH = 2000;

// Snowflake refuses a longer QUERY_TAG; say so before logging in.
const queryTagLength: NonNullable<SettingSpec['check']> = (value) =>
  typeof value === 'string' && value.length > MAX_QUERY_TAG_LENGTH
    ? { message: 'query_tag is longer than 2,000 characters', hint: 'Shorten query_tag.' }
    : undefined;

const SETTINGS = declareSettings([
  {
    name: 'account',
    type: 'string',
    required: true,
    description: 'account identifier, e.g. myorg-myaccount (or xy12345.eu-west-1)',
  },
  { name: 'user', type: 'string', required: true, description: 'the login name' },
  {
    name: 'role',
    type: 'string',
    required: false,
    description: 'the role to use (default: the user’s default role)',
  },
  {
    name: 'warehouse',
    type: 'string',
    required: false,
    description: 'the virtual warehouse that runs the statements (default: the user’s default)',
  },
  {
    name: 'password',
    type: 'string',
    required: false,
    secret: true,
    description: 'password authentication; write it as "{{ env_var(\'SNOWFLAKE_PASSWORD\') }}"',
  },
  {
    name: 'private_key',
    type: 'string',
    required: false,
    secret: true,
    description: 'key-pair authentication: the PEM text, e.g. "{{ env_var(\'SNOWFLAKE_PRIVATE_KEY\') }}"',
  },
  {
    name: 'private_key_path',
    type: 'string',
    required: false,
    description: 'key-pair authentication: a PEM file, relative to the project',
  },
  {
    name: 'private_key_passphrase',
    type: 'string',
    required: false,
    secret: true,
    description: 'passphrase of an encrypted private key',
  },
  {
    name: 'query_tag',
    type: 'string',
    required: false,
    check: queryTagLength,
    description: 'QUERY_TAG of every statement, to find them in QUERY_HISTORY',
  },
  {
    name: 'client_session_keep_alive',
    type: 'boolean',
    required: false,
    default: false,
    description: 'keep idle sessions alive with heartbeats (default false)',
  },
  {
    name: 'login_timeout_seconds',
    type: 'number',
    required: false,
    default: DEFAULT_LOGIN_TIMEOUT_SECONDS,
    description: `seconds a login may take, retries included (default ${DEFAULT_LOGIN_TIMEOUT_SECONDS})`,
  },
  {
    name: 'host',
    type: 'string',
    required: false,
    description: 'host name override, e.g. a PrivateLink host (default <account>.snowflakecomputing.com)',
  },
  // no default: the protocol's own port (443 for https) unless set
  { name: 'port', type: 'number', required: false, description: 'port override, with host (default 443)' },
  {
    name: 'protocol',
    type: 'enum',
    choices: PROTOCOLS,
    required: false,
    default: 'https',
    description: 'https (default) or http, with host',
  },
]);

/** Settings a Snowflake target reads besides `database` (required), `schema` and `threads`. */
export const SNOWFLAKE_SETTINGS: AdapterFactory['settings'] = SETTINGS;

/** A `type: snowflake` target: Strata's settings, and dbt-snowflake's keys Strata does not act on. */
export const SNOWFLAKE_TARGET: TargetSettingsDeclaration = {
  settings: SNOWFLAKE_SETTINGS,
  dbtOnly: {
    private_key_passphrase_path: null,
    authenticator: null,
    token: null,
    oauth_client_id: null,
    oauth_client_secret: null,
    connect_retries: null,
    connect_timeout: 'login_timeout_seconds',
    retry_on_database_errors: null,
    retry_all: null,
    reuse_connections: null,
    insecure_mode: null,
    proxy_host: null,
    proxy_port: null,
    client_store_temporary_credential: null,
    client_request_mfa_token: null,
  },
};

/** The snowflake-sdk connection options of a target (the SDK's own field names). */
export interface SnowflakeLoginOptions {
  account: string;
  username: string;
  database: string;
  schema: string;
  role?: string;
  warehouse?: string;
  accessUrl?: string;
  authenticator: 'SNOWFLAKE' | 'SNOWFLAKE_JWT';
  password?: string;
  /** PKCS#8 PEM, decrypted: the SDK signs the login JWT with it */
  privateKey?: string;
  queryTag?: string;
  clientSessionKeepAlive: boolean;
  timeout: number;
  application: string;
}

/** What a Snowflake adapter needs from its target. */
export interface SnowflakeOptions {
  login: SnowflakeLoginOptions;
  /** sessions kept open at most: one per worker thread */
  poolSize: number;
  /** values to keep out of every message */
  secrets: string[];
}

const CONTEXT = 'snowflake';

/** Read and check a target's Snowflake settings; a mistake is a StrataError naming the setting. */
export function readSnowflakeOptions(target: TargetConfig, projectRoot: string): SnowflakeOptions {
  const fail = (message: string, hint: string) => targetSettingsError(target, CONTEXT, message, hint);
  const settings = readSettings(target, SETTINGS, { context: CONTEXT, projectRoot });
  const { password, private_key: keyText, private_key_path: keyPath, private_key_passphrase: passphrase } = settings;
  const keyPair = keyText !== undefined || keyPath !== undefined;
  if (keyText !== undefined && keyPath !== undefined) {
    throw fail('set private_key or private_key_path, not both.', 'Keep the one that holds the key.');
  }
  if (password !== undefined && keyPair) {
    throw fail('set either password or a private key, not both.', 'Key-pair authentication needs no password.');
  }
  if (password === undefined && !keyPair) {
    throw fail(
      'no credentials: set password, or private_key / private_key_path for key-pair authentication.',
      'e.g. password: "{{ env_var(\'SNOWFLAKE_PASSWORD\') }}" or private_key_path: keys/rsa_key.p8',
    );
  }
  if (target.database === undefined)
    throw fail('database is not set.', 'Add database: <the database models are built in> to the target.');
  const privateKey = keyPair
    ? readPrivateKey(target.name, { text: keyText, path: keyPath, passphrase, projectRoot })
    : undefined;

  const login: SnowflakeLoginOptions = {
    account: settings.account!,
    username: settings.user!,
    database: target.database,
    schema: target.schema,
    role: settings.role,
    warehouse: settings.warehouse,
    accessUrl: accessUrl(settings),
    authenticator: keyPair ? 'SNOWFLAKE_JWT' : 'SNOWFLAKE',
    password,
    privateKey,
    queryTag: settings.query_tag,
    clientSessionKeepAlive: settings.client_session_keep_alive,
    timeout: settings.login_timeout_seconds * 1000,
    application: 'strata',
  };
  return {
    login,
    poolSize: Math.max(1, target.threads),
    // the decrypted key too: a message could quote it in another form than the one written
    secrets: [...secretSettingValues(target, SETTINGS), ...(privateKey ? [privateKey] : [])],
  };
}

/** `host` (with `port` and `protocol`) as the SDK's accessUrl; without it the SDK derives the account's URL. */
function accessUrl({ host, port, protocol }: { host?: string; port?: number; protocol: string }): string | undefined {
  if (host === undefined) return undefined;
  return `${protocol}://${host}${port === undefined ? '' : `:${port}`}`;
}
