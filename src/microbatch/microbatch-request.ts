import type { BatchWindow } from './batch-window.js';

/** What a command asks of its microbatch models beyond their own configs. */
export interface MicrobatchRequest {
  /** `--event-time-start` / `--event-time-end`: build the batches of this window */
  window?: BatchWindow;
  /** the clock batches are computed from: the invocation's start, or on retry the retried one's */
  now?: Date;
  /** `strata retry`: per model, the batches that failed (only they run again) */
  retryBatches?: ReadonlyMap<string, BatchWindow[]>;
  /** `strata retry`: per model, the batches that already succeeded (carried into the new results) */
  doneBatches?: ReadonlyMap<string, BatchWindow[]>;
}
