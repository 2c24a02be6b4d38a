/**
 * The records of one topic partition consumed since its last commit, grouped into files
 * by (Bronze or rejected, dt, hour). A file is named by the offset of its first record
 * and a flush always takes every file of the partition at once, so the files of a flush
 * hold exactly the offsets from the committed offset up to the flush (see CONTEXT.md).
 */
import type { RotationConfig } from '../config/ingest-config.js';
import type { ClassifiedRecord } from '../records/record-classifier.js';
import { bronzeFilePath, rejectedFilePath } from '../records/lake-paths.js';
import type { RejectionReason } from '../records/rejection.js';
import type { FileBuffer } from './file-buffer.js';
import { HourFiles, type FileBufferFactory } from './hour-files.js';

export type { FileBufferFactory } from './hour-files.js';

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
  private readonly hours: HourFiles;
  /** the offset of the first buffered record, undefined when empty */
  private firstOffset: number | undefined;
  /** where the buffered records continue from (see Segment.startOffset), undefined when empty */
  private startOffset: number | undefined;
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
    newFile: FileBufferFactory,
  ) {
    this.hours = new HourFiles(newFile);
  }

  /** records buffered */
  get records(): number {
    return this.hours.records;
  }

  /** File a classified record; returns the file it went to, for rotation checks. */
  append(record: ClassifiedRecord, offset: number, now: number): FileBuffer {
    const file = this.hours.append(record, now, offset, (rejected) =>
      rejected
        ? rejectedFilePath(this.topic, record.part, this.partition, offset)
        : bronzeFilePath(this.topic, record.part, this.partition, offset, this.bronzeExtension),
    );
    this.startOffset ??= this.nextOffset ?? offset;
    this.firstOffset ??= offset;
    this.nextOffset = offset + 1;
    return file;
  }

  /** Whether a file is full (records or bytes) or the oldest record waited long enough. */
  needsFlush(rotation: RotationConfig, now: number, file?: FileBuffer): boolean {
    if (this.flushFloor !== undefined && (this.nextOffset ?? 0) < this.flushFloor) return false;
    return this.hours.needsFlush(rotation, now, file);
  }

  get openFiles(): number {
    return this.hours.openFiles;
  }

  /** Memory held by the open files. */
  get memory(): number {
    return this.hours.memory;
  }

  /** Free every open file without writing it. */
  discard(): void {
    this.hours.discard();
    this.firstOffset = undefined;
    this.startOffset = undefined;
  }

  /** Take every open file and start empty; the caller writes them and commits. */
  take(): Segment | undefined {
    if (this.records === 0 || this.nextOffset === undefined || this.firstOffset === undefined) return undefined;
    const segment: Segment = {
      topic: this.topic,
      partition: this.partition,
      ...this.hours.take(),
      startOffset: Math.min(this.startOffset ?? this.firstOffset, this.firstOffset),
      firstOffset: this.firstOffset,
      commitOffset: this.nextOffset,
    };
    this.firstOffset = undefined;
    this.startOffset = undefined;
    return segment;
  }
}
