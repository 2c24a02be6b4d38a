/**
 * The few Kinesis Data Streams calls the ingester makes, behind an interface so that the
 * shard logic does not depend on the SDK: list a stream's shards (open and closed), get an
 * iterator, read records.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type _Record } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisConfig } from './kinesis-config.js';
import { kinesisClient } from './kinesis-client.js';

/** A shard as ListShards describes it. */
export interface ShardInfo {
  shardId: string;
  /** the shard(s) it was split or merged from */
  parents: string[];
  /** set once the shard is closed (split or merged): its last sequence number */
  endingSequenceNumber?: string;
}

/** One record of a shard. */
export interface ShardRecord {
  sequenceNumber: string;
  partitionKey: string;
  data: Uint8Array;
  /** ms since the epoch */
  arrivalMs: number | undefined;
}

/** A record as the SDK gives it (GetRecords and SubscribeToShard alike) as a shard record. */
export function shardRecord(record: _Record): ShardRecord {
  return {
    sequenceNumber: record.SequenceNumber ?? '',
    partitionKey: record.PartitionKey ?? '',
    data: record.Data ?? new Uint8Array(),
    arrivalMs: record.ApproximateArrivalTimestamp?.getTime(),
  };
}

/** Where reading starts: a shard's trim horizon, its tip, after or at a sequence number. */
export type ShardPosition = { after: string } | { at: string } | 'TRIM_HORIZON' | 'LATEST';

export interface ShardBatch {
  records: ShardRecord[];
  /** undefined once a closed shard has been read to its end */
  nextIterator: string | undefined;
  millisBehindLatest: number | undefined;
}

export interface ShardApi {
  listShards(stream: string): Promise<ShardInfo[]>;
  iterator(stream: string, shardId: string, position: ShardPosition): Promise<string>;
  read(iterator: string, limit: number): Promise<ShardBatch>;
  close(): void;
}

/** The Kinesis API through the AWS SDK (credentials from the SDK's default chain). */
export class AwsShardApi implements ShardApi {
  private readonly client: KinesisClient;

  constructor(config: Pick<KinesisConfig, 'region' | 'endpoint'>) {
    // HTTP/1.1 (moto speaks nothing else): SubscribeToShard, which needs HTTP/2, has its own client (fan-out-api.ts).
    this.client = kinesisClient(config, new NodeHttpHandler());
  }

  async listShards(stream: string): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: stream }));
      for (const shard of page.Shards ?? []) {
        if (!shard.ShardId) continue;
        const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => !!id);
        const ending = shard.SequenceNumberRange?.EndingSequenceNumber;
        shards.push({ shardId: shard.ShardId, parents, ...(ending ? { endingSequenceNumber: ending } : {}) });
      }
      token = page.NextToken;
    } while (token);
    return shards;
  }

  async iterator(stream: string, shardId: string, position: ShardPosition): Promise<string> {
    const start =
      typeof position === 'string'
        ? { ShardIteratorType: position }
        : 'after' in position
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, StartingSequenceNumber: position.after }
          : { ShardIteratorType: 'AT_SEQUENCE_NUMBER' as const, StartingSequenceNumber: position.at };
    const answer = await this.client.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ...start }),
    );
    if (!answer.ShardIterator) throw new Error(`Kinesis gave no iterator for ${stream}/${shardId}`);
    return answer.ShardIterator;
  }

  async read(iterator: string, limit: number): Promise<ShardBatch> {
    const answer = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
    return {
      records: (answer.Records ?? []).map(shardRecord),
      nextIterator: answer.NextShardIterator ?? undefined,
      millisBehindLatest: answer.MillisBehindLatest,
    };
  }

  close(): void {
    this.client.destroy();
  }
}
