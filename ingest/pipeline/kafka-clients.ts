/**
 * The kafkajs client, consumer and admin for a config. The consumer's timings follow
 * the session timeout, and its fetch responses are sized from the memory limit.
 */
import { Kafka, type Admin, type Consumer, type KafkaConfig as KafkaJsConfig, type SASLOptions } from 'kafkajs';
import type { IngestConfig } from '../config/ingest-config.js';
import { kafkaLogCreator } from '../ops/kafkajs-log.js';
import type { Logger } from '../ops/logger.js';

export interface KafkaClients {
  consumer: Consumer;
  admin: Admin;
}

export function createKafkaClients(config: IngestConfig, logger: Logger): KafkaClients {
  const kafkaConfig: KafkaJsConfig = {
    clientId: config.kafka.clientId,
    brokers: config.kafka.brokers,
    ssl: config.kafka.ssl,
    logCreator: kafkaLogCreator(logger.child({ component: 'kafkajs' })),
    connectionTimeout: 5_000,
  };
  if (config.kafka.sasl) kafkaConfig.sasl = config.kafka.sasl as SASLOptions;
  const kafka = new Kafka(kafkaConfig);
  const sessionTimeout = config.kafka.sessionTimeoutMs;
  // A fetch response is memory too: keep it to a fraction of the buffer limit.
  const maxBytes = Math.max(1 << 20, Math.min(16 << 20, Math.floor(config.memory.maxBufferedBytes / 4)));
  const consumer = kafka.consumer({
    groupId: config.kafka.groupId,
    sessionTimeout,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
    maxBytes,
    maxBytesPerPartition: Math.min(maxBytes, 4 << 20),
    // Short fetch waits keep heartbeats and timer flushes going on idle topics.
    maxWaitTimeInMs: 1_000,
    allowAutoTopicCreation: false,
  });
  return { consumer, admin: kafka.admin() };
}
