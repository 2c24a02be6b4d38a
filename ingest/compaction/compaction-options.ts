/**
 * How `strata lake compact` and the ingester's background compaction decide, in Kafka
 * Connect and Firehose terms where they have one.
 */
export interface CompactionOptions {
  /** an hour is closed, so compacted, once it ended this long ago (late records may still land) */
  latenessMs: number;
  /** the size a compacted file aims at (the last file of an hour is smaller) */
  targetFileBytes: number;
  /** files a generation replaced stay this long for statements that already named them */
  retentionMs: number;
  /** gzip level of compacted `.jsonl.gz` files */
  gzipLevel: number;
}

export const COMPACTION_DEFAULTS: CompactionOptions = {
  latenessMs: 3_600_000,
  targetFileBytes: 128 * 1024 * 1024,
  retentionMs: 3_600_000,
  gzipLevel: 6,
};

const HOUR_MS = 3_600_000;

/** True once the hour `dt`/`hour` (UTC) ended at least `latenessMs` before `now`. */
export function isClosedHour(dt: string, hour: string, latenessMs: number, now: number): boolean {
  const end = Date.parse(`${dt}T${hour}:00:00Z`) + HOUR_MS;
  return end + latenessMs <= now;
}
