import type { BatchWindow } from './batch-window.js';
import { isoUtc } from './batch-window.js';

/** dbt's `batch_results` of a microbatch model in run_results.json: the windows that succeeded and failed. */
export interface BatchResults {
  successful: BatchWindow[];
  failed: BatchWindow[];
}

/** dbt's shape: `{successful: [[start, end], ...], failed: [...]}`, ISO UTC, oldest first. */
export function batchResultsToJson(results: BatchResults): Record<string, string[][]> {
  const pairs = (windows: BatchWindow[]) =>
    [...windows].sort((a, b) => a.start.getTime() - b.start.getTime()).map((w) => [isoUtc(w.start), isoUtc(w.end)]);
  return { successful: pairs(results.successful), failed: pairs(results.failed) };
}

/** The windows of a run_results.json `batch_results` list, as `strata retry` reads them; undefined if malformed. */
export function batchWindowsFromJson(value: unknown): BatchWindow[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const windows: BatchWindow[] = [];
  for (const pair of value) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [start, end] = pair.map((text) => new Date(String(text)));
    if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return undefined;
    windows.push({ start, end });
  }
  return windows;
}
