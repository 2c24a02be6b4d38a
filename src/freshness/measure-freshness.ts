import type { Connection } from '../adapters/contract.js';
import { parseTimestamp } from '../adapters/text-values.js';
import { formatLocation, StrataError } from '../errors/strata-error.js';
import type { PhaseTiming } from '../artifacts/run-results-json.js';
import { freshnessStatus, type FreshnessCriteria, type FreshnessStatus } from './freshness-criteria.js';

/** The freshness of one source table, as `sources.json` records it. */
export interface FreshnessResult {
  uniqueId: string;
  status: FreshnessStatus | 'runtime error';
  criteria: FreshnessCriteria;
  /** newest loaded-at time; absent after a runtime error */
  maxLoadedAt?: Date;
  /** the warehouse's time when it was measured */
  snapshottedAt?: Date;
  /** seconds from maxLoadedAt to snapshottedAt */
  ageSeconds?: number;
  /** the error of a runtime error */
  message?: string;
  timings: PhaseTiming[];
  threadId: string;
  executionTime: number;
}

/**
 * Renders and runs the freshness `sql` of a source and rates its age against `criteria`.
 * A render that fails, a failing query, a null (an empty table) or a value that is no timestamp is a runtime error, as
 * in dbt; naive timestamps are read as UTC.
 */
export async function measureFreshness(
  connection: Connection,
  sql: () => string,
  what: { uniqueId: string; relation: string; criteria: FreshnessCriteria; threadId: string },
): Promise<FreshnessResult> {
  const startedAt = new Date();
  const base = { uniqueId: what.uniqueId, criteria: what.criteria, threadId: what.threadId };
  const finish = (fields: Partial<FreshnessResult> & Pick<FreshnessResult, 'status'>): FreshnessResult => {
    const completedAt = new Date();
    const timings: PhaseTiming[] = [
      { name: 'compile', startedAt, completedAt: startedAt },
      { name: 'execute', startedAt, completedAt },
    ];
    return { ...base, ...fields, timings, executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000 };
  };
  let row: Record<string, unknown> | undefined;
  try {
    row = (await connection.query(sql())).rows[0];
  } catch (error) {
    return finish({ status: 'runtime error', message: errorText(error) });
  }
  const maxLoadedAt = timestampOf(row, 'max_loaded_at');
  const snapshottedAt = timestampOf(row, 'snapshotted_at');
  for (const [field, value] of [
    ['max_loaded_at', maxLoadedAt],
    ['snapshotted_at', snapshottedAt],
  ] as const) {
    if (value instanceof Date) continue;
    const problem =
      value === null
        ? "received value 'null' instead (is the table empty, or does the filter leave no rows?)"
        : `received ${JSON.stringify(value)}, which is not a timestamp`;
    return finish({
      status: 'runtime error',
      message: `Expected a timestamp in ${field} of ${what.relation}: ${problem}`,
    });
  }
  const ageSeconds = ((snapshottedAt as Date).getTime() - (maxLoadedAt as Date).getTime()) / 1000;
  return finish({
    status: freshnessStatus(ageSeconds, what.criteria),
    maxLoadedAt: maxLoadedAt as Date,
    snapshottedAt: snapshottedAt as Date,
    ageSeconds,
  });
}

/** A column of the row as a Date: Snowflake upper-cases names; ISO text (e.g. from JSON files) is read too. */
function timestampOf(row: Record<string, unknown> | undefined, name: string): Date | string | null {
  const value = row?.[name] ?? row?.[name.toUpperCase()] ?? null;
  if (value === null || value instanceof Date) return value;
  const text = String(value);
  return parseTimestamp(text) ?? text;
}

/** A template error names the schema file and line of its loaded_at_query. */
function errorText(error: unknown): string {
  if (error instanceof StrataError && error.location) return `${formatLocation(error.location)}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
