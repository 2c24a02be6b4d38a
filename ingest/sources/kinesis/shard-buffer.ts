/**
 * The records of one shard read since its checkpoint, grouped into files by (Bronze or
 * rejected, dt, hour), as `PartitionBuffer` does for a Kafka partition. A file is named
 * `<stream>+<shard number>+<first sequence number>`: Kinesis sequence numbers run to 56
 * digits, beyond a JavaScript number, so they stay decimal strings here and are compared
 * as bigints.
 */
import type { RotationConfig } from '../../config/ingest-config.js';
import type { FileBuffer } from '../../pipeline/file-buffer.js';
import { HourFiles, type FileBufferFactory } from '../../pipeline/hour-files.js';
import { REJECTED_AREA } from '../../records/lake-paths.js';
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
  private readonly hours: HourFiles;
  private firstSequence: string | undefined;
  lastSequence: string | undefined;

  constructor(
    readonly stream: string,
    readonly shardId: string,
    private readonly bronzeExtension: string,
    newFile: FileBufferFactory,
  ) {
    this.hours = new HourFiles(newFile);
  }

  /** records buffered */
  get records(): number {
    return this.hours.records;
  }

  append(record: ClassifiedRecord, sequenceNumber: string, now: number): FileBuffer {
    const file = this.hours.append(record, now, Number(sequenceNumber), (rejected) => {
      const folder = `${this.stream}/dt=${record.part.dt}/hour=${record.part.hour}`;
      const name = `${this.stream}+${shardNumber(this.shardId)}+${sequenceNumber}`;
      return rejected ? `${REJECTED_AREA}/${folder}/${name}.jsonl.gz` : `${folder}/${name}.${this.bronzeExtension}`;
    });
    this.firstSequence ??= sequenceNumber;
    this.lastSequence = sequenceNumber;
    return file;
  }

  /** Whether a file is full (records or bytes) or the oldest record waited long enough. */
  needsFlush(rotation: RotationConfig, now: number, file?: FileBuffer): boolean {
    return this.hours.needsFlush(rotation, now, file);
  }

  get memory(): number {
    return this.hours.memory;
  }

  get openFiles(): number {
    return this.hours.openFiles;
  }

  discard(): void {
    this.hours.discard();
    this.firstSequence = undefined;
    this.lastSequence = undefined;
  }

  /** Take every open file and start empty. */
  take(): ShardSegment | undefined {
    const { firstSequence, lastSequence } = this;
    if (this.records === 0 || firstSequence === undefined || lastSequence === undefined) return undefined;
    const segment: ShardSegment = {
      stream: this.stream,
      shardId: this.shardId,
      ...this.hours.take(),
      firstSequence,
      lastSequence,
    };
    this.firstSequence = undefined;
    this.lastSequence = undefined;
    return segment;
  }
}
