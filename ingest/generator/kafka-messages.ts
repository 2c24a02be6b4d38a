/**
 * Generated records as Kafka messages: the topic name, the key (the user id), the value
 * (the payload string, byte for byte the lake's `payload`), the producer timestamp, and
 * an explicit partition from Kafka's murmur2 partitioner, so every key lands on the
 * partition the lake mode files it under. Also the cutting of the stream into sends.
 */
import type { ProducedRecord, Topic } from './event-types.js';
import { isoTime } from './event-types.js';
import type { LakePlacement } from './lake-sink.js';
import { payloadEventTime } from './lake-sink.js';
import { partitionForKey } from './partitioner.js';

export interface KafkaMessage {
  key: string;
  /** the JSON text, or its encoding in a Schema Registry format */
  value: string | Buffer;
  partition: number;
  /** milliseconds since the epoch, as kafkajs takes it */
  timestamp: string;
}

export interface KafkaTopicMessages {
  topic: string;
  messages: KafkaMessage[];
}

/** Bytes a record costs in a produce request besides its key and value (record header, varints, timestamp delta). */
export const RECORD_OVERHEAD_BYTES = 24;

/** The Kafka topic a generator topic is produced to. */
export function kafkaTopicName(prefix: string, topic: Topic): string {
  return `${prefix}${topic}`;
}

/** A record's value as sent: its JSON text unless an encoder says otherwise. */
export type EncodeValue = (record: ProducedRecord) => string | Buffer;

const JSON_TEXT: EncodeValue = (record) => record.value;

/** A record as the message kafkajs sends. */
export function toKafkaMessage(record: ProducedRecord, partitions: number, encode = JSON_TEXT): KafkaMessage {
  return {
    key: record.key,
    value: encode(record),
    partition: partitionForKey(record.key, partitions),
    timestamp: String(record.timestampMs),
  };
}

/** Records grouped per Kafka topic, in stream order within each topic, for one `sendBatch`. */
export function topicMessages(
  records: readonly ProducedRecord[],
  prefix: string,
  partitions: number,
  encode = JSON_TEXT,
): KafkaTopicMessages[] {
  const byTopic = new Map<string, KafkaMessage[]>();
  for (const record of records) {
    const topic = kafkaTopicName(prefix, record.topic);
    let messages = byTopic.get(topic);
    if (!messages) {
      messages = [];
      byTopic.set(topic, messages);
    }
    messages.push(toKafkaMessage(record, partitions, encode));
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * The end (exclusive) of the send that starts at `start`: at most `maxRecords` records
 * and, past the first, at most `maxBytes` of keys, values and per-record overhead, so a
 * request stays under the broker's size limits.
 */
export function batchEnd(
  records: readonly ProducedRecord[],
  start: number,
  maxRecords: number,
  maxBytes: number,
): number {
  const limit = Math.min(records.length, start + Math.max(1, maxRecords));
  let bytes = 0;
  let end = start;
  while (end < limit) {
    const record = records[end] as ProducedRecord;
    bytes += Buffer.byteLength(record.key) + Buffer.byteLength(record.value) + RECORD_OVERHEAD_BYTES;
    if (bytes > maxBytes && end > start) break;
    end += 1;
  }
  return end;
}

/**
 * Where the lake mode would file a record: its partition and offset in the topic, and the
 * event hour from its payload (or its Kafka timestamp). The tally counts by it, so the
 * Kafka mode's tally is the lake mode's for the same records.
 */
export class KafkaPlacements {
  private readonly nextOffset = new Map<string, number>();

  constructor(private readonly partitions: number) {}

  place(record: ProducedRecord): LakePlacement {
    const partition = partitionForKey(record.key, this.partitions);
    const logKey = `${record.topic}/${partition}`;
    const offset = this.nextOffset.get(logKey) ?? 0;
    this.nextOffset.set(logKey, offset + 1);
    const eventTime = payloadEventTime(record.value);
    const placedAt = isoTime(eventTime ?? record.timestampMs);
    return {
      topic: record.topic,
      partition,
      offset,
      dt: placedAt.slice(0, 10),
      hour: placedAt.slice(11, 13),
      eventTimeSource: eventTime === undefined ? 'kafka' : 'payload',
    };
  }
}
