/**
 * Failed flushes, counted per partition: a partition whose writes fail waits longer
 * before each new attempt (doubling from half a second up to 30 s), while a healthy
 * partition of the same instance keeps its pace, and a partition that recovers starts
 * again from the shortest wait. The streaks also tell `/healthz` that writes keep failing.
 */
import { exponentialDelayMs, type BackoffOptions } from '../../src/aws/backoff.js';

/** One partition's run of failed flushes since its last successful one. */
export interface FailureStreak {
  topic: string;
  partition: number;
  /** failed flushes in a row */
  failures: number;
  /** when the first of them failed (ms since the epoch) */
  since: number;
  /** the message of the last failure */
  error: string;
  /** a Kinesis shard's id (`partition` is its number) */
  shard?: string;
}

const FLUSH_RETRY: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** The wait before reading a partition again after its `failures`-th failed flush in a row. */
export function retryDelayMs(failures: number): number {
  return exponentialDelayMs(failures, FLUSH_RETRY);
}

export class FlushBackoff {
  private readonly streaks = new Map<string, FailureStreak>();
  /** partitions paused until their wait is over; nothing else may resume them */
  private readonly waiting = new Set<string>();

  /** Record a failed flush of the partition `key`; returns how long it should wait. */
  failed(key: string, topic: string, partition: number, error: unknown, now = Date.now(), shard?: string): number {
    const message = error instanceof Error ? error.message : String(error);
    const streak = this.streaks.get(key) ?? {
      topic,
      partition,
      failures: 0,
      since: now,
      error: message,
      ...(shard === undefined ? {} : { shard }),
    };
    streak.failures += 1;
    streak.error = message;
    this.streaks.set(key, streak);
    return retryDelayMs(streak.failures);
  }

  /** The partition `key` is paused for its wait. */
  startWaiting(key: string): void {
    this.waiting.add(key);
  }

  /** The wait of `key` is over (or the partition was reassigned). */
  stopWaiting(key: string): void {
    this.waiting.delete(key);
  }

  /** Whether `key` is paused for its wait, so only the end of the wait resumes it. */
  isWaiting(key: string): boolean {
    return this.waiting.has(key);
  }

  /** The partition `key` flushed: its streak ends. */
  succeeded(key: string): void {
    this.streaks.delete(key);
  }

  /** After a rebalance: forget partitions this instance no longer owns; every partition is resumed. */
  retain(owned: (key: string) => boolean): void {
    for (const key of [...this.streaks.keys()]) if (!owned(key)) this.streaks.delete(key);
    this.waiting.clear();
  }

  /** The partition's failed flushes in a row (0 when its last flush succeeded). */
  failures(key: string): number {
    return this.streaks.get(key)?.failures ?? 0;
  }

  /** Every partition whose last flush failed. */
  get failing(): FailureStreak[] {
    return [...this.streaks.values()];
  }
}
