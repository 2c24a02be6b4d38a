/**
 * Event-time arithmetic of microbatch models, in UTC as dbt does it: batches are whole
 * hours, days, months or years, each the half-open window [start, end).
 */
import type { BatchSize } from '../config/microbatch-config.js';

/** One batch: rows with `start <= event_time < end`. */
export interface BatchWindow {
  start: Date;
  end: Date;
}

/** The start of the batch holding `instant` (2024-09-17 16:06 by day -> 2024-09-17 00:00). */
export function truncateToBatch(instant: Date, size: BatchSize): Date {
  const d = instant;
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()));
    case 'day':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    case 'month':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    case 'year':
      return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  }
}

/** The batch start `offset` batches after (before, when negative) the batch holding `instant`. */
export function offsetBatch(instant: Date, size: BatchSize, offset: number): Date {
  const t = truncateToBatch(instant, size);
  switch (size) {
    case 'hour':
      return new Date(t.getTime() + offset * 3_600_000);
    case 'day':
      // calendar days in UTC: no daylight-saving hour is ever gained or lost
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + offset));
    case 'month':
      return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + offset, 1));
    case 'year':
      return new Date(Date.UTC(t.getUTCFullYear() + offset, 0, 1));
  }
}

/** `instant` when it starts a batch, else the start of the next batch (16:06 by hour -> 17:00). */
export function ceilingToBatch(instant: Date, size: BatchSize): Date {
  const truncated = truncateToBatch(instant, size);
  return truncated.getTime() === instant.getTime() ? truncated : offsetBatch(truncated, size, 1);
}

/**
 * The batches covering [start, end): whole batches from the one holding `start`; none when
 * `start >= end`, so no batch ever has an empty window (dbt-labs/dbt-core#10824).
 */
export function splitIntoBatches(start: Date, end: Date, size: BatchSize): BatchWindow[] {
  const batches: BatchWindow[] = [];
  for (let from = truncateToBatch(start, size); from < end; from = offsetBatch(from, size, 1)) {
    const next = offsetBatch(from, size, 1);
    batches.push({ start: from, end: next < end ? next : end });
  }
  return batches;
}

/** dbt's batch id (`model.batch.id`): the batch label without dashes, `20240917` or `20240917T16`. */
export function batchId(start: Date, size: BatchSize): string {
  return formatBatchStart(start, size).replace(/-/g, '');
}

/** dbt's batch label: `2024-09-17T16` (hour), `2024-09-17`, `2024-09`, `2024`. */
export function formatBatchStart(start: Date, size: BatchSize): string {
  const iso = start.toISOString();
  const length = { hour: 13, day: 10, month: 7, year: 4 }[size];
  return iso.slice(0, length);
}

/** An instant as dbt writes batch bounds in SQL: `2024-09-17 00:00:00+00:00` (explicitly UTC). */
export function formatEventTime(instant: Date): string {
  return isoUtc(instant).replace('T', ' ');
}

/** An instant as dbt writes batch bounds in run_results.json: `2024-09-17T00:00:00+00:00`. */
export function isoUtc(instant: Date): string {
  const iso = instant.toISOString();
  const fraction = instant.getUTCMilliseconds() === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}
