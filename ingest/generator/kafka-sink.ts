/**
 * The generator's Kafka producer (kafkajs): prepares the topics (creates the missing
 * ones, checks every one has the partition count the key mapping assumes) and sends
 * batches of messages, one produce request per broker each. With `acks = -1` (the
 * default) the producer is idempotent and sends one batch at a time, so a retried request
 * never writes a record twice and each partition keeps the stream's order: the topics
 * hold exactly the records the tally counts.
 */
import kafkajs from 'kafkajs';
import type {
  Admin,
  CompressionTypes as Compression,
  Kafka as KafkaClient,
  KafkaConfig,
  LogEntry,
  Producer,
} from 'kafkajs';
import { GenerateSetupError } from './generate-setup-error.js';
import type { KafkaTopicMessages } from './kafka-messages.js';
import { isRetryInProgress, PRODUCE_RETRY } from './kafka-retry.js';

// kafkajs is CommonJS, and Node finds only some of its exports by name (not the enums).
const { CompressionTypes, ConfigResourceTypes, Kafka, logLevel, Partitioners } = kafkajs;

export type KafkaAcks = -1 | 0 | 1;
export type KafkaCompression = 'none' | 'gzip';

/** A mistake in the Kafka setup the user can fix: an unreachable broker, a topic with the wrong partitions. */
export class KafkaGenerateError extends GenerateSetupError {
  override readonly name = 'KafkaGenerateError';
}

export interface KafkaSinkOptions {
  brokers: string[];
  clientId?: string;
  /** -1: every in-sync replica (idempotent producer); 1: the leader; 0: no acknowledgement */
  acks?: KafkaAcks;
  compression?: KafkaCompression;
  /** broker timeout for a produce request to be acknowledged (default 30 s) */
  ackTimeoutMs?: number;
  /** TLS and SASL settings, for brokers that need them */
  kafka?: Pick<KafkaConfig, 'ssl' | 'sasl'>;
  /** where kafkajs's warnings and errors go (default: stderr) */
  log?: (level: 'error' | 'warn', message: string) => void;
}

export interface TopicPlan {
  topics: string[];
  partitions: number;
  /** create missing topics (default true) */
  create?: boolean;
  /** for created topics; default min(3, brokers in the cluster) */
  replicationFactor?: number;
  /** topic configs for created topics, e.g. `retention.ms` */
  configs?: Record<string, string>;
}

export interface PreparedTopics {
  created: string[];
  existing: string[];
  /** `retention.ms` of each topic that existed (-1: forever) */
  retentionMs: Record<string, number>;
}

export class KafkaSink {
  private readonly kafka: KafkaClient;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly acks: KafkaAcks;
  private readonly compression: Compression;
  private connected = false;
  private readonly logged = new Set<string>();

  constructor(private readonly options: KafkaSinkOptions) {
    if (options.brokers.length === 0)
      throw new KafkaGenerateError('no Kafka brokers given', 'For example: --kafka localhost:9092');
    this.acks = options.acks ?? -1;
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    const log = options.log ?? ((level, message) => process.stderr.write(`kafkajs ${level}: ${message}\n`));
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'strata-generate',
      brokers: options.brokers,
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      retry: { retries: 5 },
      ...options.kafka,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const text = `${entry.log.message}${detail(entry)}`;
        // Retries repeat the same complaint; once is enough.
        if (isNoise(entry) || this.logged.has(text)) return;
        this.logged.add(text);
        log(entry.level <= logLevel.ERROR ? 'error' : 'warn', text);
      },
    });
    this.admin = this.kafka.admin();
    this.producer = this.kafka.producer({
      // Partitions are set on every message; the default partitioner (murmur2) would agree anyway.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: PRODUCE_RETRY,
      idempotent: this.acks === -1,
      maxInFlightRequests: this.acks === -1 ? 1 : undefined,
    });
  }

  async connect(): Promise<void> {
    try {
      await this.admin.connect();
      await this.producer.connect();
      this.connected = true;
    } catch (error) {
      await this.close();
      throw new KafkaGenerateError(
        `cannot reach Kafka at ${this.options.brokers.join(',')}: ${messageOf(error)}`,
        'Check --kafka: a comma-separated list of host:port',
        {
          cause: error,
        },
      );
    }
  }

  /** Create what is missing, then check that every topic has `partitions` partitions. */
  async prepareTopics(plan: TopicPlan): Promise<PreparedTopics> {
    const known = new Set(await this.admin.listTopics());
    const existing = plan.topics.filter((topic) => known.has(topic));
    const missing = plan.topics.filter((topic) => !known.has(topic));
    if (missing.length > 0 && plan.create === false) {
      throw new KafkaGenerateError(
        `topic(s) ${missing.join(', ')} do not exist`,
        'Create them, or let the generator create them',
      );
    }
    if (missing.length > 0) {
      const replicationFactor =
        plan.replicationFactor ?? Math.min(3, (await this.admin.describeCluster()).brokers.length);
      const configEntries = Object.entries(plan.configs ?? {}).map(([name, value]) => ({ name, value }));
      try {
        await this.admin.createTopics({
          topics: missing.map((topic) => ({ topic, numPartitions: plan.partitions, replicationFactor, configEntries })),
          waitForLeaders: true,
          timeout: 30_000,
        });
      } catch (error) {
        throw new KafkaGenerateError(`creating topic(s) ${missing.join(', ')} failed: ${messageOf(error)}`, undefined, {
          cause: error,
        });
      }
    }

    const metadata = await this.admin.fetchTopicMetadata({ topics: plan.topics });
    const counts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    // In the plan's order, so the message names the same topic every time.
    for (const topic of plan.topics) {
      const count = counts.get(topic) ?? 0;
      if (count !== plan.partitions) {
        throw new KafkaGenerateError(
          `topic ${topic} has ${count} partitions, not ${plan.partitions}: ` +
            'its keys would not land on the partitions the lake sample uses',
          `Use --partitions ${count}, or another --topic-prefix`,
        );
      }
    }
    return { created: missing, existing, retentionMs: await this.retention(existing) };
  }

  /** Send one batch and resolve once the brokers acknowledged it (as `acks` asks). */
  async send(batch: KafkaTopicMessages[]): Promise<void> {
    if (!this.connected) throw new Error('the Kafka sink is not connected');
    await this.producer.sendBatch({
      topicMessages: batch,
      acks: this.acks,
      compression: this.compression,
      timeout: this.options.ackTimeoutMs ?? 30_000,
    });
  }

  async close(): Promise<void> {
    this.connected = false;
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }

  private async retention(topics: string[]): Promise<Record<string, number>> {
    if (topics.length === 0) return {};
    const described = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
    });
    const result: Record<string, number> = {};
    for (const resource of described.resources) {
      const value = resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
      if (value !== undefined) result[resource.resourceName] = Number(value);
    }
    return result;
  }
}

/**
 * kafkajs logs every error response at ERROR level before retrying it (a fresh broker
 * answers the first InitProducerId with "coordinator is loading", a fresh partition's
 * first produce with "not the leader"), and warns that bounded retries weaken an
 * idempotent producer. None is news here: an error that outlasts the retries fails the
 * send, and a failed send stops the run without a tally.
 */
function isNoise(entry: LogEntry): boolean {
  const message = entry.log.message;
  return (
    isRetryInProgress(entry) ||
    message.startsWith('Response ') ||
    message.startsWith('Limiting retries for the idempotent producer')
  );
}

function detail(entry: LogEntry): string {
  const { error, topic, broker } = entry.log as { error?: unknown; topic?: unknown; broker?: unknown };
  const parts = [
    broker && `broker ${String(broker)}`,
    topic && `topic ${String(topic)}`,
    error && String(error),
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
