/**
 * How a shard worker gets a shard's records, whatever carries them: polling GetRecords
 * (`polling-shard-reader.ts`) or enhanced fan-out's SubscribeToShard (`efo-shard-reader.ts`).
 * A reader only delivers records in order from where it was opened; buffering, flushes,
 * plans and checkpoints stay in `shard-worker.ts`, the same for both.
 */
import type { ShardPosition, ShardRecord } from './shard-api.js';

/** What one `next()` gives: possibly no records (caught up, or closed meanwhile). */
export interface ShardRead {
  records: ShardRecord[];
  /** true once a closed shard (split or merged) has been read to its end */
  ended: boolean;
  millisBehindLatest: number | undefined;
  /** at the end of a shard, the shards it was split or merged into (when the service says) */
  childShards?: string[];
}

export interface ShardReader {
  /**
   * The next records after the last ones given. Resolves without records when nothing came
   * within the reader's wait, so the worker can flush by age, and at once after `close()`.
   * Rejects when reading failed: the worker opens a new reader from its checkpoint.
   */
  next(): Promise<ShardRead>;
  /** Stop reading and release what the reader holds (an open subscription). */
  close(): void;
}

/** Opens a reader of `shardId` of `stream` starting at `from`. */
export type OpenShardReader = (stream: string, shardId: string, from: ShardPosition) => ShardReader;

/** A read that carries nothing: the answer of a closed reader, or of a wait that saw no records. */
export const NOTHING_READ: ShardRead = { records: [], ended: false, millisBehindLatest: undefined };
