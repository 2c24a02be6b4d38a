import { StrataError } from '../../errors/strata-error.js';
import type { AdapterFactory, TargetConfig } from '../contract.js';
import type { BackoffOptions } from '../../aws/backoff.js';

/**
 * The settings of a `method: data-api` Redshift target, and reading them into what the
 * connection sends. No SDK here: the factory lists these settings without loading it.
 */

/** Settings a `method: data-api` target reads (besides `database`, the target's own key). */
export const DATA_API_SETTINGS: AdapterFactory['settings'] = [
  {
    name: 'region',
    type: 'string',
    required: false,
    description: 'AWS region of the cluster or workgroup, e.g. us-east-1 (else AWS_REGION or the AWS profile)',
  },
  {
    name: 'cluster_identifier',
    type: 'string',
    required: false,
    description: 'provisioned cluster; with db_user (temporary credentials) or secret_arn',
  },
  {
    name: 'db_user',
    type: 'string',
    required: false,
    description: 'database user of a provisioned cluster (temporary credentials)',
  },
  {
    name: 'secret_arn',
    type: 'string',
    required: false,
    secret: true,
    description: 'Secrets Manager secret holding the database user and password',
  },
  {
    name: 'workgroup',
    type: 'string',
    required: false,
    description: 'Redshift Serverless workgroup name (instead of cluster_identifier)',
  },
  {
    name: 'endpoint',
    type: 'string',
    required: false,
    description: 'Data API endpoint URL override (a VPC endpoint, or a local test host)',
  },
  {
    name: 'poll_interval_ms',
    type: 'number',
    required: false,
    default: 25,
    description: 'first DescribeStatement delay; it doubles up to poll_max_interval_ms (default 25)',
  },
  {
    name: 'poll_max_interval_ms',
    type: 'number',
    required: false,
    default: 1000,
    description: 'longest delay between DescribeStatement polls (default 1000)',
  },
  {
    name: 'query_timeout_seconds',
    type: 'number',
    required: false,
    description: 'cancel a statement still running after this long (default: no limit)',
  },
  {
    name: 'session_keep_alive_seconds',
    type: 'number',
    required: false,
    default: 600,
    description: 'how long the Data API keeps an idle session (default 600)',
  },
];

/** Which warehouse the statements go to, and as whom: the ExecuteStatement parameters. */
export interface DataApiIdentity {
  Database: string;
  ClusterIdentifier?: string;
  DbUser?: string;
  SecretArn?: string;
  WorkgroupName?: string;
}

/** Everything a Data API connection needs from its target. */
export interface DataApiOptions {
  targetName: string;
  identity: DataApiIdentity;
  region?: string;
  endpoint?: string;
  polling: BackoffOptions;
  /** undefined: wait as long as the statement runs */
  queryTimeoutMs?: number;
  sessionKeepAliveSeconds: number;
  /** values to keep out of every message */
  secrets: string[];
}

const MAX_KEEP_ALIVE_SECONDS = 86_400;

/** Read and check a target's Data API settings; a mistake is a StrataError naming the setting. */
export function readDataApiOptions(target: TargetConfig): DataApiOptions {
  const where = `Target '${target.name}' (redshift, method: data-api)`;
  const fail = (message: string, hint?: string) => new StrataError(`${where}: ${message}`, { hint });
  const text = (name: string): string | undefined => {
    const value = target.settings[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw fail(`${name} must be a string.`);
    return value;
  };
  const number = (
    name: string,
    fallback: number | undefined,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined => {
    const value = target.settings[name];
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(parsed) || parsed < min || parsed > max)
      throw fail(`${name} must be a number from ${min} to ${max}.`);
    return parsed;
  };

  const database = target.database ?? text('database');
  if (!database) throw fail('database is missing.', 'Set database: the Redshift database the models are built in.');
  const cluster = text('cluster_identifier');
  const workgroup = text('workgroup');
  const dbUser = text('db_user');
  const secretArn = text('secret_arn');
  if (cluster && workgroup) throw fail('set either cluster_identifier or workgroup, not both.');
  if (!cluster && !workgroup) {
    throw fail(
      'cluster_identifier or workgroup is missing.',
      'A provisioned cluster: cluster_identifier with db_user or secret_arn. Serverless: workgroup.',
    );
  }
  if (dbUser && secretArn) throw fail('set either db_user (temporary credentials) or secret_arn, not both.');
  if (workgroup && dbUser)
    throw fail(
      'db_user applies to provisioned clusters; a workgroup derives the user from the IAM identity or secret_arn.',
    );

  const endpoint = text('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) throw fail('endpoint must be an http(s) URL.');
  const initialMs = number('poll_interval_ms', 25, 1)!;
  const maxMs = number('poll_max_interval_ms', Math.max(1000, initialMs), initialMs)!;
  const timeoutSeconds = number('query_timeout_seconds', undefined, 1);
  const identity: DataApiIdentity = { Database: database };
  if (cluster) identity.ClusterIdentifier = cluster;
  if (workgroup) identity.WorkgroupName = workgroup;
  if (dbUser) identity.DbUser = dbUser;
  if (secretArn) identity.SecretArn = secretArn;
  return {
    targetName: target.name,
    identity,
    region: text('region'),
    endpoint,
    polling: { initialMs, maxMs },
    queryTimeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    sessionKeepAliveSeconds: number('session_keep_alive_seconds', 600, 1, MAX_KEEP_ALIVE_SECONDS)!,
    secrets: [secretArn, process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN].filter(
      (s): s is string => !!s,
    ),
  };
}
