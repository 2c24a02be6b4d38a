/**
 * The broker side every ingester suite sets up the same way: a client, an admin and a
 * fast producer connected before the suite's tests, and the topics it created deleted
 * (and the clients disconnected) after them.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { kafkaBroker } from '../../services/kafka/kafka-service.js';
import type { ServiceInfo } from '../../services/lifecycle/service.js';
import { createTopic, fastProducer, kafkaClient } from '../../support/ingest-harness.js';

export interface KafkaSuite {
  broker: string;
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  /** a short id of this run of the suite, to name its topics and groups apart from earlier runs */
  run: string;
  /** Create a topic with leaders ready; it is deleted when the suite ends. */
  createTopic(topic: string, partitions: number): Promise<void>;
}

/** Connect before the suite's tests (hooks registered first run first), clean up after. */
export function useKafkaSuite(service: ServiceInfo): KafkaSuite {
  const broker = kafkaBroker(service);
  const kafka = kafkaClient(broker);
  const admin = kafka.admin();
  const producer = fastProducer(kafka);
  const created: string[] = [];
  beforeAll(async () => {
    await admin.connect();
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });
  return {
    broker,
    kafka,
    admin,
    producer,
    run: randomUUID().slice(0, 8),
    async createTopic(topic, partitions) {
      created.push(topic);
      await createTopic(admin, topic, partitions);
    },
  };
}
