/**
 * dbt's freshness criteria: a source table is `error` when its newest row is older than
 * `error_after`, else `warn` when older than `warn_after`, else `pass`.
 */
import type { FreshnessThreshold, SourceNode } from '../manifest/types.js';

/** The outcome of a freshness check that ran; `runtime error` when the query failed. */
export type FreshnessStatus = 'pass' | 'warn' | 'error';

/** A source's thresholds and filter after its table's are merged over its source's. */
export type FreshnessCriteria = NonNullable<SourceNode['freshness']>;

/** How a source's newest load is measured: its query, the max of its field, or the warehouse's metadata. */
export type FreshnessMethod = 'loaded_at_query' | 'loaded_at_field' | 'metadata';

const PERIOD_SECONDS: Record<FreshnessThreshold['period'], number> = { minute: 60, hour: 3600, day: 86400 };

/** How many seconds a threshold allows. */
export function thresholdSeconds(threshold: FreshnessThreshold): number {
  return threshold.count * PERIOD_SECONDS[threshold.period];
}

/** dbt's rule: a threshold is exceeded only when the age is strictly greater than it. */
export function freshnessStatus(ageSeconds: number, criteria: FreshnessCriteria): FreshnessStatus {
  if (criteria.errorAfter && ageSeconds > thresholdSeconds(criteria.errorAfter)) return 'error';
  if (criteria.warnAfter && ageSeconds > thresholdSeconds(criteria.warnAfter)) return 'warn';
  return 'pass';
}

/**
 * Whether `strata source freshness` checks the source: it has a threshold (`freshness: null`
 * turns them off). Without a `loaded_at_field` or `loaded_at_query`, dbt asks the warehouse's
 * metadata when it was last changed (see `freshnessMethod`).
 */
export function checksFreshness(source: SourceNode): boolean {
  return hasThreshold(source);
}

/** How the source's freshness is measured: `loaded_at_query` wins over `loaded_at_field`; neither is metadata. */
export function freshnessMethod(source: SourceNode): FreshnessMethod {
  if (source.loadedAtQuery !== undefined) return 'loaded_at_query';
  return source.loadedAtField !== undefined ? 'loaded_at_field' : 'metadata';
}

/** A threshold is declared, whether or not there is a field to measure it with. */
export function hasThreshold(source: SourceNode): boolean {
  return source.freshness?.warnAfter !== undefined || source.freshness?.errorAfter !== undefined;
}
