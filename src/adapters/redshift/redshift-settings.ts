import type { TargetSettingsDeclaration } from '../contract.js';
import { declareSettings } from '../target-settings.js';
import { DATA_API_SETTINGS } from './data-api-settings.js';
import { PG_SETTINGS } from './pg-settings.js';
import { S3_COPY_SETTINGS } from './s3-copy-settings.js';

/** How a Redshift target connects. */
const REDSHIFT_METHODS = ['data-api', 'pg'] as const;

/** Settings of every Redshift target, whatever the method. */
export const REDSHIFT_COMMON_SETTINGS = declareSettings([
  {
    name: 'method',
    type: 'enum',
    choices: REDSHIFT_METHODS,
    required: false,
    default: 'data-api',
    description: 'data-api (the default: the Redshift Data API over HTTPS) or pg (a direct connection)',
  },
]);

/**
 * A `type: redshift` target: every method's settings (each method checks its own
 * required ones when it connects), and dbt-redshift's keys Strata does not act on.
 */
export const REDSHIFT_TARGET: TargetSettingsDeclaration = {
  settings: [
    ...REDSHIFT_COMMON_SETTINGS,
    ...S3_COPY_SETTINGS,
    ...[...PG_SETTINGS, ...DATA_API_SETTINGS].map((s) => ({ ...s, required: false })),
  ],
  aliases: { dbname: 'database', cluster_id: 'cluster_identifier', serverless_work_group: 'workgroup' },
  dbtOnly: {
    iam_profile: null,
    iam_duration_seconds: null,
    access_key_id: null,
    secret_access_key: null,
    autocreate: null,
    db_groups: null,
    ra3_node: null,
    role: null,
    retries: null,
    autocommit: null,
    keepalives_idle: null,
    tcp_keepalive: null,
    tcp_keepalive_idle: null,
    tcp_keepalive_interval: null,
    tcp_keepalive_count: null,
    is_serverless: null,
    serverless_acct_id: null,
    idc_region: null,
    issuer_url: null,
    idc_client_display_name: null,
    idp_listen_port: null,
    token_endpoint_type: null,
  },
};
