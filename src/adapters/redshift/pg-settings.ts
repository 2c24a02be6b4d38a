import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { StrataError } from '../../errors/strata-error.js';
import type { AdapterFactory, TargetConfig } from '../contract.js';
import { declareSettings, readSettings } from '../target-settings.js';

/** Redshift's own port; PostgreSQL stand-ins usually listen elsewhere. */
const DEFAULT_PORT = 5439;
/** The database every Redshift cluster is created with. */
export const DEFAULT_DATABASE = 'dev';
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

const SETTINGS = declareSettings([
  {
    name: 'host',
    type: 'string',
    required: true,
    description: 'cluster endpoint, e.g. my-cluster.abc123.eu-west-1.redshift.amazonaws.com',
  },
  {
    name: 'port',
    type: 'number',
    required: false,
    default: DEFAULT_PORT,
    description: `port (default ${DEFAULT_PORT})`,
  },
  { name: 'user', type: 'string', required: true, description: 'database user' },
  {
    name: 'password',
    type: 'string',
    required: false,
    secret: true,
    description: "the user's password; write it as \"{{ env_var('REDSHIFT_PASSWORD') }}\"",
  },
  {
    name: 'sslmode',
    type: 'enum',
    choices: SSL_MODES,
    required: false,
    default: 'verify-full',
    description: `${SSL_MODES.join(', ')} (default verify-full)`,
  },
  {
    name: 'sslrootcert',
    type: 'string',
    required: false,
    description: 'CA bundle (PEM) to verify the server with, relative to the project',
  },
  {
    name: 'connect_timeout',
    type: 'number',
    required: false,
    default: DEFAULT_CONNECT_TIMEOUT_SECONDS,
    description: `seconds to wait for a connection (default ${DEFAULT_CONNECT_TIMEOUT_SECONDS})`,
  },
  {
    name: 'options',
    type: 'string',
    required: false,
    description: 'server startup options, e.g. "-c statement_timeout=600000"',
  },
]);

/** Settings of `method: pg`, a direct connection over Redshift's PostgreSQL protocol. */
export const PG_SETTINGS: AdapterFactory['settings'] = SETTINGS;

/** The `pg` client settings of a `method: pg` target. The password stays inside. */
export function pgClientConfig(target: TargetConfig, projectRoot: string): ClientConfig {
  const settings = readSettings(target, SETTINGS, { projectRoot });
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: target.database ?? DEFAULT_DATABASE,
    ssl: sslOptions(target, projectRoot, settings.sslmode, settings.sslrootcert),
    connectionTimeoutMillis: settings.connect_timeout * 1000,
    // Long builds leave a session idle between models; keepalives stop NATs dropping it.
    keepAlive: true,
    application_name: 'strata',
    ...(settings.options === undefined ? {} : { options: settings.options }),
  };
}

function sslOptions(
  target: TargetConfig,
  projectRoot: string,
  mode: SslMode,
  rootCert: string | undefined,
): false | ConnectionOptions {
  if (mode === 'disable') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  const ca = rootCert === undefined ? undefined : readCa(target, resolve(projectRoot, rootCert));
  return {
    rejectUnauthorized: true,
    ...(ca === undefined ? {} : { ca }),
    // verify-ca trusts the chain but not the host name (e.g. through an SSH tunnel).
    ...(mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

function readCa(target: TargetConfig, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new StrataError(`Target '${target.name}': cannot read sslrootcert ${path}.`, {
      cause: error,
      hint: 'Point sslrootcert at a PEM file of the CA that signed the cluster certificate, relative to the project.',
    });
  }
}
