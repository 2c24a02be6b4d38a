/**
 * How an ingester instance stops, whatever it reads: it says so, runs its source's own
 * stopping work (flush and commit or checkpoint what it buffered, leave the group or release
 * the leases) within `shutdown_timeout_seconds`, and tells whether all of it finished. What
 * was not committed in time is read again by whoever reads next, so running out of time
 * loses nothing; it only makes the exit unclean.
 */
import type { Logger } from '../ops/logger.js';

export interface ShutdownWork {
  logger: Logger;
  reason: string;
  timeoutSeconds: number;
  /** records buffered as stopping starts, for the log */
  bufferedRecords: number;
  /** what is read again when time runs out, in the source's words */
  readAgain: string;
  /** the source's stopping work, by `deadline` (ms since the epoch); true when everything was committed */
  work: (deadline: number) => Promise<boolean>;
  /** after the work, finished or not: release what only it may still use */
  release?: () => Promise<void>;
  /** records committed over the instance's life, for the log */
  committedRecords: () => number;
}

/** Run the stopping work within its bound; true when everything buffered was committed. */
export async function boundedShutdown(shutdown: ShutdownWork): Promise<boolean> {
  const { logger, timeoutSeconds } = shutdown;
  logger.info('stopping', { reason: shutdown.reason, buffered_records: shutdown.bufferedRecords });
  const deadline = Date.now() + timeoutSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
  });
  try {
    const outcome = await Promise.race([shutdown.work(deadline), timeout]);
    if (outcome === 'timeout') {
      logger.error(`shutdown took longer than the bound; ${shutdown.readAgain} will be read again`, {
        timeout_seconds: timeoutSeconds,
      });
      return false;
    }
    logger.info('stopped', { clean: outcome, committed_records: shutdown.committedRecords() });
    return outcome;
  } finally {
    clearTimeout(timer);
    await shutdown.release?.();
  }
}
