/**
 * `generateToKafka`: the Bronze sample's event stream (the same records, from the same
 * seed, as the lake mode) produced to Kafka, keyed by user id, on the partitions the lake
 * mode files them under, paced to a rate, optionally cut to a count, with the tally of
 * exactly the records the brokers acknowledged.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TOPICS, type ProducedRecord, type Topic } from './event-types.js';
import { buildEventStream, withModelDefaults, type EventModelOptions } from './events.js';
import { registryValueEncoder } from './registry-values.js';
import { batchEnd, KafkaPlacements, kafkaTopicName, topicMessages, type EncodeValue } from './kafka-messages.js';
import { batchSizeFor, pause, TokenBucket } from './kafka-pacing.js';
import { RateMeter, type ProgressState } from './kafka-progress.js';
import {
  KafkaGenerateError,
  KafkaSink,
  type KafkaAcks,
  type KafkaCompression,
  type KafkaSinkOptions,
} from './kafka-sink.js';
import { TallyBuilder, type GeneratorTally } from './tally.js';

/** How the generator serializes record values. */
export type ValueFormat = 'json' | 'avro' | 'protobuf';

export interface KafkaGenerateOptions extends Partial<Omit<EventModelOptions, 'seed'>> {
  brokers: string[];
  seed: number;
  /** partitions per topic: created with this many, and existing ones must have it (default 3) */
  partitions?: number;
  /** prepended to each topic name (default '') */
  topicPrefix?: string;
  /** events per second, 0 for as fast as the brokers take them (default 0) */
  rate?: number;
  /** stop after this many records (default: the whole stream) */
  count?: number;
  acks?: KafkaAcks;
  compression?: KafkaCompression;
  /** for topics the generator creates (default min(3, brokers)) */
  replicationFactor?: number;
  /** create missing topics (default true) */
  createTopics?: boolean;
  /**
   * `retention.ms` of the topics the generator creates (default -1, forever): the events
   * carry their historical timestamps, which time-based retention would delete at once.
   */
  retentionMs?: number;
  /** records per produce request at most (default 5,000) */
  maxBatchRecords?: number;
  /** bytes of keys and values per produce request at most (default 900 KB, under the broker's 1 MB) */
  maxBatchBytes?: number;
  /**
   * how values are serialized (default json): `avro` and `protobuf` register each topic's schema in
   * `schemaRegistry` under `<topic>-value` and sends Confluent's wire format
   */
  valueFormat?: ValueFormat;
  /** the Schema Registry's base URL (Confluent's API), for `valueFormat` avro or protobuf */
  schemaRegistry?: string;
  /** where to write the tally (JSON); not written when omitted */
  tallyFile?: string;
  /** stop sending (the tally then covers what was sent) */
  signal?: AbortSignal;
  onProgress?: (state: ProgressState) => void;
  onWarning?: (message: string) => void;
  /** kafkajs's own warnings and errors */
  log?: KafkaSinkOptions['log'];
  /** milliseconds, monotonic; tests replace it */
  clock?: () => number;
}

/** The lake mode's tally, for the records produced, plus where they went. */
export interface KafkaGeneratorTally extends GeneratorTally {
  kafka: {
    /** the Kafka topic each generator topic was produced to */
    topics: Record<Topic, string>;
    /** false when the run was stopped before its last record */
    complete: boolean;
  };
}

export interface KafkaGenerateResult {
  tally: KafkaGeneratorTally;
  /** records acknowledged by the brokers */
  sent: number;
  /** records the stream holds (before `count`) */
  available: number;
  elapsedMs: number;
  aborted: boolean;
  createdTopics: string[];
}

const DAY_MS = 86_400_000;

export async function generateToKafka(options: KafkaGenerateOptions): Promise<KafkaGenerateResult> {
  const model = withModelDefaults(options);
  const partitions = options.partitions ?? 3;
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new Error(`partitions must be a positive integer, got ${partitions}`);
  const rate = options.rate ?? 0;
  if (!(rate >= 0) || !Number.isFinite(rate))
    throw new Error(`rate must be 0 or a positive number of events per second, got ${rate}`);
  const prefix = options.topicPrefix ?? '';
  const clock = options.clock ?? (() => performance.now());
  const warn = options.onWarning ?? (() => undefined);

  const stream = buildEventStream(model);
  const count = options.count ?? stream.length;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number, got ${count}`);
  if (count > stream.length) {
    warn(
      `the stream for ${model.users} users over ${model.days} days holds ${stream.length} records, ` +
        `fewer than the ${count} asked for: sending them all (more --users or --days make more)`,
    );
  }
  const records = stream.slice(0, count);
  const topics = Object.fromEntries(TOPICS.map((topic) => [topic, kafkaTopicName(prefix, topic)])) as Record<
    Topic,
    string
  >;

  const encode = await valueEncoder(options, topics);

  const sink = new KafkaSink({
    brokers: options.brokers,
    acks: options.acks,
    compression: options.compression,
    log: options.log,
  });
  await sink.connect();
  try {
    const prepared = await sink.prepareTopics({
      topics: Object.values(topics),
      partitions,
      create: options.createTopics ?? true,
      replicationFactor: options.replicationFactor,
      configs: { 'retention.ms': String(options.retentionMs ?? -1) },
    });
    warnAboutRetention(records, topics, prepared.retentionMs, warn);

    const tally = new TallyBuilder();
    const placements = new KafkaPlacements(partitions);
    const batchRecords = batchSizeFor(rate, options.maxBatchRecords ?? 5_000);
    const maxBytes = options.maxBatchBytes ?? 900_000;
    const started = clock();
    const bucket = rate > 0 ? new TokenBucket(rate, batchRecords, started) : undefined;
    const meter = new RateMeter();
    meter.record(started, 0);
    let sent = 0;
    while (sent < records.length && !options.signal?.aborted) {
      const end = batchEnd(records, sent, batchRecords, maxBytes);
      if (bucket) await pause(bucket.take(end - sent, clock()), options.signal);
      if (options.signal?.aborted) break;
      const batch = records.slice(sent, end);
      try {
        await sink.send(topicMessages(batch, prefix, partitions, encode));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new KafkaGenerateError(
          `sending to Kafka failed after ${sent} acknowledged records ` +
            `(the failed batch of ${batch.length} may be partly written): ${reason}`,
          'No tally was written: the topics may hold records it would not count. ' +
            'Produce to new topics (--topic-prefix) to start over',
          { cause: error },
        );
      }
      for (const record of batch) tally.observe(record, placements.place(record));
      sent = end;
      const now = clock();
      meter.record(now, sent);
      options.onProgress?.({ sent, total: records.length, elapsedMs: now - started, rate: meter.rate() });
    }
    const elapsedMs = clock() - started;

    const aborted = sent < records.length;
    const result: KafkaGeneratorTally = {
      ...tally.finish({ seed: model.seed, startDate: model.startDate, days: model.days, partitions }, 0),
      kafka: { topics, complete: !aborted },
    };
    if (options.tallyFile) {
      await mkdir(dirname(options.tallyFile), { recursive: true });
      await writeFile(options.tallyFile, `${JSON.stringify(result, null, 2)}\n`);
    }
    return { tally: result, sent, available: stream.length, elapsedMs, aborted, createdTopics: prepared.created };
  } finally {
    await sink.close();
  }
}

/** The value encoder of the options' format (undefined: JSON text). */
async function valueEncoder(
  options: KafkaGenerateOptions,
  topics: Record<Topic, string>,
): Promise<EncodeValue | undefined> {
  const format = options.valueFormat ?? 'json';
  if (format === 'json') return undefined;
  if (!options.schemaRegistry) throw new Error(`the ${format} format needs a Schema Registry URL`);
  try {
    return await registryValueEncoder(format, options.schemaRegistry, topics);
  } catch (error) {
    throw new KafkaGenerateError(
      `registering the ${format} schemas in ${options.schemaRegistry} failed: ${(error as Error).message}`,
      "Check --schema-registry: the base URL of Confluent's API, e.g. http://localhost:8081",
      { cause: error },
    );
  }
}

/** Time-based retention counts from the record timestamps, which are historical here. */
function warnAboutRetention(
  records: readonly ProducedRecord[],
  topics: Record<Topic, string>,
  retentionMs: Record<string, number>,
  warn: (message: string) => void,
): void {
  const oldest = new Map<Topic, number>();
  for (const record of records)
    oldest.set(record.topic, Math.min(oldest.get(record.topic) ?? Infinity, record.timestampMs));
  for (const [topic, timestampMs] of oldest) {
    const name = topics[topic];
    const retention = retentionMs[name];
    if (retention === undefined || retention < 0 || Date.now() - timestampMs <= retention) continue;
    warn(
      `topic ${name} keeps records for ${(retention / DAY_MS).toFixed(1)} days by timestamp, ` +
        `and the generated events start ${new Date(timestampMs).toISOString().slice(0, 10)}: ` +
        'the broker will delete them at its next retention check. ' +
        'Set retention.ms=-1 on the topic, or use a later --start-date',
    );
  }
}
