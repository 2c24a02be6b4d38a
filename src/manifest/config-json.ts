import { formatDuration } from '../config/duration.js';
import { isSecretKey, REDACTED, redactSecrets } from '../config/redact-secrets.js';
import { configDefaults } from './config-defaults.js';
import type { NodeConfig, ResourceType } from './types.js';

/**
 * A node's config in dbt's snake_case shape, as written to manifest.json and compared
 * by `state:modified`. Given the node's kind, it starts from dbt's defaults for that kind
 * (`on_schema_change: 'ignore'`, `grants: {}`...) as dbt writes them; without one, only the
 * keys a project set appear. Unset keys keep their default (or stay absent) so that the JSON
 * is stable; credential-looking keys (`meta: {owner_password: ...}`) are masked, here so that
 * what is written and what is compared agree. `meta` is the node's YAML `meta:`, which dbt
 * writes in the config as well, joined with what config set.
 */
export function configToJson(
  config: NodeConfig,
  kind?: ResourceType,
  meta?: Record<string, unknown>,
): Record<string, unknown> {
  const json = configDefaults(kind);
  // keys are only ever set, never deleted: deleting makes V8 store the object as a slow dictionary
  // what the project set is masked and copied as it is set; dbt's defaults hold no secret
  const set = (key: string, given: unknown): void => {
    if (given === undefined) return;
    const value = isSecretKey(key)
      ? REDACTED
      : typeof given === 'object' && given !== null
        ? redactSecrets(given)
        : given;
    // a `__proto__` key is data here: assigning it would set the object's prototype
    if (key === '__proto__') Object.defineProperty(json, key, { value, enumerable: true, writable: true });
    else json[key] = value;
  };
  set('enabled', config.enabled);
  set('materialized', config.materialized);
  set('schema', config.schema);
  set('database', config.database);
  set('alias', config.alias);
  set('tags', config.tags);
  set('incremental_strategy', config.incrementalStrategy);
  // one column as dbt writes it when given one: a name, not a list
  set('unique_key', config.uniqueKey?.length === 1 ? config.uniqueKey[0] : config.uniqueKey);
  set('on_schema_change', config.onSchemaChange);
  set('full_refresh', config.fullRefresh);
  set('event_time', config.eventTime);
  set('batch_size', config.batchSize);
  set('begin', config.begin && config.begin.toISOString().slice(0, 19));
  set('lookback', config.lookback);
  set('concurrent_batches', config.concurrentBatches);
  set('merge_sum_columns', config.mergeSumColumns);
  set('replace_key', config.replaceKey);
  set('replace_from', config.replaceFrom);
  set('location', config.location);
  set('partition_by', config.partitionBy);
  set('format', config.format);
  set('column_types', config.columnTypes);
  set('delimiter', config.delimiter);
  set('severity', config.severity);
  set('warn_if', config.warnIf);
  set('error_if', config.errorIf);
  set('where', config.where);
  set('store_failures', config.storeFailures);
  // dbt's TestConfig: stored failures are a table unless said otherwise
  if (kind === 'test' && config.storeFailures === true) json.store_failures_as = 'table';
  set('limit', config.limit);
  set('fail_calc', config.failCalc);
  // dbt's spelling and shape: [{sql, transaction, index}]
  set(
    'pre-hook',
    config.preHook?.map((hook) => ({ ...hook, index: null })),
  );
  set(
    'post-hook',
    config.postHook?.map((hook) => ({ ...hook, index: null })),
  );
  set('grants', config.grants);
  set('contract', config.contract && { enforced: config.contract.enforced, alias_types: config.contract.aliasTypes });
  set('freshness_target', config.freshnessTarget === undefined ? undefined : formatDuration(config.freshnessTarget));
  for (const [key, value] of Object.entries(config.extra)) set(key, value);
  set('meta', joinedMeta(config.extra.meta, meta));
  return json;
}

/** The node's `meta:` over what config set (`+meta`, `config(meta=...)`), as dbt merges them; none when empty. */
function joinedMeta(configured: unknown, meta: Record<string, unknown> | undefined): unknown {
  if (meta === undefined || Object.keys(meta).length === 0) return undefined;
  const isMap = typeof configured === 'object' && configured !== null && !Array.isArray(configured);
  return isMap ? { ...configured, ...meta } : meta;
}
