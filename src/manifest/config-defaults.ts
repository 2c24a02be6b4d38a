import { DEFAULT_AUDIT_SCHEMA } from '../data-tests/store-failures.js';
import type { ResourceType } from './types.js';

/**
 * The config dbt-core 1.11 writes for a node of this kind before any project or node setting:
 * every key its config class declares, with its default, in dbt's order. The writer then
 * overwrites the keys a project sets. Sources, exposures and unit tests have their own writers
 * and get none (an empty object).
 *
 * Each call builds a fresh object literal so that every entry has the same fast shape and
 * no two entries share a mutable `{}` or `[]`.
 */
export function configDefaults(kind: ResourceType | undefined): Record<string, unknown> {
  switch (kind) {
    case 'model': {
      const json = nodeDefaults();
      json.access = 'protected';
      json.freshness = null;
      return json;
    }
    case 'seed': {
      const json = nodeDefaults();
      json.delimiter = ',';
      json.quote_columns = null;
      return json;
    }
    case 'snapshot': {
      const json = nodeDefaults();
      json.strategy = null;
      json.target_schema = null;
      json.target_database = null;
      json.updated_at = null;
      json.check_cols = null;
      json.dbt_valid_to_current = null;
      return json;
    }
    case 'analysis':
    case 'operation':
      return nodeDefaults();
    case 'test':
      return testDefaults();
    default:
      return {};
  }
}

/** dbt's `NodeConfig`: what models, seeds, snapshots, analyses and hooks share. */
function nodeDefaults(): Record<string, unknown> {
  return {
    enabled: true,
    alias: null,
    schema: null,
    database: null,
    tags: [],
    meta: {},
    group: null,
    static_analysis: null,
    materialized: 'view',
    incremental_strategy: null,
    batch_size: null,
    lookback: 1,
    begin: null,
    persist_docs: {},
    'post-hook': [],
    'pre-hook': [],
    quoting: {},
    column_types: {},
    full_refresh: null,
    unique_key: null,
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
    event_time: null,
    concurrent_batches: null,
  };
}

/** dbt's `TestConfig`: data tests store failures in an audit schema and count failing rows. */
function testDefaults(): Record<string, unknown> {
  return {
    enabled: true,
    alias: null,
    schema: DEFAULT_AUDIT_SCHEMA,
    database: null,
    tags: [],
    meta: {},
    group: null,
    static_analysis: null,
    materialized: 'test',
    severity: 'ERROR',
    store_failures: null,
    store_failures_as: null,
    where: null,
    limit: null,
    fail_calc: 'count(*)',
    warn_if: '!= 0',
    error_if: '!= 0',
  };
}
