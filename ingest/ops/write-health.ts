/**
 * Whether the ingester is landing data: it is not when some partition's flushes keep
 * failing (the lake or the bucket refuses writes, the disk is full), even though it is
 * connected and consuming. One failure is retried quietly; three in a row on a partition
 * make `/healthz` answer 503 with the partitions and the last error, until a flush of
 * each of them succeeds (or the partition moves to another instance).
 */
import type { FailureStreak } from '../pipeline/flush-backoff.js';

/** Failed flushes in a row on one partition that make the instance unhealthy. */
export const UNHEALTHY_AFTER_FAILURES = 3;

export interface WriteHealth {
  healthy: boolean;
  /** why writes are unhealthy; absent when healthy */
  reason?: string;
  /** the partitions whose writes keep failing */
  failing: Array<{
    topic: string;
    partition: number;
    shard_id?: string;
    failed_flushes: number;
    failing_since: string;
    error: string;
  }>;
}

/** The verdict on writes from the partitions' failure streaks. */
export function writeHealth(streaks: readonly FailureStreak[]): WriteHealth {
  const failing = streaks
    .filter((streak) => streak.failures >= UNHEALTHY_AFTER_FAILURES)
    .sort((a, b) => a.since - b.since)
    .map((streak) => ({
      topic: streak.topic,
      partition: streak.partition,
      ...(streak.shard === undefined ? {} : { shard_id: streak.shard }),
      failed_flushes: streak.failures,
      failing_since: new Date(streak.since).toISOString(),
      error: streak.error,
    }));
  const oldest = failing[0];
  if (!oldest) return { healthy: true, failing };
  // a Kinesis shard is named by its id, a Kafka partition by its number
  const unit = oldest.shard_id === undefined ? 'partition' : 'shard';
  const where = `${oldest.topic}/${oldest.shard_id ?? oldest.partition}`;
  const since = `since ${oldest.failing_since}`;
  const reason =
    failing.length === 1
      ? `writes keep failing: ${unit} ${where} failed ${oldest.failed_flushes} flushes in a row ${since} ` +
        `(last error: ${oldest.error})`
      : `writes keep failing on ${failing.length} ${unit}s, the first ${since} ` +
        `(last error on ${where}: ${oldest.error})`;
  return { healthy: false, reason, failing };
}
