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
  /** dbt's kind of that error, which heads it in the log (`Database Error in source ...`); Runtime when absent */
  errorKind?: FreshnessErrorKind;
  timings: PhaseTiming[];
  threadId: string;
  executionTime: number;
}

/** dbt's `max_loaded_at` of a table without any loaded-at value: "infinitely long ago", 0001-01-01 UTC. */
export const NEVER_LOADED = (() => {
  const date = new Date(0);
  // Date.UTC would read year 1 as 1901
  date.setUTCFullYear(1, 0, 1);
  return date;
})();

/** dbt's kinds of freshness errors other than its plain runtime error. */
export type FreshnessErrorKind = 'Database' | 'Compilation';

/** How the loaded-at time is read: a query of the table (field or loaded_at_query), or the warehouse's metadata. */
export type FreshnessReading = 'query' | 'metadata';

/**
 * Renders and runs the freshness `sql` of a source and rates its age against `criteria`, as
 * dbt 1.11 does: a null newest loaded-at time (an empty table, a filter leaving no rows, a
 * table the warehouse never recorded a load of) is "infinitely long ago", 0001-01-01, and
 * rated by the thresholds. A render or query that fails, a result that is not one row, a
 * null clock or a value that is no timestamp is a runtime error worded as dbt's. Naive
 * timestamps are read as UTC.
 */
export async function measureFreshness(
  connection: Connection,
  sql: () => string,
  what: {
    uniqueId: string;
    relation: string;
    criteria: FreshnessCriteria;
    threadId: string;
    reading?: FreshnessReading;
  },
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
  let rows: Record<string, unknown>[];
  try {
    rows = (await connection.query(sql())).rows;
  } catch (error) {
    return finish({ status: 'runtime error', message: errorText(error) });
  }
  const problem = resultProblem(rows, what.relation, what.reading ?? 'query');
  if (problem !== undefined) return finish({ status: 'runtime error', ...problem });
  const maxLoadedAt = (timestampOf(rows[0], 'max_loaded_at') as Date | null) ?? NEVER_LOADED;
  const snapshottedAt = timestampOf(rows[0], 'snapshotted_at') as Date;
  const ageSeconds = (snapshottedAt.getTime() - maxLoadedAt.getTime()) / 1000;
  return finish({ status: freshnessStatus(ageSeconds, what.criteria), maxLoadedAt, snapshottedAt, ageSeconds });
}

/**
 * What makes a freshness result unusable, in dbt's words and with dbt's kind of error
 * (a null or non-timestamp value is its database error); undefined when it can be rated.
 */
function resultProblem(
  rows: Record<string, unknown>[],
  relation: string,
  reading: FreshnessReading,
): { message: string; errorKind?: FreshnessErrorKind } | undefined {
  if (rows.length === 0 && reading === 'metadata') {
    // dbt raises a bare KeyError here (dbt-labs/dbt-core#9079); say what it means instead
    const message =
      `The warehouse's metadata has no row for ${relation}: the table does not exist, ` +
      'or the role cannot see it. Create it, grant access, or set a loaded_at_field.';
    return { message };
  }
  if (rows.length !== 1) {
    const macro = reading === 'metadata' ? 'get_relation_last_modified' : 'collect_freshness';
    const shown = JSON.stringify(rows.map((row) => Object.values(row)));
    return { message: `Got an invalid result from "${macro}" macro: ${shown}`, errorKind: 'Compilation' };
  }
  const [row] = rows;
  const snapshottedAt = timestampOf(row, 'snapshotted_at');
  if (snapshottedAt === null) {
    const message =
      `Expected a non-null value when querying field 'snapshotted_at' of table ${relation} ` +
      "but received value 'null' instead";
    return { message, errorKind: 'Database' };
  }
  for (const field of ['max_loaded_at', 'snapshotted_at']) {
    const value = timestampOf(row, field);
    if (value === null || value instanceof Date) continue;
    const message =
      `Expected a timestamp value when querying field '${field}' of table ${relation} ` +
      `but received value of type '${pythonTypeName(rawValue(row, field))}' instead`;
    return { message, errorKind: 'Database' };
  }
  return undefined;
}

/** The Python type name dbt's message shows for a value read from the warehouse. */
function pythonTypeName(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value;
}

/** A column of the row as a Date: Snowflake upper-cases names; ISO text (e.g. from JSON files) is read too. */
function timestampOf(row: Record<string, unknown> | undefined, name: string): Date | string | null {
  const value = rawValue(row, name);
  if (value === null || value instanceof Date) return value;
  const text = String(value);
  return parseTimestamp(text) ?? text;
}

function rawValue(row: Record<string, unknown> | undefined, name: string): unknown {
  return row?.[name] ?? row?.[name.toUpperCase()] ?? null;
}

/** A template error names the schema file and line of its loaded_at_query. */
function errorText(error: unknown): string {
  if (error instanceof StrataError && error.location) return `${formatLocation(error.location)}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
