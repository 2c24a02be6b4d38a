/**
 * The files a source's unit of order (a Kafka partition, a Kinesis shard) fills between two
 * flushes: one per (Bronze or rejected, dt, hour), with the tallies a flush reports. Each
 * source names its files from its own positions (offsets, sequence numbers); the grouping,
 * the rotation checks and the hand-over to a flush are the same for all of them.
 */
import type { RotationConfig } from '../config/ingest-config.js';
import { isSafeLakePath } from '../records/lake-paths.js';
import type { ClassifiedRecord } from '../records/record-classifier.js';
import type { RejectionReason } from '../records/rejection.js';
import type { FileBuffer } from './file-buffer.js';

/** Makes the buffer of a new file: gzip streaming or raw, by format and kind. */
export type FileBufferFactory = (path: string, firstOffset: number, rejected: boolean) => FileBuffer;

/** What a flush takes: the open files and their tallies. */
export interface TakenFiles {
  files: FileBuffer[];
  written: number;
  rejected: Map<RejectionReason, number>;
}

export class HourFiles {
  private files = new Map<string, FileBuffer>();
  private written = 0;
  private rejected = new Map<RejectionReason, number>();
  /** records buffered */
  records = 0;
  /** when the oldest buffered record arrived (ms), undefined when empty */
  oldestAt: number | undefined;

  constructor(private readonly newFile: FileBufferFactory) {}

  /**
   * File a classified record; a new file gets the path `pathOf` gives for the record's
   * first position (`firstOffset` is that position as a number, for the file buffer).
   */
  append(
    record: ClassifiedRecord,
    now: number,
    firstOffset: number,
    pathOf: (rejected: boolean) => string,
  ): FileBuffer {
    const rejected = record.kind === 'rejected';
    const key = `${rejected ? 'r' : 'b'}${record.part.dt}${record.part.hour}`;
    let file = this.files.get(key);
    if (!file) {
      const path = pathOf(rejected);
      if (!isSafeLakePath(path)) throw new Error(`refusing to write outside the lake layout: ${JSON.stringify(path)}`);
      file = this.newFile(path, firstOffset, rejected);
      this.files.set(key, file);
    }
    file.append(record.line);
    if (record.kind === 'bronze') file.noteEventTime(record.eventMs);
    this.records += 1;
    if (record.kind === 'rejected') this.rejected.set(record.reason, (this.rejected.get(record.reason) ?? 0) + 1);
    else this.written += 1;
    this.oldestAt ??= now;
    return file;
  }

  /** Whether a file is full (records or bytes) or the oldest record waited long enough. */
  needsFlush(rotation: RotationConfig, now: number, file?: FileBuffer): boolean {
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

  /** Free every open file without writing it, and start empty. */
  discard(): void {
    for (const file of this.files.values()) file.discard();
    this.take();
  }

  /** Take every open file and its tallies, and start empty. */
  take(): TakenFiles {
    const taken = { files: [...this.files.values()], written: this.written, rejected: this.rejected };
    this.files = new Map();
    this.rejected = new Map();
    this.written = 0;
    this.records = 0;
    this.oldestAt = undefined;
    return taken;
  }
}
