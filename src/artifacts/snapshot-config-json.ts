import { configToJson } from '../manifest/config-json.js';
import type { SnapshotNode } from '../manifest/types.js';

/** dbt's snapshot meta columns, each null unless renamed. */
const META_COLUMNS = ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'];

/**
 * A snapshot's config as manifest.json writes it and `state:modified.configs` compares it:
 * the shared config with dbt's snapshot defaults, and its strategy, unique key and meta
 * column names set on that object (not spread into a new one).
 */
export function snapshotConfigJson(node: SnapshotNode): Record<string, unknown> {
  const config = configToJson(node.config, node.resourceType, node.meta);
  const renamed = node.config.extra.snapshot_meta_column_names as Record<string, unknown> | undefined;
  const metaNames: Record<string, unknown> = {};
  for (const key of META_COLUMNS) metaNames[key] = renamed?.[key] ?? null;
  config.strategy = node.snapshot.strategy;
  config.unique_key = node.snapshot.uniqueKey.length === 1 ? node.snapshot.uniqueKey[0] : node.snapshot.uniqueKey;
  config.snapshot_meta_column_names = metaNames;
  return config;
}
