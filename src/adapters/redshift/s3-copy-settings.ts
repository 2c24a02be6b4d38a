import { StrataError } from '../../errors/strata-error.js';
import type { AdapterFactory, TargetConfig } from '../contract.js';
import { declareSettings, readSettings } from '../target-settings.js';
import { parseS3Uri } from '../../aws/s3-uri.js';

const SETTINGS = declareSettings([
  {
    name: 'seed_s3_staging_dir',
    type: 'string',
    required: false,
    description: 'load seeds with COPY: where their CSV files are staged, s3://bucket/prefix/',
  },
  {
    name: 'seed_iam_role',
    type: 'string',
    required: false,
    description: 'ARN of the IAM role the cluster assumes to read seed_s3_staging_dir',
  },
  {
    name: 'seed_s3_region',
    type: 'string',
    required: false,
    description: "the staging bucket's region, when it differs from the cluster's",
  },
  {
    name: 's3_endpoint',
    type: 'string',
    required: false,
    description: 'S3 endpoint URL override for staging (a VPC endpoint, or a local test server)',
  },
]);

/** Settings that make seeds load by COPY from S3 instead of multi-row INSERTs. */
export const S3_COPY_SETTINGS: AdapterFactory['settings'] = SETTINGS;

/** Where seeds are staged for COPY, and how the cluster reads them. */
export interface S3CopyOptions {
  bucket: string;
  /** key prefix, empty or ending in `/` */
  prefix: string;
  iamRole: string;
  region?: string;
  endpoint?: string;
}

/** The target's COPY staging, or undefined when seeds load by INSERT. */
export function readS3CopyOptions(target: TargetConfig): S3CopyOptions | undefined {
  const settings = readSettings(target, SETTINGS);
  const dir = settings.seed_s3_staging_dir;
  const iamRole = settings.seed_iam_role;
  if (dir === undefined && iamRole === undefined) return undefined;
  const fail = (message: string, hint: string) =>
    new StrataError(`Target '${target.name}' (redshift): ${message}`, { hint });
  if (dir === undefined || iamRole === undefined) {
    throw fail(
      'seed_s3_staging_dir and seed_iam_role go together.',
      'Set both to load seeds with COPY, or neither to load them with INSERTs.',
    );
  }
  const location = parseS3Uri(dir);
  if (!location)
    throw fail(
      `seed_s3_staging_dir must be s3://bucket/prefix/, got ${JSON.stringify(dir)}.`,
      'e.g. seed_s3_staging_dir: s3://my-bucket/strata/seeds/',
    );
  return {
    ...location,
    iamRole,
    region: settings.seed_s3_region,
    endpoint: settings.s3_endpoint,
  };
}
