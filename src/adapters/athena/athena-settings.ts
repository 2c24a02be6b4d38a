import type { AdapterFactory, SettingSpec, TargetConfig, TargetSettingsDeclaration } from '../contract.js';
import { parseS3Uri, type S3Location } from '../../aws/s3-uri.js';
import { awsCredentialValues } from '../../config/secret-names.js';
import { httpUrl, pollingSettings, readPolling, type PollingOptions } from '../api-settings.js';
import { assertRequiredSettings, declareSettings, readSettings, secretSettingValues } from '../target-settings.js';

/**
 * The settings of a `type: athena` target as data, and reading them into what the
 * connection needs. No SDK here: the factory lists these settings without loading one.
 */

// An S3 location setting: s3://bucket/prefix/.
const s3Location: NonNullable<SettingSpec['check']> = (value, { name }) =>
  typeof value === 'string' && parseS3Uri(value)
    ? undefined
    : {
        message: `${name} must be an s3://bucket/prefix/ URI, got ${JSON.stringify(value)}`,
        hint: `Set ${name} to an s3://bucket/prefix/ URI.`,
      };

const SETTINGS = declareSettings([
  {
    name: 'region',
    type: 'string',
    required: false,
    textOnly: true,
    description: 'AWS region of Athena, Glue and the buckets, e.g. eu-west-1 (else AWS_REGION or the AWS profile)',
  },
  {
    name: 's3_staging_dir',
    type: 'string',
    required: true,
    textOnly: true,
    check: s3Location,
    description: 'where Athena writes query results: s3://bucket/prefix/',
  },
  {
    name: 's3_data_dir',
    type: 'string',
    required: true,
    textOnly: true,
    check: s3Location,
    description: 'where tables are written, one prefix per model: s3://bucket/prefix/',
  },
  {
    name: 'work_group',
    type: 'string',
    required: false,
    textOnly: true,
    default: 'primary',
    description: 'Athena workgroup queries run in (default primary)',
  },
  {
    name: 'athena_endpoint',
    type: 'string',
    required: false,
    check: httpUrl,
    description: 'Athena endpoint URL override (a VPC endpoint, or a local test host)',
  },
  { name: 'glue_endpoint', type: 'string', required: false, check: httpUrl, description: 'Glue endpoint URL override' },
  {
    name: 's3_endpoint',
    type: 'string',
    required: false,
    check: httpUrl,
    description: 'S3 endpoint URL override (path-style addressing is used with it)',
  },
  ...pollingSettings('GetQueryExecution', 50, 2000, 'stop a query'),
]);

/** The settings of a `type: athena` target. */
export const ATHENA_SETTINGS: AdapterFactory['settings'] = SETTINGS;

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
export interface AthenaOptions extends PollingOptions {
  targetName: string;
  region?: string;
  workGroup: string;
  stagingDir: string;
  dataDir: S3Location;
  endpoints: { athena?: string; glue?: string; s3?: string };
  /** values to keep out of every message */
  secrets: string[];
}

const CONTEXT = 'athena';

/** Read and check an Athena target's settings; a mistake is a StrataError naming the setting. */
export function readAthenaOptions(target: TargetConfig): AthenaOptions {
  assertRequiredSettings(target, SETTINGS, CONTEXT);
  const settings = readSettings(target, SETTINGS, { context: CONTEXT });
  return {
    targetName: target.name,
    region: settings.region,
    workGroup: settings.work_group,
    stagingDir: settings.s3_staging_dir!,
    dataDir: parseS3Uri(settings.s3_data_dir!)!,
    endpoints: { athena: settings.athena_endpoint, glue: settings.glue_endpoint, s3: settings.s3_endpoint },
    ...readPolling(target, settings, CONTEXT),
    secrets: [...secretSettingValues(target, SETTINGS), ...awsCredentialValues()],
  };
}
