/**
 * A flush: land every file of a partition's segment durably, register new hive
 * partitions in the catalog, and only then commit `last offset + 1`. The fence is checked
 * before each file and right before the commit. No file is ever replaced: a flush that
 * stops half-way leaves files that the next flush from the same committed offset finds
 * and keeps, landing only the records after them (file-landing.ts).
 */
import type { CommitRecord } from '../../src/feed/commit-record.js';
import type { Destination, PartitionRegistrar, TypedColumn } from '../destination.js';
import { RecordedAheadError, type CommitFeedWriter, type FlushedFile } from '../feed/commit-feed-writer.js';
import type { FileEncoder } from './file-encoder.js';
import { landFile } from './file-landing.js';
import {
  FencedError,
  isExpiredMembership,
  isMembershipError,
  type DiscardedFlush,
  type GroupFence,
} from './group-fence.js';
import type { Segment } from './partition-buffer.js';
import { PartitionRegistrations } from './partition-registrations.js';

/** Files of one segment written at once: compression runs on the thread pool meanwhile. */
const FILE_CONCURRENCY = 4;

export interface SegmentWriterDeps {
  destination: Destination;
  encoder: FileEncoder;
  registrar?: PartitionRegistrar;
  /** the table each topic feeds, for the catalog */
  tableOf: (topic: string) => string;
  /** the payload columns of a topic's typed Parquet files, for the catalog (undefined: payload as a string) */
  typedColumnsOf?: (topic: string) => readonly TypedColumn[] | undefined;
  fence: GroupFence;
  /** proves membership (kafkajs heartbeat); rejects when the group is rebalancing */
  heartbeat: () => Promise<void>;
  /** records each flush in the commit feed, between its files and its commit */
  feed?: CommitFeedWriter;
  /** commits one partition's offset; called synchronously after the last fence check */
  commit: (topic: string, partition: number, offset: number) => Promise<void>;
}

export interface SegmentResult {
  bytes: number;
  files: number;
  /** the flush's record in the commit feed, when there is a feed and the range was not recorded yet */
  commit?: CommitRecord;
}

/**
 * Files of an earlier writer hold records beyond the segment's end: committing the
 * segment would leave a file across the committed offset, so the partition must be read
 * again from its commit and flushed once it reaches `landedEnd`.
 */
export class LandedAheadError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** one past the last offset of the landed files */
    readonly landedEnd: number,
    readonly commitOffset: number,
  ) {
    super(
      `files already in the lake hold ${topic}/${partition} up to offset ${landedEnd - 1}, ` +
        `past this flush's end (${commitOffset})`,
    );
    this.name = 'LandedAheadError';
  }
}

export class SegmentWriter {
  private readonly partitions: PartitionRegistrations;

  constructor(private readonly deps: SegmentWriterDeps) {
    this.partitions = new PartitionRegistrations(
      deps.registrar,
      deps.tableOf,
      deps.destination.url,
      deps.typedColumnsOf,
    );
  }

  async write(segment: Segment, token: number): Promise<SegmentResult> {
    const { destination, encoder, fence } = this.deps;
    let bytes = 0;
    let next = 0;
    let landedEnd = 0;
    const written: string[] = [];
    const found: DiscardedFlush['filesFound'] = [];
    const chain: FlushedFile[] = [];
    let commit: CommitRecord | undefined;
    const io = { destination, encoder, beforeWrite: () => fence.check(token) };
    const worker = async (): Promise<void> => {
      while (next < segment.files.length) {
        const file = segment.files[next++];
        if (!file) break;
        await this.keepAlive(token);
        const landing = await landFile(file.path, await encoder.encode(file), file.records, io);
        const { rejected, minEventMs, maxEventMs } = file;
        chain.push(...landing.chain.map((landed) => ({ ...landed, rejected, minEventMs, maxEventMs })));
        bytes += landing.bytes;
        written.push(...landing.written);
        found.push(...landing.found);
        landedEnd = Math.max(landedEnd, landing.landedEnd);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(FILE_CONCURRENCY, segment.files.length) }, worker));
      await this.partitions.register(segment.topic, segment.files);
      await this.keepAlive(token);
      fence.check(token);
      if (landedEnd > segment.commitOffset)
        throw new LandedAheadError(segment.topic, segment.partition, landedEnd, segment.commitOffset);
      if (this.deps.feed) {
        commit = await this.record(this.deps.feed, segment, chain, token);
        await this.keepAlive(token);
      }
      await this.commit(segment);
    } catch (error) {
      if (error instanceof FencedError && (written.length > 0 || found.length > 0))
        error.discarded = discardedFlush(segment, written, found);
      throw error;
    }
    fence.alive();
    if (commit) this.deps.feed?.published(commit);
    return { bytes, files: written.length, ...(commit ? { commit } : {}) };
  }

  /** The flush's record in the commit feed, landed before its commit (undefined: recorded already). */
  private async record(
    feed: CommitFeedWriter,
    segment: Segment,
    chain: FlushedFile[],
    token: number,
  ): Promise<CommitRecord | undefined> {
    try {
      return await feed.append(segment, chain, () => this.deps.fence.check(token));
    } catch (error) {
      if (!(error instanceof RecordedAheadError)) throw error;
      throw new LandedAheadError(segment.topic, segment.partition, error.recordedEnd, segment.commitOffset);
    }
  }

  private async commit(segment: Segment): Promise<void> {
    try {
      await this.deps.commit(segment.topic, segment.partition, segment.commitOffset);
    } catch (error) {
      if (!isMembershipError(error)) throw error;
      const stalled = this.deps.fence.silentTooLong || isExpiredMembership(error);
      this.deps.fence.rebalanceStarted();
      throw new FencedError(`the group coordinator refused the commit: ${(error as Error).message}`, error, stalled);
    }
  }

  private async keepAlive(token: number): Promise<void> {
    try {
      await this.deps.heartbeat();
    } catch (error) {
      const stalled = this.deps.fence.silentTooLong || isExpiredMembership(error);
      if (isMembershipError(error)) this.deps.fence.rebalanceStarted();
      throw new FencedError(`no heartbeat: ${(error as Error).message}`, error, stalled);
    }
    this.deps.fence.check(token);
  }
}

function discardedFlush(segment: Segment, written: string[], found: DiscardedFlush['filesFound']): DiscardedFlush {
  const records = segment.written + [...segment.rejected.values()].reduce((sum, count) => sum + count, 0);
  return {
    topic: segment.topic,
    partition: segment.partition,
    firstOffset: segment.firstOffset,
    commitOffset: segment.commitOffset,
    records,
    filesWritten: written,
    filesFound: found,
  };
}
