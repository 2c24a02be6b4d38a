import { StrataError } from '../../errors/strata-error.js';
import type { AdapterFactory, TargetConfig, TargetSettingsDeclaration } from '../contract.js';
import { choiceSetting, numberSetting, stringSetting } from '../target-settings.js';
import { readPrivateKey } from './snowflake-private-key.js';

/**
 * The settings of a `type: snowflake` target (names as dbt-snowflake spells them), read
 * into the options snowflake-sdk takes. No SDK here: the factory lists these settings
 * without loading it.
 */

/** Settings a Snowflake target reads besides `database` (required), `schema` and `threads`. */
export const SNOWFLAKE_SETTINGS: AdapterFactory['settings'] = [
  {
    name: 'account',
    type: 'string',
    required: true,
    description: 'account identifier, e.g. myorg-myaccount (or xy12345.eu-west-1)',
  },
  { name: 'user', type: 'string', required: true, description: 'the login name' },
  { name: 'role', type: 'string', required: false, description: 'the role to use (default: the user’s default role)' },
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
    default: 60,
    description: `seconds a login may take, retries included (default ${60})`,
  },
  {
    name: 'host',
    type: 'string',
    required: false,
    description: 'host name override, e.g. a PrivateLink host (default <account>.snowflakecomputing.com)',
  },
  { name: 'port', type: 'number', required: false, default: 443, description: 'port override (default 443)' },
  {
    name: 'protocol',
    type: 'string',
    required: false,
    default: 'https',
    description: 'https (default) or http, with host',
  },
];

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

const PROTOCOLS = ['https', 'http'] as const;
const DEFAULT_LOGIN_TIMEOUT_SECONDS = 60;

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

/** Read and check a target's Snowflake settings; a mistake is a StrataError naming the setting. */
export function readSnowflakeOptions(target: TargetConfig, projectRoot: string): SnowflakeOptions {
  const fail = (message: string, hint: string) =>
    new StrataError(`Target '${target.name}' (snowflake): ${message}`, { hint });
  const password = stringSetting(target, 'password');
  const keyText = stringSetting(target, 'private_key');
  const keyPath = stringSetting(target, 'private_key_path');
  const passphrase = stringSetting(target, 'private_key_passphrase');
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
  const queryTag = stringSetting(target, 'query_tag');
  if (queryTag !== undefined && queryTag.length > 2000)
    throw fail('query_tag is longer than 2,000 characters.', 'Shorten query_tag.');

  const login: SnowflakeLoginOptions = {
    account: stringSetting(target, 'account')!,
    username: stringSetting(target, 'user')!,
    database: target.database,
    schema: target.schema,
    role: stringSetting(target, 'role'),
    warehouse: stringSetting(target, 'warehouse'),
    accessUrl: accessUrl(target),
    authenticator: keyPair ? 'SNOWFLAKE_JWT' : 'SNOWFLAKE',
    password,
    privateKey,
    queryTag,
    clientSessionKeepAlive: booleanSetting(target, 'client_session_keep_alive'),
    timeout: (numberSetting(target, 'login_timeout_seconds') ?? DEFAULT_LOGIN_TIMEOUT_SECONDS) * 1000,
    application: 'strata',
  };
  return {
    login,
    poolSize: Math.max(1, target.threads),
    secrets: [password, privateKey, keyText, passphrase].filter((s): s is string => !!s),
  };
}

/** `host` (with `port` and `protocol`) as the SDK's accessUrl; without it the SDK derives the account's URL. */
function accessUrl(target: TargetConfig): string | undefined {
  const host = stringSetting(target, 'host');
  if (host === undefined) return undefined;
  const protocol = choiceSetting(target, 'protocol', PROTOCOLS, 'https');
  const port = numberSetting(target, 'port');
  return `${protocol}://${host}${port === undefined ? '' : `:${port}`}`;
}

function booleanSetting(target: TargetConfig, name: string): boolean {
  const value = target.settings[name];
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  return choiceSetting(target, name, ['true', 'false'] as const, 'false') === 'true';
}
