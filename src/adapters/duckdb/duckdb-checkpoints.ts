/**
 * When a long-lived process checkpoints its DuckDB file. DuckDB checkpoints on its own at
 * the commit that takes the write-ahead log past `checkpoint_threshold` (16 MiB): under a
 * watcher running back to back, that is in the middle of a run, and the models running beside
 * the committing one wait for it (seconds on a busy disk), so the events the run carries do too.
 * Each checkpoint also rewrites the last, partly filled row group of every table appended to
 * since the one before, so many small checkpoints write the same rows again and again.
 *
 * So a watcher defers them: the automatic threshold is raised to a safety net no run reaches,
 * and the watcher checkpoints between runs once the log holds the budget (DuckDB's own 16 MiB:
 * as often as before, but after a run's rows are committed and visible, never inside it), or
 * sooner, from a quarter of it, when it waits with nothing new (the next flush waits only if it
 * lands during the checkpoint). Larger budgets were measured too (64 MiB, 2026-12-07, on the
 * 2-core machine under load 11-21): each checkpoint then compressed that much more at once, and
 * on a starved CPU stalled the watcher for 6-26 s instead of 1-5 s. A `checkpoint_threshold` (or
 * `wal_autocheckpoint`) set in the profile's `config` is the user's choice and is left alone.
 */
import { statSync } from 'node:fs';

/** The log a watcher lets grow before it checkpoints between runs: DuckDB's own threshold. */
export const DEFAULT_CHECKPOINT_BUDGET_BYTES = 16 * 2 ** 20;

/** With nothing new to run, the watcher checkpoints from this share of the budget on. */
export const IDLE_CHECKPOINT_SHARE = 0.25;

/** The automatic threshold while checkpoints are deferred: only a single run writing this much reaches it. */
export const DEFERRED_CHECKPOINT_THRESHOLD = '1GiB';

const THRESHOLD_SETTINGS = ['checkpoint_threshold', 'wal_autocheckpoint'];

/** True when the profile's DuckDB settings choose the checkpoint threshold themselves. */
export function thresholdChosen(config: Record<string, string> | undefined): boolean {
  return Object.keys(config ?? {}).some((key) => THRESHOLD_SETTINGS.includes(key.toLowerCase()));
}

/** The settings to open the database with: the profile's, and the deferred threshold where it chose none. */
export function deferredSettings(config: Record<string, string> | undefined): Record<string, string> {
  if (thresholdChosen(config)) return { ...config };
  return { ...config, checkpoint_threshold: DEFERRED_CHECKPOINT_THRESHOLD };
}

/** Bytes in the database's write-ahead log (none: 0). */
export function walBytes(databasePath: string): number {
  try {
    return statSync(`${databasePath}.wal`).size;
  } catch {
    return 0;
  }
}

/** A checkpoint run between runs: the log it emptied and how long it took. */
export interface CheckpointDone {
  walBytes: number;
  seconds: number;
}
