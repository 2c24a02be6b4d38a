/**
 * A stand-in for a Kinesis stream with the resharding behaviour of the real service, for
 * the one thing the test services cannot show: moto's SplitShard and MergeShards keep
 * routing new records to the closed parent and never end it, so no worker could ever
 * read a child. Here a split or merge closes the parent(s), records put afterwards go to
 * the children by hash key, and reading a closed shard past its last record ends it (no
 * next iterator), as GetRecords does. Sequence numbers have Kinesis's 56 digits and grow
 * across the stream. Records can be made to expire (`expire`): a stream keeps them for at
 * least 24 hours, so no test service can expire one on demand. Every read is logged, so a
 * test can tell what was read when.
 */
import { createHash } from 'node:crypto';
import type {
  ShardApi,
  ShardBatch,
  ShardInfo,
  ShardPosition,
  ShardRecord,
} from '../../../../ingest/sources/kinesis/shard-api.js';

interface FakeShard {
  id: string;
  parents: string[];
  low: bigint;
  high: bigint;
  records: ShardRecord[];
  open: boolean;
}

const MAX_HASH = 2n ** 128n - 1n;

export class ReshardingStream implements ShardApi {
  private readonly shards: FakeShard[] = [];
  private counter = 0;
  /** every record as it was read, in reading order, with the shard it came from */
  readonly reads: Array<{ shardId: string; sequenceNumber: string; partitionKey: string }> = [];
  /** the shards read to their end, in that order */
  readonly ended: string[] = [];

  constructor(
    readonly name: string,
    shardCount: number,
  ) {
    const step = (MAX_HASH + 1n) / BigInt(shardCount);
    for (let index = 0; index < shardCount; index += 1) {
      const high = index === shardCount - 1 ? MAX_HASH : BigInt(index + 1) * step - 1n;
      this.add([], BigInt(index) * step, high);
    }
  }

  put(partitionKey: string, data: string): void {
    const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
    const shard = this.shards.find((candidate) => candidate.open && candidate.low <= hash && hash <= candidate.high);
    if (!shard) throw new Error(`no open shard for ${partitionKey}`);
    this.counter += 1;
    shard.records.push({
      sequenceNumber: `49${String(this.counter).padStart(54, '0')}`,
      partitionKey,
      data: Buffer.from(data),
      arrivalMs: Date.parse('2026-01-05T08:00:00.000Z') + this.counter,
    });
  }

  split(shardId: string): void {
    const parent = this.shard(shardId);
    parent.open = false;
    const middle = (parent.low + parent.high) / 2n;
    this.add([shardId], parent.low, middle);
    this.add([shardId], middle + 1n, parent.high);
  }

  merge(shardId: string, adjacentShardId: string): void {
    const [a, b] = [this.shard(shardId), this.shard(adjacentShardId)];
    a.open = false;
    b.open = false;
    this.add([shardId, adjacentShardId], a.low < b.low ? a.low : b.low, a.high > b.high ? a.high : b.high);
  }

  /**
   * The oldest `count` records of a shard pass the stream's retention period and are gone,
   * oldest first, as Kinesis trims them. An iterator after a gone record starts at the
   * oldest one left.
   */
  expire(shardId: string, count: number): void {
    this.shard(shardId).records.splice(0, count);
  }

  listShards(): Promise<ShardInfo[]> {
    return Promise.resolve(
      this.shards.map((shard) => ({
        shardId: shard.id,
        parents: shard.parents,
        ...(shard.open ? {} : { endingSequenceNumber: shard.records.at(-1)?.sequenceNumber ?? '0' }),
      })),
    );
  }

  iterator(_stream: string, shardId: string, position: ShardPosition): Promise<string> {
    const shard = this.shard(shardId);
    const index =
      position === 'TRIM_HORIZON'
        ? 0
        : position === 'LATEST'
          ? shard.records.length
          : 'after' in position
            ? shard.records.findIndex((record) => BigInt(record.sequenceNumber) > BigInt(position.after))
            : shard.records.findIndex((record) => BigInt(record.sequenceNumber) >= BigInt(position.at));
    return Promise.resolve(`${shardId}:${index < 0 ? shard.records.length : index}`);
  }

  read(iterator: string, limit: number): Promise<ShardBatch> {
    const [shardId = '', at = '0'] = iterator.split(':');
    const shard = this.shard(shardId);
    const records = shard.records.slice(Number(at), Number(at) + limit);
    const next = Number(at) + records.length;
    for (const record of records) this.reads.push({ shardId, ...record });
    const end = !shard.open && next >= shard.records.length;
    if (end && !this.ended.includes(shardId)) this.ended.push(shardId);
    return Promise.resolve({
      records,
      nextIterator: end ? undefined : `${shardId}:${next}`,
      millisBehindLatest: 0,
    });
  }

  close(): void {}

  private add(parents: string[], low: bigint, high: bigint): void {
    const id = `shardId-${String(this.shards.length).padStart(12, '0')}`;
    this.shards.push({ id, parents, low, high, records: [], open: true });
  }

  private shard(shardId: string): FakeShard {
    const shard = this.shards.find((candidate) => candidate.id === shardId);
    if (!shard) throw new Error(`no shard ${shardId}`);
    return shard;
  }
}
