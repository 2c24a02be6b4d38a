/**
 * The Kinesis calls of enhanced fan-out, behind an interface so that the reader and the
 * consumer registration do not depend on the SDK: a stream's ARN, its registered consumers,
 * and SubscribeToShard's event stream. SubscribeToShard is served over HTTP/2 only (AWS:
 * h2 over TLS; a local `http://` endpoint is spoken to in cleartext HTTP/2), so this client
 * keeps the SDK's HTTP/2 handler, one connection per subscription as the SDK's default does.
 */
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import {
  DescribeStreamConsumerCommand,
  DescribeStreamSummaryCommand,
  RegisterStreamConsumerCommand,
  ResourceNotFoundException,
  SubscribeToShardCommand,
  type StartingPosition,
  type SubscribeToShardEventStream,
} from '@aws-sdk/client-kinesis';
import { NodeHttp2Handler } from '@smithy/node-http-handler';
import type { KinesisConfig } from './kinesis-config.js';
import { kinesisClient } from './kinesis-client.js';
import { shardRecord, type ShardPosition, type ShardRecord } from './shard-api.js';

/** A registered stream consumer. */
export interface StreamConsumer {
  arn: string;
  status: 'CREATING' | 'DELETING' | 'ACTIVE';
}

/** One SubscribeToShard event. */
export interface SubscriptionEvent {
  records: ShardRecord[];
  /** where the next subscription continues (after it); absent once the shard has ended */
  continuationSequenceNumber: string | undefined;
  millisBehindLatest: number | undefined;
  /** set at the end of a closed shard */
  childShards: string[];
}

export interface FanOutApi {
  /** The stream's ARN; undefined when there is no such stream. */
  streamArn(stream: string): Promise<string | undefined>;
  /** The consumer named `name` of the stream, undefined when none is registered. */
  describeConsumer(streamArn: string, name: string): Promise<StreamConsumer | undefined>;
  registerConsumer(streamArn: string, name: string): Promise<StreamConsumer>;
  /** The events of one subscription, in order, until the service ends it; `signal` cancels it. */
  subscribe(
    consumerArn: string,
    shardId: string,
    from: ShardPosition,
    signal: AbortSignal,
  ): Promise<AsyncIterable<SubscriptionEvent>>;
  close(): void;
}

/** Enhanced fan-out through the AWS SDK (credentials from the SDK's default chain). */
export class AwsFanOutApi implements FanOutApi {
  private readonly client: KinesisClient;

  constructor(config: Pick<KinesisConfig, 'region' | 'endpoint'>) {
    this.client = kinesisClient(config, new NodeHttp2Handler({ disableConcurrentStreams: true }));
  }

  async streamArn(stream: string): Promise<string | undefined> {
    try {
      const answer = await this.client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
      return answer.StreamDescriptionSummary?.StreamARN;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async describeConsumer(streamArn: string, name: string): Promise<StreamConsumer | undefined> {
    try {
      const answer = await this.client.send(
        new DescribeStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }),
      );
      const consumer = answer.ConsumerDescription;
      if (!consumer?.ConsumerARN || !consumer.ConsumerStatus) return undefined;
      return { arn: consumer.ConsumerARN, status: consumer.ConsumerStatus };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async registerConsumer(streamArn: string, name: string): Promise<StreamConsumer> {
    const answer = await this.client.send(
      new RegisterStreamConsumerCommand({ StreamARN: streamArn, ConsumerName: name }),
    );
    const consumer = answer.Consumer;
    if (!consumer?.ConsumerARN || !consumer.ConsumerStatus)
      throw new Error(`Kinesis registered the consumer "${name}" without saying its ARN`);
    return { arn: consumer.ConsumerARN, status: consumer.ConsumerStatus };
  }

  async subscribe(
    consumerArn: string,
    shardId: string,
    from: ShardPosition,
    signal: AbortSignal,
  ): Promise<AsyncIterable<SubscriptionEvent>> {
    const answer = await this.client.send(
      new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: shardId, StartingPosition: starting(from) }),
      { abortSignal: signal },
    );
    const events = answer.EventStream;
    if (!events) throw new Error(`Kinesis opened no event stream for ${shardId}`);
    return subscriptionEvents(events);
  }

  close(): void {
    this.client.destroy();
  }
}

function starting(from: ShardPosition): StartingPosition {
  if (typeof from === 'string') return { Type: from };
  if ('after' in from) return { Type: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: from.after };
  return { Type: 'AT_SEQUENCE_NUMBER', SequenceNumber: from.at };
}

/** The SDK's event union as subscription events; an error event ends the stream by throwing it. */
async function* subscriptionEvents(
  events: AsyncIterable<SubscribeToShardEventStream>,
): AsyncGenerator<SubscriptionEvent> {
  for await (const member of events) {
    const event = member.SubscribeToShardEvent;
    if (!event) {
      const [name, detail] = Object.entries(member).find(([, value]) => value !== undefined) ?? ['unknown event'];
      const message = (detail as { message?: string } | undefined)?.message;
      throw new Error(`the shard subscription ended with ${name}${message ? `: ${message}` : ''}`);
    }
    yield {
      records: (event.Records ?? []).map(shardRecord),
      continuationSequenceNumber: event.ContinuationSequenceNumber ?? undefined,
      millisBehindLatest: event.MillisBehindLatest,
      childShards: (event.ChildShards ?? []).map((child) => child.ShardId ?? '').filter(Boolean),
    };
  }
}
