import { redactSecrets } from '../config/redact-secrets.js';
import type { NodeConfig } from './types.js';

/**
 * A node's config in dbt's snake_case shape, as written to manifest.json and compared
 * by `state:modified`. Keys whose value is undefined are omitted so that the JSON is stable;
 * credential-looking keys (`meta: {owner_password: ...}`) are masked, here so that what is
 * written and what is compared agree.
 */
export function configToJson(config: NodeConfig): Record<string, unknown> {
  const json: Record<string, unknown> = {
    enabled: config.enabled,
    materialized: config.materialized,
    schema: config.schema,
    database: config.database,
    alias: config.alias,
    tags: config.tags,
    incremental_strategy: config.incrementalStrategy,
    unique_key: config.uniqueKey,
    on_schema_change: config.onSchemaChange,
    full_refresh: config.fullRefresh,
    location: config.location,
    partition_by: config.partitionBy,
    format: config.format,
    column_types: config.columnTypes,
    delimiter: config.delimiter,
    severity: config.severity,
    warn_if: config.warnIf,
    error_if: config.errorIf,
    where: config.where,
    store_failures: config.storeFailures,
    limit: config.limit,
    fail_calc: config.failCalc,
    // dbt's spelling and shape: [{sql, transaction, index}]
    'pre-hook': config.preHook?.map((hook) => ({ ...hook, index: null })),
    'post-hook': config.postHook?.map((hook) => ({ ...hook, index: null })),
    grants: config.grants,
    ...config.extra,
  };
  for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
  return redactSecrets(json);
}
