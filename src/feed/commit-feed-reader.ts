/**
 * Reads the commit feed: the records after a cursor, per partition in offset order and
 * without gaps. A partition's records form a chain (each starts where the one before it
 * ends) and a record is only written once every record before it is, so a listing never
 * shows a later record without the earlier ones; a break in the chain is reported, never
 * skipped.
 */
import {
  commitRecordPath,
  FEED_FOLDER,
  parseCommitRecord,
  partitionFeedFolder,
  startOffsetOfName,
} from './commit-record.js';
import type { CommitRecord } from './commit-record.js';
import type { FeedStore } from './feed-store.js';

/** Per `<topic>/<partition>`, the offset the next unread record starts at. */
export type FeedCursor = Map<string, number>;

/** The cursor key of a partition. */
export function cursorKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** The partition chain has a hole or an overlap: records were removed or written by hand. */
export class FeedChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedChainError';
  }
}

export class CommitFeedReader {
  /** records read so far, by path, when caching: a record is never rewritten, so it is read once */
  private readonly records = new Map<string, CommitRecord>();

  /** `cache`: keep every record read (for readers that read the feed from its start again and again) */
  constructor(
    /** where the records are read from (the lake root) */
    readonly store: FeedStore,
    private readonly cache = false,
  ) {}

  /** The topics that have a feed. */
  async topics(): Promise<string[]> {
    return (await this.store.list(FEED_FOLDER)).sort();
  }

  /**
   * The records of `topics` after `cursor` (a partition missing from it: from its first
   * record), per partition in offset order. The cursor is not changed: see `advance`.
   */
  async after(topics: readonly string[], cursor: FeedCursor): Promise<CommitRecord[]> {
    const records: CommitRecord[] = [];
    for (const topic of topics) {
      for (const partition of await this.partitions(topic))
        records.push(...(await this.partitionAfter(topic, partition, cursor.get(cursorKey(topic, partition)))));
    }
    return records;
  }

  /**
   * A cursor at the end of the feed of `topics`: per partition, the end of its last record
   * (one record read per partition, however long the feed).
   */
  async end(topics: readonly string[]): Promise<FeedCursor> {
    const cursor: FeedCursor = new Map();
    advance(cursor, await this.lastRecords(topics));
    return cursor;
  }

  /** The last record of each partition of `topics` (one read per partition). */
  async lastRecords(topics: readonly string[]): Promise<CommitRecord[]> {
    const records: CommitRecord[] = [];
    for (const topic of topics) {
      for (const partition of await this.partitions(topic)) {
        const last = (await this.starts(topic, partition)).at(-1);
        if (last === undefined) continue;
        const path = commitRecordPath(topic, partition, last);
        records.push(parseCommitRecord(await this.store.read(path), `${this.store.url}/${path}`));
      }
    }
    return records;
  }

  private async record(topic: string, partition: number, start: number): Promise<CommitRecord> {
    const path = commitRecordPath(topic, partition, start);
    const cached = this.records.get(path);
    if (cached) return cached;
    const record = parseCommitRecord(await this.store.read(path), `${this.store.url}/${path}`);
    if (this.cache) this.records.set(path, record);
    return record;
  }

  private async partitions(topic: string): Promise<number[]> {
    return (await this.store.list(`${FEED_FOLDER}/${topic}`))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  private async starts(topic: string, partition: number): Promise<number[]> {
    return (await this.store.list(partitionFeedFolder(topic, partition)))
      .map((name) => startOffsetOfName(name))
      .filter((start): start is number => start !== undefined)
      .sort((a, b) => a - b);
  }

  private async partitionAfter(topic: string, partition: number, from: number | undefined): Promise<CommitRecord[]> {
    const starts = await this.starts(topic, partition);
    const records: CommitRecord[] = [];
    let expected = from;
    for (const start of starts) {
      if (from !== undefined && start < from) continue;
      const record = await this.record(topic, partition, start);
      if (expected !== undefined && record.start_offset !== expected) {
        throw new FeedChainError(
          `the commit feed of ${topic} partition ${partition} breaks at offset ${expected}: ` +
            `the next record (${commitRecordPath(topic, partition, start)}) starts at ${record.start_offset}; ` +
            'records of the feed were removed or written by hand',
        );
      }
      records.push(record);
      expected = record.end_offset;
    }
    return records;
  }
}

/** Move the cursor past `records`. */
export function advance(cursor: FeedCursor, records: readonly CommitRecord[]): void {
  for (const record of records) {
    const key = cursorKey(record.topic, record.partition);
    cursor.set(key, Math.max(cursor.get(key) ?? 0, record.end_offset));
  }
}
