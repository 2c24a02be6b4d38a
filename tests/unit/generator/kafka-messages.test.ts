import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  buildEventStream,
  DEFAULT_EVENT_MODEL,
  partitionForKey,
  type ProducedRecord,
} from '../../../ingest/generator/index.js';
import {
  batchEnd,
  KafkaPlacements,
  kafkaTopicName,
  RECORD_OVERHEAD_BYTES,
  toKafkaMessage,
  topicMessages,
} from '../../../ingest/generator/kafka-messages.js';
import { LakeSink } from '../../../ingest/generator/lake-sink.js';

const stream = buildEventStream({ ...DEFAULT_EVENT_MODEL, seed: 5, users: 120, days: 2 });

const record = (key: string, value: string, topic: ProducedRecord['topic'] = 'orders'): ProducedRecord => ({
  topic,
  key,
  value,
  timestampMs: 1_767_600_000_000,
  kind: 'valid',
  late: false,
});

describe('key to partition', () => {
  it("agrees with kafkajs's default (murmur2) partitioner for every key and partition count", () => {
    const kafkajsPartition = Partitioners.DefaultPartitioner();
    const edgeKeys = ['', 'a', 'ab', 'abc', 'abcd', 'ünïcødé-üser', '用户-42', '🙂'];
    const keys = [...new Set(stream.map((r) => r.key)), ...edgeKeys];
    for (const partitions of [1, 2, 3, 4, 6, 7, 12, 50]) {
      const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of keys) {
        expect(kafkajsPartition({ topic: 't', partitionMetadata, message: { key, value: null } })).toBe(
          partitionForKey(key, partitions),
        );
      }
    }
  });

  it('sets the key, the payload string, the producer timestamp and the partition on each message', () => {
    const source = stream[10]!;
    expect(toKafkaMessage(source, 3)).toEqual({
      key: source.key,
      value: source.value,
      partition: partitionForKey(source.key, 3),
      timestamp: String(source.timestampMs),
    });
  });

  it('prefixes topic names', () => {
    expect(kafkaTopicName('', 'orders')).toBe('orders');
    expect(kafkaTopicName('shop.', 'clickstream')).toBe('shop.clickstream');
  });
});

describe('topicMessages', () => {
  it('groups a batch by topic, keeping the stream order within each topic', () => {
    const batch = stream.slice(0, 400);
    const grouped = topicMessages(batch, 'p-', 3);
    expect(grouped.map((g) => g.topic).sort()).toEqual([...new Set(batch.map((r) => `p-${r.topic}`))].sort());
    for (const { topic, messages } of grouped) {
      expect(messages.map((m) => m.value)).toEqual(batch.filter((r) => `p-${r.topic}` === topic).map((r) => r.value));
    }
    expect(grouped.reduce((n, g) => n + g.messages.length, 0)).toBe(400);
  });
});

describe('batchEnd', () => {
  const records = Array.from({ length: 10 }, (_, i) => record(`user-${i}`, 'x'.repeat(100)));
  const size = Buffer.byteLength('user-0') + 100 + RECORD_OVERHEAD_BYTES;

  it('cuts at the record limit', () => {
    expect(batchEnd(records, 0, 4, 1_000_000)).toBe(4);
    expect(batchEnd(records, 4, 4, 1_000_000)).toBe(8);
    expect(batchEnd(records, 8, 4, 1_000_000)).toBe(10);
    expect(batchEnd(records, 10, 4, 1_000_000)).toBe(10);
  });

  it('cuts at the byte limit, and always takes at least one record', () => {
    expect(batchEnd(records, 0, 100, size * 3)).toBe(3);
    expect(batchEnd(records, 0, 100, size * 3 - 1)).toBe(2);
    expect(batchEnd(records, 5, 100, 1)).toBe(6);
  });

  it('counts bytes, not characters', () => {
    const wide = [record('k', 'é'.repeat(50)), record('k', 'é'.repeat(50))];
    const one = 1 + 100 + RECORD_OVERHEAD_BYTES;
    expect(batchEnd(wide, 0, 100, one)).toBe(1);
    expect(batchEnd(wide, 0, 100, 2 * one)).toBe(2);
  });

  it('covers a whole stream in consecutive batches', () => {
    const ends: number[] = [];
    for (let start = 0; start < stream.length; start = ends[ends.length - 1]!)
      ends.push(batchEnd(stream, start, 250, 64_000));
    expect(ends[ends.length - 1]).toBe(stream.length);
    expect(ends.every((end, i) => end > (ends[i - 1] ?? 0))).toBe(true);
  });
});

describe('KafkaPlacements', () => {
  it('places every record where the lake mode files it', () => {
    const lake = new LakeSink({ lakeDir: '/nonexistent', partitions: 3, ingestDelayMs: 0 });
    const kafka = new KafkaPlacements(3);
    for (const source of stream) expect(kafka.place(source)).toEqual(lake.append(source));
  });
});
