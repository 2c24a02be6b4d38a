import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { KafkaSink } from '../../../ingest/generator/kafka-sink.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';

describeWithService('kafka', 'the generator producer retries what the broker cannot take yet', (service) => {
  const broker = kafkaBroker(service);
  const admin = new Kafka({ clientId: 'kafka-sink-retry-test', brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  const topic = `sink-retry-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('keeps a send to a partition without a leader going until the partition exists, quietly', async () => {
    await admin.connect();
    const logged: string[] = [];
    const sink = new KafkaSink({ brokers: [broker], log: (level, message) => logged.push(`${level}: ${message}`) });
    await sink.connect();
    try {
      // The topic does not exist yet: the broker answers UNKNOWN_TOPIC_OR_PARTITION, a
      // retriable error like NOT_LEADER_FOR_PARTITION on a partition whose leader moves.
      const sent = sink.send([
        { topic, messages: [{ key: 'k', value: 'v', partition: 0, timestamp: String(Date.now()) }] },
      ]);
      let settled = false;
      void sent.finally(() => (settled = true)).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(settled).toBe(false);
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      await sent;
    } finally {
      await sink.close();
    }
    const [end] = await admin.fetchTopicOffsets(topic);
    expect(Number(end?.high)).toBe(1);
    expect(logged).toEqual([]);
  }, 60_000);
});
