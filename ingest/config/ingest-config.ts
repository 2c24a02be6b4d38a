/**
 * The ingester's configuration once read and checked: every default applied, every path
 * absolute, every secret already taken from the environment.
 */
import type { ValidateFunction } from 'ajv';
import type { CompactionSettings } from '../compaction/compaction-config.js';
import type { KinesisConfig } from '../sources/kinesis/kinesis-config.js';

/** What to do with a record whose payload has no usable event time. */
export type MissingEventTime = 'kafka_timestamp' | 'reject';

/** How the event-time field is written in the payload. */
export type EventTimeFormat = 'iso8601' | 'epoch_millis' | 'epoch_seconds';

/** The file format of Bronze files (rejected records are always gzip JSON lines). */
export type LakeFormat = 'jsonl.gz' | 'parquet';

/**
 * The columns of Bronze Parquet files: the record value as one JSON string (`payload`), or
 * one column per field of the topic's schema (`typed`, see pipeline/typed-bronze-select.ts).
 */
export type ParquetLayout = 'payload' | 'typed';

/**
 * How a topic's record values are written: JSON text (with an optional JSON Schema), JSON
 * text that must match its JSON Schema, or Confluent's Schema Registry wire format with an
 * Avro or Protobuf schema.
 */
export type TopicFormat = 'json' | 'json-schema' | 'avro' | 'protobuf';

/** The registry schema records are read as: a subject's version, or its latest one (when first needed). */
export interface ReaderSchemaRef {
  subject: string;
  version: number | 'latest';
}

export interface TopicConfig {
  /** the Kafka topic, also the lake folder: `<root>/<name>/dt=.../hour=...` */
  name: string;
  format: TopicFormat;
  /** avro and protobuf topics: the schema records are resolved to (default `<name>-value`, latest) */
  readerSchema?: ReaderSchemaRef;
  /** the table the topic feeds, as registered in the catalog */
  table: string;
  /** absolute path of the topic's JSON Schema, when it has one */
  schemaFile?: string;
  /** the compiled schema; records that fail it are rejected */
  validate?: ValidateFunction;
  /** field of the payload holding the event time; dots reach into nested objects */
  eventTimeField: string;
  eventTimeFormat: EventTimeFormat;
  /** IANA zone for event times written without an offset (`2026-01-05T10:00:00`) */
  timeZone: string;
  onMissingEventTime: MissingEventTime;
  /** how far a payload's event time may lie from the record's Kafka timestamp */
  eventTimeWindow: EventTimeWindow;
  /** the columns of the topic's Parquet files (with `format: parquet`); `payload` when unset */
  parquetLayout?: ParquetLayout;
  /**
   * Where `parquetLayout` came from: the config (top level or the topic), or the default for
   * the topic (`typed` when it has a schema, else `payload`), which yields to the layout the
   * topic's lake folder already has (pipeline/lake-parquet-layout.ts).
   */
  parquetLayoutOrigin?: 'config' | 'default';
}

/**
 * The plausible event times of a record, relative to its Kafka timestamp (never to the
 * clock, so a record is classified the same on every read). A side left undefined has no
 * limit.
 */
export interface EventTimeWindow {
  /** how far after the Kafka timestamp an event time may be, in ms */
  futureMs?: number;
  /** how far before the Kafka timestamp an event time may be, in ms */
  pastMs?: number;
}

export interface SaslConfig {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  groupId: string;
  ssl: boolean;
  sasl?: SaslConfig;
  /** how long the group waits for a silent member before giving its partitions away */
  sessionTimeoutMs: number;
  /** where a group with no committed offset starts */
  startFrom: 'earliest' | 'latest';
}

export interface DestinationConfig {
  /** an absolute local directory, or `s3://bucket/prefix` */
  url: string;
  /** S3 only: a custom endpoint (S3-compatible stores, the test services) */
  endpoint?: string;
  region?: string;
}

export interface RotationConfig {
  /** records in one file before the partition's files are closed */
  maxRecords: number;
  /** uncompressed bytes in one file before the partition's files are closed */
  maxBytes: number;
  /** age of a partition's oldest buffered record before its files are closed */
  maxSeconds: number;
}

export interface GlueConfig {
  enabled: boolean;
  database: string;
  /** create the database and tables when missing */
  createTable: boolean;
  region?: string;
  endpoint?: string;
}

/** Credentials for the registry, read from the environment variables the config names. */
export type RegistryAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** The Schema Registry of avro and protobuf topics (Confluent's REST API). */
export interface SchemaRegistryConfig {
  /** base URL of the API, without a trailing slash */
  url: string;
  auth?: RegistryAuth;
  /** registry unreachable: the partition waits and reads again (`wait`), or its records are rejected */
  onUnavailable: 'wait' | 'reject';
}

export interface IngestConfig {
  /** the config file, as named in messages */
  file: string;
  kafka: KafkaConfig;
  /** with `source: kinesis`: the topics are Kinesis streams, read as this says (sources/kinesis/) */
  kinesis?: KinesisConfig;
  topics: TopicConfig[];
  /** needed when a topic's format is avro or protobuf */
  schemaRegistry?: SchemaRegistryConfig;
  destination: DestinationConfig;
  format: LakeFormat;
  /** gzip level of `.jsonl.gz` files, 1 (fast) to 9 (small) */
  gzipLevel: number;
  rotation: RotationConfig;
  glue: GlueConfig;
  memory: {
    /** buffered bytes above which the fullest partitions are paused and flushed */
    maxBufferedBytes: number;
  };
  /** `/healthz` and `/metrics`; no server when `port` is undefined (0 picks a free port) */
  http: { host: string; port?: number };
  /** records larger than this are rejected (`too_large`) */
  maxRecordBytes: number;
  /** record every durable flush under `<root>/.strata-feed/` (src/feed/CONTEXT.md) */
  commitFeed: boolean;
  /** how long SIGTERM may take to flush, commit and disconnect */
  shutdownTimeoutSeconds: number;
  /** `strata lake compact`'s settings (compaction/compaction-config.ts) */
  compaction: CompactionSettings;
}

export const DEFAULTS = {
  clientId: 'strata-ingest',
  sessionTimeoutMs: 30_000,
  gzipLevel: 6,
  rotation: { maxRecords: 100_000, maxBytes: 128 * 1024 * 1024, maxSeconds: 60 },
  maxBufferedBytes: 256 * 1024 * 1024,
  maxRecordBytes: 1024 * 1024,
  shutdownTimeoutSeconds: 10,
  httpHost: '127.0.0.1',
  eventTimeField: 'event_time',
  timeZone: 'UTC',
  /** a day of clock skew ahead; ten years of late or backfilled events behind */
  eventTimeWindow: { futureMs: 86_400_000, pastMs: 3_650 * 86_400_000 },
} as const;
