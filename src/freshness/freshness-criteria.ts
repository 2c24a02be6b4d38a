/**
 * dbt's freshness criteria: a source table is `error` when its newest row is older than
 * `error_after`, else `warn` when older than `warn_after`, else `pass`.
 */
import type { FreshnessThreshold, SourceNode } from '../manifest/types.js';

/** The outcome of a freshness check that ran; `runtime error` when the query failed. */
export type FreshnessStatus = 'pass' | 'warn' | 'error';

/** A source's thresholds and filter after its table's are merged over its source's. */
export type FreshnessCriteria = NonNullable<SourceNode['freshness']>;

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
 * turns them off) and a `loaded_at_field` or `loaded_at_query` to measure with.
 */
export function checksFreshness(source: SourceNode): boolean {
  return hasThreshold(source) && (source.loadedAtField !== undefined || source.loadedAtQuery !== undefined);
}

/** A threshold is declared, whether or not there is a field to measure it with. */
export function hasThreshold(source: SourceNode): boolean {
  return source.freshness?.warnAfter !== undefined || source.freshness?.errorAfter !== undefined;
}
