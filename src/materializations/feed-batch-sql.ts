import type { Dialect } from '../adapters/contract.js';
import type { BatchWindow } from '../microbatch/batch-window.js';
import type { FeedRun } from './materialize-commit-feed.js';
import { inWindows } from './plan-commit-feed.js';

/** A commit-fed batch's queries and how its rows merge into the model's table, for either write path. */
export interface FeedBatchSql {
  /** the new commits' rows, outside the re-aggregated windows when there are any */
  deltaSql: string;
  /** the re-aggregated windows' rows, undefined when the batch re-aggregates none */
  windowsSql: string | undefined;
  windows: BatchWindow[];
  eventTime: string | undefined;
  uniqueKey: string[] | undefined;
  sumColumns: string[] | undefined;
  replaceKey: string[] | undefined;
  replaceFrom: string | undefined;
}

/**
 * The batch's queries split at its windows: a model with an `event_time` whose batch
 * re-aggregates windows reads its delta outside them and the windows' files inside them;
 * any other batch reads its delta whole.
 */
export function feedBatchSql(dialect: Dialect, run: FeedRun): FeedBatchSql {
  const { eventTime, windowsSql } = run;
  const windowed = run.windows.length > 0 && eventTime !== undefined && windowsSql !== undefined;
  return {
    deltaSql: windowed ? inWindows(dialect, run.deltaSql, eventTime, run.windows, false) : run.deltaSql,
    windowsSql: windowed ? inWindows(dialect, windowsSql, eventTime, run.windows, true) : undefined,
    windows: windowed ? run.windows : [],
    eventTime,
    uniqueKey: run.uniqueKey,
    sumColumns: run.sumColumns,
    replaceKey: run.replaceKey,
    replaceFrom: run.replaceFrom,
  };
}
