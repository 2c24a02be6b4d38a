/**
 * A source's `config` in manifest.json, as dbt-core 1.10/1.11 writes it: enabled, tags and
 * meta with its freshness settings, and no materialization (a source builds nothing).
 * `state:modified.configs` compares sources through this same function.
 */
import { redactSecrets } from '../config/redact-secrets.js';
import { configToJson } from '../manifest/config-json.js';
import type { FreshnessThreshold, SourceNode } from '../manifest/types.js';

export function sourceConfigJson(node: SourceNode): Record<string, unknown> {
  const { materialized: _materialized, ...config } = configToJson(node.config);
  return {
    ...config,
    meta: config.meta ?? redactSecrets(node.meta),
    loaded_at_field: node.loadedAtField ?? null,
    loaded_at_query: node.loadedAtQuery ?? null,
    freshness: sourceFreshnessJson(node),
    // dbt 1.10+'s SourceConfig keys Strata has no setting for
    event_time: config.event_time ?? null,
    static_analysis: null,
  };
}

/**
 * dbt's `freshness` of a source: both thresholds (nulls when unset) and the filter; null
 * when `freshness: null` turned the check off.
 */
export function sourceFreshnessJson(node: SourceNode): Record<string, unknown> | null {
  if (node.freshness === null) return null;
  return {
    warn_after: thresholdJson(node.freshness?.warnAfter),
    error_after: thresholdJson(node.freshness?.errorAfter),
    filter: node.freshness?.filter ?? null,
  };
}

function thresholdJson(threshold: FreshnessThreshold | undefined): Record<string, unknown> {
  return { count: threshold?.count ?? null, period: threshold?.period ?? null };
}
