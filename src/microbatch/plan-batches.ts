/**
 * Which batches one run of a microbatch model builds, as dbt decides them: the window the
 * command names (`--event-time-start/-end`), else from `begin` on a first build or a full
 * refresh, else the current batch and `lookback` batches before it. The end is the ceiling
 * of now (or of `--event-time-end`) to a whole batch. Unlike dbt, an incremental run also
 * covers the batches since the newest event time in the table, so a missed run leaves no gap.
 */
import { StrataError } from '../errors/strata-error.js';
import type { ModelNode } from '../manifest/types.js';
import { ceilingToBatch, offsetBatch, splitIntoBatches, truncateToBatch, type BatchWindow } from './batch-window.js';

/** What decides the batches of one run. */
export interface BatchRequest {
  model: ModelNode;
  /** the table exists and this is no full refresh: later batches, not a rebuild from `begin` */
  incremental: boolean;
  /** the invocation's start (on retry: the retried invocation's), the same for every model */
  now: Date;
  /** `--event-time-start` and `--event-time-end` (both or neither) */
  window?: BatchWindow;
  /** an incremental run: the newest event time the table holds (`last-event-time.ts`) */
  lastEventTime?: Date;
}

/** The model's batches, oldest first. */
export function planBatches(request: BatchRequest): BatchWindow[] {
  const { model } = request;
  const size = requireMicrobatchConfig(model).batchSize;
  const end = ceilingToBatch(request.window?.end ?? request.now, size);
  let start: Date;
  if (request.window) {
    start = truncateToBatch(request.window.start, size);
  } else if (!request.incremental) {
    if (!model.config.begin) {
      throw new StrataError(`Microbatch model ${model.name} needs 'begin' to build its first batches`, {
        location: model.origin,
        hint: "Set begin to the first event time to build, e.g. config(begin='2024-01-01').",
      });
    }
    start = truncateToBatch(model.config.begin, size);
  } else {
    const lookback = model.config.lookback ?? 1;
    // the end is a batch boundary, so the current batch is the one before it, then `lookback` more
    start = offsetBatch(end, size, -(lookback + 1));
    start = resumeFrom(start, request.lastEventTime, lookback, model);
  }
  return splitIntoBatches(start, end, size);
}

/**
 * Where an incremental run starts when runs were missed: dbt counts `lookback` back from now
 * only, so the batches between the last run and that point are never built (a gap nobody
 * sees). Here a run also reaches back to the batch of the newest event time in the table
 * (it may have been partly filled) and what the missed runs' lookback would have re-read
 * (`lookback - 1` batches before it), never before `begin`. A table that is current, as
 * after every scheduled run, changes nothing.
 */
function resumeFrom(start: Date, lastEventTime: Date | undefined, lookback: number, model: ModelNode): Date {
  const size = model.config.batchSize!;
  if (!lastEventTime) return start;
  let resume = offsetBatch(lastEventTime, size, -Math.max(lookback - 1, 0));
  const begin = model.config.begin ? truncateToBatch(model.config.begin, size) : undefined;
  if (begin && resume < begin) resume = begin;
  return resume < start ? resume : start;
}

/** The settings a microbatch model must have, checked before anything runs. */
export function requireMicrobatchConfig(model: ModelNode): {
  eventTime: string;
  batchSize: NonNullable<ModelNode['config']['batchSize']>;
} {
  const { eventTime, batchSize } = model.config;
  if (eventTime === undefined) {
    throw new StrataError(`Microbatch model ${model.name} has no 'event_time'`, {
      location: model.origin,
      hint: "Set event_time to the model's own event timestamp column, e.g. config(event_time='ordered_at').",
    });
  }
  if (batchSize === undefined) {
    throw new StrataError(`Microbatch model ${model.name} has no 'batch_size'`, {
      location: model.origin,
      hint: 'Set batch_size to hour, day, month or year.',
    });
  }
  return { eventTime, batchSize };
}
