/**
 * The records of one topic partition consumed since its last commit, grouped into files
 * by (Bronze or rejected, dt, hour). A file is named by the offset of its first record
 * and a flush always takes every file of the partition at once, so the files of a flush
 * hold exactly the offsets from the committed offset up to the flush (see CONTEXT.md).
 */
import type { RotationConfig } from '../config/ingest-config.js';
import type { ClassifiedRecord } from '../records/record-classifier.js';
import { bronzeFilePath, isSafeLakePath, rejectedFilePath } from '../records/lake-paths.js';
import type { RejectionReason } from '../records/rejection.js';
import type { FileBuffer } from './file-buffer.js';

/** Makes the buffer of a new file: gzip streaming or raw, by format and kind. */
export type FileBufferFactory = (path: string, firstOffset: number, rejected: boolean) => FileBuffer;

/** Everything a flush writes and commits for one partition. */
export interface Segment {
  topic: string;
  partition: number;
  files: FileBuffer[];
  /**
   * the offset the segment continues from: the partition's committed offset (or the end
   * of the segment before it), its first record's offset when there is no commit yet
   */
  startOffset: number;
  /** the offset of its first record */
  firstOffset: number;
  /** the offset to commit once every file is durable: last record + 1 */
  commitOffset: number;
  written: number;
  rejected: Map<RejectionReason, number>;
}

export class PartitionBuffer {
  private files = new Map<string, FileBuffer>();
  private written = 0;
  private rejected = new Map<RejectionReason, number>();
  /** records buffered */
  records = 0;
  /** the offset of the first buffered record, undefined when empty */
  private firstOffset: number | undefined;
  /** where the buffered records continue from (see Segment.startOffset), undefined when empty */
  private startOffset: number | undefined;
  /** when the oldest buffered record arrived (ms), undefined when empty */
  oldestAt: number | undefined;
  /** the offset after the last record appended, undefined before the first */
  nextOffset: number | undefined;
  /**
   * no rotation before this offset: files already in the lake hold the partition up to
   * here, and a flush ending earlier could not be committed (see LandedAheadError)
   */
  flushFloor: number | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly bronzeExtension: string,
    private readonly newFile: FileBufferFactory,
  ) {}

  /** File a classified record; returns the file it went to, for rotation checks. */
  append(record: ClassifiedRecord, offset: number, now: number): FileBuffer {
    const rejected = record.kind === 'rejected';
    const key = `${rejected ? 'r' : 'b'}${record.part.dt}${record.part.hour}`;
    let file = this.files.get(key);
    if (!file) {
      const path = rejected
        ? rejectedFilePath(this.topic, record.part, this.partition, offset)
        : bronzeFilePath(this.topic, record.part, this.partition, offset, this.bronzeExtension);
      if (!isSafeLakePath(path)) throw new Error(`refusing to write outside the lake layout: ${JSON.stringify(path)}`);
      file = this.newFile(path, offset, rejected);
      this.files.set(key, file);
    }
    file.append(record.line);
    if (record.kind === 'bronze') file.noteEventTime(record.eventMs);
    this.records += 1;
    if (record.kind === 'rejected') this.rejected.set(record.reason, (this.rejected.get(record.reason) ?? 0) + 1);
    else this.written += 1;
    this.oldestAt ??= now;
    this.startOffset ??= this.nextOffset ?? offset;
    this.firstOffset ??= offset;
    this.nextOffset = offset + 1;
    return file;
  }

  /** Whether a file is full (records or bytes) or the oldest record waited long enough. */
  needsFlush(rotation: RotationConfig, now: number, file?: FileBuffer): boolean {
    if (this.flushFloor !== undefined && (this.nextOffset ?? 0) < this.flushFloor) return false;
    if (file && (file.records >= rotation.maxRecords || file.bytes >= rotation.maxBytes)) return true;
    return this.oldestAt !== undefined && now - this.oldestAt >= rotation.maxSeconds * 1000;
  }

  get openFiles(): number {
    return this.files.size;
  }

  /** Memory held by the open files. */
  get memory(): number {
    let sum = 0;
    for (const file of this.files.values()) sum += file.memory;
    return sum;
  }

  /** Free every open file without writing it. */
  discard(): void {
    for (const file of this.files.values()) file.discard();
    this.take();
  }

  /** Take every open file and start empty; the caller writes them and commits. */
  take(): Segment | undefined {
    if (this.records === 0 || this.nextOffset === undefined || this.firstOffset === undefined) return undefined;
    const segment: Segment = {
      topic: this.topic,
      partition: this.partition,
      files: [...this.files.values()],
      startOffset: Math.min(this.startOffset ?? this.firstOffset, this.firstOffset),
      firstOffset: this.firstOffset,
      commitOffset: this.nextOffset,
      written: this.written,
      rejected: this.rejected,
    };
    this.files = new Map();
    this.rejected = new Map();
    this.written = 0;
    this.records = 0;
    this.oldestAt = undefined;
    this.firstOffset = undefined;
    this.startOffset = undefined;
    return segment;
  }
}
