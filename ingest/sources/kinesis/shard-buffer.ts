/**
 * The records of one shard read since its checkpoint, grouped into files by (Bronze or
 * rejected, dt, hour), as `PartitionBuffer` does for a Kafka partition. A file is named
 * `<stream>+<shard number>+<first sequence number>`: Kinesis sequence numbers run to 56
 * digits, beyond a JavaScript number, so they stay decimal strings here and are compared
 * as bigints.
 */
import type { RotationConfig } from '../../config/ingest-config.js';
import type { FileBuffer } from '../../pipeline/file-buffer.js';
import type { FileBufferFactory } from '../../pipeline/partition-buffer.js';
import { isSafeLakePath, REJECTED_AREA } from '../../records/lake-paths.js';
import type { ClassifiedRecord } from '../../records/record-classifier.js';
import type { RejectionReason } from '../../records/rejection.js';

/** Everything one flush of a shard lands, then checkpoints. */
export interface ShardSegment {
  stream: string;
  shardId: string;
  files: FileBuffer[];
  firstSequence: string;
  /** the sequence number to checkpoint once every file is durable */
  lastSequence: string;
  written: number;
  rejected: Map<RejectionReason, number>;
}

/** The number of `shardId-000000000007`, the `partition` of the shard's lines and file names. */
export function shardNumber(shardId: string): number {
  const match = /^shardId-(\d{1,20})$/.exec(shardId);
  if (!match) throw new Error(`not a Kinesis shard id: ${shardId}`);
  return Number(match[1]);
}

export class ShardBuffer {
  private files = new Map<string, FileBuffer>();
  private written = 0;
  private rejected = new Map<RejectionReason, number>();
  records = 0;
  private firstSequence: string | undefined;
  lastSequence: string | undefined;
  private oldestAt: number | undefined;

  constructor(
    readonly stream: string,
    readonly shardId: string,
    private readonly bronzeExtension: string,
    private readonly newFile: FileBufferFactory,
  ) {}

  append(record: ClassifiedRecord, sequenceNumber: string, now: number): FileBuffer {
    const rejected = record.kind === 'rejected';
    const key = `${rejected ? 'r' : 'b'}${record.part.dt}${record.part.hour}`;
    let file = this.files.get(key);
    if (!file) {
      const folder = `${this.stream}/dt=${record.part.dt}/hour=${record.part.hour}`;
      const name = `${this.stream}+${shardNumber(this.shardId)}+${sequenceNumber}`;
      const path = rejected
        ? `${REJECTED_AREA}/${folder}/${name}.jsonl.gz`
        : `${folder}/${name}.${this.bronzeExtension}`;
      if (!isSafeLakePath(path)) throw new Error(`refusing to write outside the lake layout: ${JSON.stringify(path)}`);
      file = this.newFile(path, Number(sequenceNumber), rejected);
      this.files.set(key, file);
    }
    file.append(record.line);
    if (record.kind === 'bronze') file.noteEventTime(record.eventMs);
    this.records += 1;
    if (record.kind === 'rejected') this.rejected.set(record.reason, (this.rejected.get(record.reason) ?? 0) + 1);
    else this.written += 1;
    this.oldestAt ??= now;
    this.firstSequence ??= sequenceNumber;
    this.lastSequence = sequenceNumber;
    return file;
  }

  /** Whether a file is full (records or bytes) or the oldest record waited long enough. */
  needsFlush(rotation: RotationConfig, now: number, file?: FileBuffer): boolean {
    if (file && (file.records >= rotation.maxRecords || file.bytes >= rotation.maxBytes)) return true;
    return this.oldestAt !== undefined && now - this.oldestAt >= rotation.maxSeconds * 1000;
  }

  get memory(): number {
    let sum = 0;
    for (const file of this.files.values()) sum += file.memory;
    return sum;
  }

  get openFiles(): number {
    return this.files.size;
  }

  discard(): void {
    for (const file of this.files.values()) file.discard();
    this.take();
  }

  /** Take every open file and start empty. */
  take(): ShardSegment | undefined {
    const { firstSequence, lastSequence } = this;
    if (this.records === 0 || firstSequence === undefined || lastSequence === undefined) return undefined;
    const segment: ShardSegment = {
      stream: this.stream,
      shardId: this.shardId,
      files: [...this.files.values()],
      firstSequence,
      lastSequence,
      written: this.written,
      rejected: this.rejected,
    };
    this.files = new Map();
    this.rejected = new Map();
    this.written = 0;
    this.records = 0;
    this.oldestAt = undefined;
    this.firstSequence = undefined;
    this.lastSequence = undefined;
    return segment;
  }
}
