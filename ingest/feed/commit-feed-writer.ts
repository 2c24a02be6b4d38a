/**
 * Records each durable flush in the commit feed (src/feed/CONTEXT.md): after every file of
 * the flush is in the lake and before its offset is committed, one immutable record file
 * named by the range's start offset. The records of a partition form a chain like its
 * Bronze files: a flush starts at its committed offset `C`; a record already there (a
 * flush that died between its record and its commit, or a stalled writer) keeps its range
 * `[C, E)`, and this flush records only `[E, C')` at `E`, with the files from `E` on.
 */
import {
  commitId,
  commitRecordPath,
  parseCommitRecord,
  type CommitFile,
  type CommitRecord,
} from '../../src/feed/commit-record.js';
import type { Destination } from '../destination.js';
import type { ChainFile } from '../pipeline/file-landing.js';
import type { Segment } from '../pipeline/partition-buffer.js';

/** A file of the flush's chains, with what the flush knows about its records. */
export interface FlushedFile extends ChainFile {
  rejected: boolean;
  /** event-time bounds of the buffered file it came from (ms) */
  minEventMs?: number;
  maxEventMs?: number;
}

/** Records already in the feed reach past the flush's end: it may not commit (as LandedAheadError). */
export class RecordedAheadError extends Error {
  constructor(readonly recordedEnd: number) {
    super(`the commit feed already records offsets up to ${recordedEnd - 1}`);
    this.name = 'RecordedAheadError';
  }
}

export class CommitFeedWriter {
  private readonly listeners: Array<(record: CommitRecord) => void> = [];

  constructor(private readonly destination: Destination) {}

  /** Called with every record this instance lands, once its offset is committed. */
  onCommit(listener: (record: CommitRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Tell the listeners about a record whose offsets are committed. */
  published(record: CommitRecord): void {
    for (const listener of this.listeners) listener(record);
  }

  /**
   * Land the record of `segment`, whose files are all durable; undefined when records
   * already in the feed hold the whole range. `beforeWrite` throws when the group moved on.
   */
  async append(segment: Segment, files: FlushedFile[], beforeWrite: () => void): Promise<CommitRecord | undefined> {
    let start = segment.startOffset;
    for (;;) {
      if (start === segment.commitOffset) return undefined;
      if (start > segment.commitOffset) throw new RecordedAheadError(start);
      const record = this.record(segment, start, files);
      const path = commitRecordPath(segment.topic, segment.partition, start);
      beforeWrite();
      if ((await this.destination.writeFile(path, Buffer.from(`${JSON.stringify(record)}\n`))) === 'written')
        return record;
      const found = parseCommitRecord((await this.destination.readFile(path)).toString('utf8'), path);
      start = found.end_offset;
    }
  }

  private record(segment: Segment, start: number, files: FlushedFile[]): CommitRecord {
    const listed = files.filter((file) => file.firstOffset >= start).sort((a, b) => a.firstOffset - b.firstOffset);
    const bronze = listed.filter((file) => !file.rejected);
    const min = Math.min(...bronze.flatMap((file) => file.minEventMs ?? []));
    const max = Math.max(...bronze.flatMap((file) => file.maxEventMs ?? []));
    const sum = (list: FlushedFile[]) => list.reduce((total, file) => total + file.rows, 0);
    return {
      version: 1,
      id: commitId(segment.topic, segment.partition, start),
      topic: segment.topic,
      partition: segment.partition,
      start_offset: start,
      end_offset: segment.commitOffset,
      files: listed.map(({ path, rows, rejected }): CommitFile => ({ path, rows, rejected })),
      rows: sum(bronze),
      rejected_rows: sum(listed.filter((file) => file.rejected)),
      min_event_time: Number.isFinite(min) ? new Date(min).toISOString() : null,
      max_event_time: Number.isFinite(max) ? new Date(max).toISOString() : null,
      ingested_at: new Date().toISOString(),
    };
  }
}
