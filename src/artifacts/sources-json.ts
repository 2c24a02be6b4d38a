/**
 * sources.json in dbt's sources v3 shape: one entry per source table whose freshness
 * was measured. As dbt 1.11, a check that failed to run (runtime or database error) is
 * left out; the log reports it.
 */
import type { FreshnessThreshold } from '../manifest/types.js';
import type { FreshnessResult } from '../freshness/measure-freshness.js';
import { invocationMetadata, isoTime, type Invocation } from './invocation-metadata.js';
import { pythonIsoTime } from './python-iso-time.js';

/** dbt's schema URL; readers dispatch on it. */
export const SOURCES_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/sources/v3.json';

/** Facts of the invocation written beside the results. */
export interface SourcesMeta extends Invocation {
  /** when the command began; dbt's `invocation_started_at` */
  startedAt: Date;
  elapsedSeconds: number;
}

/** Freshness results as a JSON-ready object shaped like dbt's sources v3. */
export function sourcesToJson(results: FreshnessResult[], meta: SourcesMeta): Record<string, unknown> {
  return {
    metadata: { ...invocationMetadata(SOURCES_SCHEMA_VERSION, meta), invocation_started_at: isoTime(meta.startedAt) },
    results: results.filter((r) => r.status !== 'runtime error').map(resultToJson),
    elapsed_time: meta.elapsedSeconds,
  };
}

function resultToJson(result: FreshnessResult): Record<string, unknown> {
  return {
    unique_id: result.uniqueId,
    max_loaded_at: utcIso(result.maxLoadedAt),
    snapshotted_at: utcIso(result.snapshottedAt),
    max_loaded_at_time_ago_in_s: result.ageSeconds ?? null,
    status: result.status,
    criteria: {
      warn_after: thresholdJson(result.criteria.warnAfter),
      error_after: thresholdJson(result.criteria.errorAfter),
      filter: result.criteria.filter ?? null,
    },
    adapter_response: { _message: 'OK' },
    timing: result.timings.map((t) => ({
      name: t.name,
      started_at: isoTime(t.startedAt),
      completed_at: isoTime(t.completedAt),
    })),
    thread_id: result.threadId,
    execution_time: result.executionTime,
  };
}

/** dbt writes these two from zone-aware times: `+00:00`, not `Z`. */
function utcIso(date: Date | undefined): string | null {
  return date === undefined ? null : pythonIsoTime(date, '+00:00');
}

function thresholdJson(threshold: FreshnessThreshold | undefined): Record<string, unknown> {
  return threshold ? { count: threshold.count, period: threshold.period } : { count: null, period: null };
}
