/**
 * `generateToKinesis`: the Bronze sample's event stream (the same records, from the same
 * seed, as the lake and Kafka modes) put to Kinesis streams named as the Kafka topics,
 * the partition key the Kafka key (the user id), paced to a rate, optionally cut to a
 * count. Batches follow PutRecords' limits (500 records, 5 MiB), one stream per call.
 */
import type { PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { TOPICS, type ProducedRecord, type Topic } from './event-types.js';
import { buildEventStream, withModelDefaults, type EventModelOptions } from './events.js';
import { batchEnd, kafkaTopicName } from './kafka-messages.js';
import { batchSizeFor, pause, TokenBucket } from './kafka-pacing.js';
import { RateMeter, type ProgressState } from './kafka-progress.js';
import {
  KinesisSink,
  PUT_RECORDS_MAX_BYTES,
  PUT_RECORDS_MAX_RECORDS,
  type KinesisSinkOptions,
} from './kinesis-sink.js';

export interface KinesisGenerateOptions extends Partial<Omit<EventModelOptions, 'seed'>>, KinesisSinkOptions {
  seed: number;
  /** shards of the streams the generator creates (default 3); existing streams are used as they are */
  shards?: number;
  /** prepended to each stream name (default '') */
  topicPrefix?: string;
  /** events per second, 0 for as fast as the streams take them (default 0) */
  rate?: number;
  /** stop after this many records (default: the whole stream) */
  count?: number;
  /** stop sending (what was sent is reported) */
  signal?: AbortSignal;
  onProgress?: (state: ProgressState) => void;
  /** milliseconds, monotonic; tests replace it */
  clock?: () => number;
}

export interface KinesisGenerateResult {
  /** the stream each generator topic was put to */
  streams: Record<Topic, string>;
  /** records accepted, per stream */
  sentByStream: Record<string, number>;
  /** records accepted by the streams */
  sent: number;
  /** of them, broken copies (they land in `rejected/`) */
  malformed: number;
  elapsedMs: number;
  aborted: boolean;
  createdStreams: string[];
}

export async function generateToKinesis(options: KinesisGenerateOptions): Promise<KinesisGenerateResult> {
  const model = withModelDefaults(options);
  const shards = options.shards ?? 3;
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  const rate = options.rate ?? 0;
  if (!(rate >= 0) || !Number.isFinite(rate))
    throw new Error(`rate must be 0 or a positive number of events per second, got ${rate}`);
  const clock = options.clock ?? (() => performance.now());
  const stream = buildEventStream(model);
  const records = stream.slice(0, options.count ?? stream.length);
  const prefix = options.topicPrefix ?? '';
  const streams = Object.fromEntries(TOPICS.map((topic) => [topic, kafkaTopicName(prefix, topic)])) as Record<
    Topic,
    string
  >;

  const sink = new KinesisSink(options);
  try {
    const createdStreams = await sink.prepareStreams(Object.values(streams), shards);
    const batchRecords = batchSizeFor(rate, PUT_RECORDS_MAX_RECORDS);
    const started = clock();
    const bucket = rate > 0 ? new TokenBucket(rate, batchRecords, started) : undefined;
    const meter = new RateMeter();
    meter.record(started, 0);
    const sentByStream: Record<string, number> = Object.fromEntries(Object.values(streams).map((name) => [name, 0]));
    let sent = 0;
    let malformed = 0;
    while (sent < records.length && !options.signal?.aborted) {
      const end = batchEnd(records, sent, batchRecords, PUT_RECORDS_MAX_BYTES);
      if (bucket) await pause(bucket.take(end - sent, clock()), options.signal);
      if (options.signal?.aborted) break;
      const batch = records.slice(sent, end);
      for (const [topic, entries] of entriesByTopic(batch)) {
        await sink.put(streams[topic], entries);
        sentByStream[streams[topic]] = (sentByStream[streams[topic]] ?? 0) + entries.length;
      }
      malformed += batch.filter((record) => record.kind === 'malformed').length;
      sent = end;
      const now = clock();
      meter.record(now, sent);
      options.onProgress?.({ sent, total: records.length, elapsedMs: now - started, rate: meter.rate() });
    }
    const elapsedMs = clock() - started;
    return { streams, sentByStream, sent, malformed, elapsedMs, aborted: sent < records.length, createdStreams };
  } finally {
    sink.close();
  }
}

/** A batch's records as PutRecords entries per topic, in stream order within each topic. */
function entriesByTopic(batch: readonly ProducedRecord[]): Map<Topic, PutRecordsRequestEntry[]> {
  const byTopic = new Map<Topic, PutRecordsRequestEntry[]>();
  for (const record of batch) {
    const entries = byTopic.get(record.topic) ?? [];
    entries.push({ PartitionKey: record.key, Data: Buffer.from(record.value) });
    byTopic.set(record.topic, entries);
  }
  return byTopic;
}
