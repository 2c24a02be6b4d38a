/**
 * The consumer group's committed offsets, which bound what may be compacted: the ingester
 * restarts a partition from its committed offset, so files below it are never landed again
 * by a live writer, while a file above it may be found and extended by the next flush.
 */
import { Kafka, type SASLOptions } from 'kafkajs';
import type { IngestConfig } from '../config/ingest-config.js';
import { kafkaLogCreator } from '../ops/kafkajs-log.js';
import type { Logger } from '../ops/logger.js';
import type { Committed } from './write-generation.js';

export interface CommittedOffsets {
  committed(topic: string): Promise<Committed>;
  close(): Promise<void>;
}

/** Ask the group's coordinator, through a kafkajs admin client, topic by topic. */
export async function groupCommittedOffsets(config: IngestConfig, logger: Logger): Promise<CommittedOffsets> {
  const kafka = new Kafka({
    clientId: `${config.kafka.clientId}-compact`,
    brokers: config.kafka.brokers,
    ssl: config.kafka.ssl,
    ...(config.kafka.sasl ? { sasl: config.kafka.sasl as SASLOptions } : {}),
    logCreator: kafkaLogCreator(logger.child({ component: 'kafkajs' })),
    connectionTimeout: 5_000,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  await admin.connect();
  // kafkajs connects lazily: ask for the group once, so an unreachable broker fails here.
  await admin.fetchOffsets({ groupId: config.kafka.groupId, topics: [] }).catch(async (error: unknown) => {
    await admin.disconnect();
    throw error;
  });
  return {
    async committed(topic) {
      const offsets = new Map<number, number>();
      const [answer] = await admin.fetchOffsets({ groupId: config.kafka.groupId, topics: [topic] });
      for (const { partition, offset } of answer?.partitions ?? []) {
        if (Number(offset) >= 0) offsets.set(partition, Number(offset));
      }
      return offsets;
    },
    close: () => admin.disconnect(),
  };
}
