/**
 * The event-time windows a batch of a commit-fed model re-aggregates (its `lookback`, see
 * CONTEXT.md "Late events"): every window the batch's commits hold events of, as far back
 * as `lookback` windows before the window of the batch's newest event. A re-aggregated
 * window is rebuilt from every file of every commit whose event times reach into it, so
 * its rows come out as a full build would make them.
 */
import type { BatchSize } from '../config/microbatch-config.js';
import { offsetBatch, truncateToBatch, type BatchWindow } from '../microbatch/batch-window.js';
import type { CommitRecord } from './commit-record.js';

/**
 * The windows of `size` the commits hold events of, in order, limited to `lookback` windows
 * before the newest (undefined: no limit). Commits without Bronze records hold none.
 */
export function windowsToReaggregate(
  commits: readonly CommitRecord[],
  size: BatchSize,
  lookback: number | undefined,
): BatchWindow[] {
  const starts = new Set<number>();
  for (const commit of commits) {
    if (commit.min_event_time === null || commit.max_event_time === null) continue;
    const last = Date.parse(commit.max_event_time);
    for (let from = truncateToBatch(new Date(commit.min_event_time), size); from.getTime() <= last;) {
      starts.add(from.getTime());
      from = offsetBatch(from, size, 1);
    }
  }
  const ordered = [...starts].sort((a, b) => a - b);
  const newest = ordered.at(-1);
  if (newest === undefined) return [];
  const horizon = lookback === undefined ? -Infinity : offsetBatch(new Date(newest), size, -lookback).getTime();
  return ordered
    .filter((start) => start >= horizon)
    .map((start) => ({ start: new Date(start), end: offsetBatch(new Date(start), size, 1) }));
}

/** The commits whose event times reach into one of `windows`: their files rebuild those windows. */
export function commitsOverlapping(commits: readonly CommitRecord[], windows: readonly BatchWindow[]): CommitRecord[] {
  return commits.filter((commit) => {
    if (commit.min_event_time === null || commit.max_event_time === null) return false;
    const min = Date.parse(commit.min_event_time);
    const max = Date.parse(commit.max_event_time);
    return windows.some((window) => min < window.end.getTime() && max >= window.start.getTime());
  });
}
