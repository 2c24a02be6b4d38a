import type { AdapterFactory, TargetConfig } from '../contract.js';
import { awsCredentialValues } from '../../config/secret-names.js';
import { httpUrl, pollingSettings, readPolling, type PollingOptions } from '../api-settings.js';
import { declareSettings, readSettings, secretSettingValues, targetSettingsError } from '../target-settings.js';

/**
 * The settings of a `method: data-api` Redshift target as data, and reading them into
 * what the connection sends. No SDK here: the factory lists these settings without loading it.
 */

const MAX_KEEP_ALIVE_SECONDS = 86_400;

const SETTINGS = declareSettings([
  {
    name: 'region',
    type: 'string',
    required: false,
    textOnly: true,
    description: 'AWS region of the cluster or workgroup, e.g. us-east-1 (else AWS_REGION or the AWS profile)',
  },
  {
    name: 'cluster_identifier',
    type: 'string',
    required: false,
    textOnly: true,
    description: 'provisioned cluster; with db_user (temporary credentials) or secret_arn',
  },
  {
    name: 'db_user',
    type: 'string',
    required: false,
    textOnly: true,
    description: 'database user of a provisioned cluster (temporary credentials)',
  },
  {
    name: 'secret_arn',
    type: 'string',
    required: false,
    textOnly: true,
    secret: true,
    description: 'Secrets Manager secret holding the database user and password',
  },
  {
    name: 'workgroup',
    type: 'string',
    required: false,
    textOnly: true,
    description: 'Redshift Serverless workgroup name (instead of cluster_identifier)',
  },
  {
    name: 'endpoint',
    type: 'string',
    required: false,
    check: httpUrl,
    description: 'Data API endpoint URL override (a VPC endpoint, or a local test host)',
  },
  ...pollingSettings('DescribeStatement', 25, 1000, 'cancel a statement'),
  {
    name: 'session_keep_alive_seconds',
    type: 'number',
    required: false,
    default: 600,
    min: 1,
    max: MAX_KEEP_ALIVE_SECONDS,
    description: 'how long the Data API keeps an idle session (default 600)',
  },
]);

/** Settings a `method: data-api` target reads (besides `database`, the target's own key). */
export const DATA_API_SETTINGS: AdapterFactory['settings'] = SETTINGS;

/** Which warehouse the statements go to, and as whom: the ExecuteStatement parameters. */
export interface DataApiIdentity {
  Database: string;
  ClusterIdentifier?: string;
  DbUser?: string;
  SecretArn?: string;
  WorkgroupName?: string;
}

/** Everything a Data API connection needs from its target. */
export interface DataApiOptions extends PollingOptions {
  targetName: string;
  identity: DataApiIdentity;
  region?: string;
  endpoint?: string;
  sessionKeepAliveSeconds: number;
  /** values to keep out of every message */
  secrets: string[];
}

const CONTEXT = 'redshift, method: data-api';

/** Read and check a target's Data API settings; a mistake is a StrataError naming the setting. */
export function readDataApiOptions(target: TargetConfig): DataApiOptions {
  const fail = (message: string, hint?: string) => targetSettingsError(target, CONTEXT, message, hint);
  const settings = readSettings(target, SETTINGS, { context: CONTEXT });
  const database = target.database ?? stringOrUndefined(target.settings.database);
  if (!database) throw fail('database is missing.', 'Set database: the Redshift database the models are built in.');
  const { cluster_identifier: cluster, workgroup, db_user: dbUser, secret_arn: secretArn } = settings;
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

  const identity: DataApiIdentity = { Database: database };
  if (cluster) identity.ClusterIdentifier = cluster;
  if (workgroup) identity.WorkgroupName = workgroup;
  if (dbUser) identity.DbUser = dbUser;
  if (secretArn) identity.SecretArn = secretArn;
  return {
    targetName: target.name,
    identity,
    region: settings.region,
    endpoint: settings.endpoint,
    ...readPolling(target, settings, CONTEXT),
    sessionKeepAliveSeconds: settings.session_keep_alive_seconds,
    secrets: [...secretSettingValues(target, SETTINGS), ...awsCredentialValues()],
  };
}

// `database` of a target built in code; profiles.yml makes it the target's own key.
function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
