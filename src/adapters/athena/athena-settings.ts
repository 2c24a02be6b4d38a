import { StrataError } from '../../errors/strata-error.js';
import type { AdapterFactory, TargetConfig, TargetSettingsDeclaration } from '../contract.js';
import { parseS3Uri, type S3Location } from '../../aws/s3-uri.js';
import type { BackoffOptions } from '../../aws/backoff.js';

/**
 * The settings of a `type: athena` target, and reading them into what the connection
 * needs. No SDK here: the factory lists these settings without loading one.
 */
export const ATHENA_SETTINGS: AdapterFactory['settings'] = [
  {
    name: 'region',
    type: 'string',
    required: false,
    description: 'AWS region of Athena, Glue and the buckets, e.g. eu-west-1 (else AWS_REGION or the AWS profile)',
  },
  {
    name: 's3_staging_dir',
    type: 'string',
    required: true,
    description: 'where Athena writes query results: s3://bucket/prefix/',
  },
  {
    name: 's3_data_dir',
    type: 'string',
    required: true,
    description: 'where tables are written, one prefix per model: s3://bucket/prefix/',
  },
  {
    name: 'work_group',
    type: 'string',
    required: false,
    default: 'primary',
    description: 'Athena workgroup queries run in (default primary)',
  },
  {
    name: 'athena_endpoint',
    type: 'string',
    required: false,
    description: 'Athena endpoint URL override (a VPC endpoint, or a local test host)',
  },
  { name: 'glue_endpoint', type: 'string', required: false, description: 'Glue endpoint URL override' },
  {
    name: 's3_endpoint',
    type: 'string',
    required: false,
    description: 'S3 endpoint URL override (path-style addressing is used with it)',
  },
  {
    name: 'poll_interval_ms',
    type: 'number',
    required: false,
    default: 50,
    description: 'first GetQueryExecution delay; it doubles up to poll_max_interval_ms (default 50)',
  },
  {
    name: 'poll_max_interval_ms',
    type: 'number',
    required: false,
    default: 2000,
    description: 'longest delay between GetQueryExecution polls (default 2000)',
  },
  {
    name: 'query_timeout_seconds',
    type: 'number',
    required: false,
    description: 'stop a query still running after this long (default: no limit)',
  },
];

export { parseS3Uri, s3Uri, type S3Location } from '../../aws/s3-uri.js';

/** A `type: athena` target: Strata's settings, and dbt-athena's keys Strata does not act on. */
export const ATHENA_TARGET: TargetSettingsDeclaration = {
  settings: ATHENA_SETTINGS,
  aliases: { region_name: 'region' },
  // dbt-athena's own catalog name: where its tables live unless a profile says otherwise
  defaultDatabase: () => 'awsdatacatalog',
  dbtOnly: {
    poll_interval: 'poll_interval_ms',
    aws_profile_name: null,
    aws_access_key_id: null,
    aws_secret_access_key: null,
    aws_session_token: null,
    s3_data_naming: null,
    s3_tmp_table_dir: null,
    s3_expected_bucket_owner: null,
    spark_work_group: null,
    skip_workgroup_check: null,
    debug_query_state: null,
    num_retries: null,
    num_boto3_retries: null,
    num_iceberg_retries: null,
    seed_s3_upload_args: null,
    lf_tags_database: null,
    emr_job_execution_role_arn: null,
  },
};

/** Everything an Athena connection needs from its target. */
export interface AthenaOptions {
  targetName: string;
  region?: string;
  workGroup: string;
  stagingDir: string;
  dataDir: S3Location;
  endpoints: { athena?: string; glue?: string; s3?: string };
  polling: BackoffOptions;
  queryTimeoutMs?: number;
  /** values to keep out of every message */
  secrets: string[];
}

/** Read and check an Athena target's settings; a mistake is a StrataError naming the setting. */
export function readAthenaOptions(target: TargetConfig): AthenaOptions {
  const where = `Target '${target.name}' (athena)`;
  const fail = (message: string, hint?: string) =>
    new StrataError(`${where}: ${message}`, { hint: hint ?? `Fix it in profiles.yml, target '${target.name}'.` });
  const text = (name: string): string | undefined => {
    const value = target.settings[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw fail(`${name} must be a string.`);
    return value;
  };
  const number = (name: string, fallback: number | undefined, min: number): number | undefined => {
    const value = target.settings[name];
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(parsed) || parsed < min) throw fail(`${name} must be a number of at least ${min}.`);
    return parsed;
  };
  const url = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !/^https?:\/\/[^\s/]+/.test(value)) throw fail(`${name} must be an http(s) URL.`);
    return value;
  };
  const s3 = (name: string): string => {
    const value = text(name);
    if (!value) throw fail(`${name} is missing.`, `Set ${name}: an s3://bucket/prefix/ URI.`);
    if (!parseS3Uri(value)) throw fail(`${name} must be an s3://bucket/prefix/ URI, got ${JSON.stringify(value)}.`);
    return value;
  };
  const initialMs = number('poll_interval_ms', 50, 1)!;
  const timeout = number('query_timeout_seconds', undefined, 1);
  return {
    targetName: target.name,
    region: text('region'),
    workGroup: text('work_group') ?? 'primary',
    stagingDir: s3('s3_staging_dir'),
    dataDir: parseS3Uri(s3('s3_data_dir'))!,
    endpoints: { athena: url('athena_endpoint'), glue: url('glue_endpoint'), s3: url('s3_endpoint') },
    polling: { initialMs, maxMs: number('poll_max_interval_ms', Math.max(2000, initialMs), initialMs)! },
    queryTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    secrets: [process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN].filter((s): s is string => !!s),
  };
}
