import { Kafka, logLevel, Partitioners, type Consumer, type EachMessagePayload } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';

describeWithService('kafka', 'Kafka broker through kafkajs', (service) => {
  const kafka = new Kafka({ clientId: 'strata-smoke', brokers: [kafkaBroker(service)], logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const run = randomUUID().slice(0, 8);
  const topic = `smoke-events-${run}`;
  const groupId = `smoke-group-${run}`;

  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  /** Consumes in the group until `count` messages arrived, committing each one's offset after handling it. */
  async function consume(count: number): Promise<EachMessagePayload[]> {
    const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 10_000 });
    const received: EachMessagePayload[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async (payload) => {
              received.push(payload);
              const next = (BigInt(payload.message.offset) + 1n).toString();
              await consumer.commitOffsets([{ topic, partition: payload.partition, offset: next }]);
              if (received.length >= count) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  const send = (from: number, to: number) =>
    producer.send({
      topic,
      messages: Array.from({ length: to - from }, (_, i) => ({
        key: `user-${(from + i) % 12}`,
        value: JSON.stringify({ seq: from + i }),
      })),
    });

  it('creates a topic with 3 partitions', async () => {
    expect(
      await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true }),
    ).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('consumes keyed messages in a group, commits, and a second consumer resumes after the commits', async () => {
    await send(0, 30);
    const first = await consume(30);
    expect(first.map((m) => JSON.parse(m.message.value!.toString()).seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    // The key decides the partition: every key lands on exactly one.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { message, partition } of first) {
      const key = message.key!.toString();
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(partition));
    }
    expect(partitionsByKey.size).toBe(12);
    for (const partitions of partitionsByKey.values()) expect(partitions.size).toBe(1);

    // The committed offsets are the ends of the partitions (-1: nothing landed there).
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const byPartition = (rows: Array<{ partition: number; offset: string }>) =>
      Object.fromEntries(rows.map((row) => [row.partition, row.offset === '0' ? '-1' : row.offset]));
    expect(byPartition(committed!.partitions)).toEqual(byPartition(ends));
    expect(ends.reduce((sum, end) => sum + Number(end.offset), 0)).toBe(30);

    await send(30, 40);
    const second = await consume(10);
    expect(second.map((m) => JSON.parse(m.message.value!.toString()).seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => 30 + i),
    );
  });
});
