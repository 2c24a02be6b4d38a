/**
 * Reads the ingester's YAML configuration (e.g. `ingest/ingest.yml`):
 *
 *   brokers: ${KAFKA_BROKERS:-127.0.0.1:9092}
 *   group_id: strata-ingest
 *   topics:
 *     - { name: orders, table: bronze_orders, schema: schemas/orders.schema.json }
 *   destination: { path: ../lake }           # or s3://bucket/prefix with endpoint, region
 *   rotation: { max_records: 100000, max_bytes: 128MiB, max_seconds: 60 }
 *
 * Environment references are rendered first; then every key is checked, and a mistake is
 * a StrataError naming the file, the line and the key. Relative paths are relative to the
 * config file.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Environment } from '../../src/config/env-var.js';
import { displayPath } from '../../src/config/display-path.js';
import { loadYamlFile, type YamlFile, type YamlPath } from '../../src/config/yaml-file.js';
import {
  checkKeys,
  describeType,
  expectList,
  expectMap,
  optionalString,
  requireString,
  type YamlMap,
} from '../../src/config/yaml-shape.js';
import { readCompactionSettings } from '../compaction/compaction-config.js';
import { isKnownTimeZone } from '../records/event-time.js';
import { unsafeTopicName } from '../records/lake-paths.js';
import { parseByteSize } from './byte-size.js';
import { readEventTimeWindow } from './event-time-window-config.js';
import { readParquetLayouts, requireParquetForLayouts } from './parquet-layout-config.js';
import { interpolateEnvironment } from './env-interpolation.js';
import {
  DEFAULTS,
  type DestinationConfig,
  type EventTimeFormat,
  type EventTimeWindow,
  type GlueConfig,
  type IngestConfig,
  type KafkaConfig,
  type LakeFormat,
  type MissingEventTime,
  type RotationConfig,
  type SaslConfig,
  type TopicConfig,
  type TopicFormat,
} from './ingest-config.js';
import { readReaderSchema, readSchemaRegistry } from './schema-registry-config.js';
import { NO_KAFKA, readKinesisSource } from '../sources/kinesis/kinesis-config.js';
import { compileTopicSchema } from './topic-schema.js';

const TOP_KEYS = [
  'brokers',
  'client_id',
  'group_id',
  'kafka',
  'topics',
  'destination',
  'format',
  'gzip_level',
  'rotation',
  'glue',
  'memory',
  'http',
  'max_record_bytes',
  'shutdown_timeout_seconds',
  'event_time_window',
  'schema_registry',
  'commit_feed',
  'compaction',
  'parquet_layout',
  'source',
  'kinesis',
];
const KAFKA_KEYS = ['ssl', 'sasl', 'session_timeout_ms', 'start_from'];
const SASL_KEYS = ['mechanism', 'username', 'password'];
const TOPIC_KEYS = [
  'name',
  'table',
  'format',
  'schema',
  'reader_schema',
  'event_time_field',
  'event_time_format',
  'time_zone',
  'on_missing_event_time',
  'event_time_window',
  'parquet_layout',
];
const DESTINATION_KEYS = ['path', 'endpoint', 'region'];
const ROTATION_KEYS = ['max_records', 'max_bytes', 'max_seconds'];
const GLUE_KEYS = ['enabled', 'database', 'create_table', 'region', 'endpoint'];
const FORMATS: readonly LakeFormat[] = ['jsonl.gz', 'parquet'];
const TOPIC_FORMATS: readonly TopicFormat[] = ['json', 'json-schema', 'avro', 'protobuf'];
const TIME_FORMATS: readonly EventTimeFormat[] = ['iso8601', 'epoch_millis', 'epoch_seconds'];
const MISSING_TIME: readonly MissingEventTime[] = ['kafka_timestamp', 'reject'];
const SASL_MECHANISMS: readonly SaslConfig['mechanism'][] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** Overrides from the command line, applied over the file. */
export interface IngestConfigOverrides {
  brokers?: string;
  destination?: string;
  groupId?: string;
}

export interface LoadIngestConfigOptions {
  /** the folder paths in messages are relative to (the working directory) */
  projectRoot: string;
  env?: Environment;
  overrides?: IngestConfigOverrides;
}

/** Load and check the config at `configPath`, compiling each topic's schema. */
export function loadIngestConfig(configPath: string, options: LoadIngestConfigOptions): IngestConfig {
  const absPath = resolve(options.projectRoot, configPath);
  const yaml = loadYamlFile(absPath, options.projectRoot);
  const env = options.env ?? process.env;
  const root = expectMap(yaml, [], interpolateEnvironment(yaml.value, yaml, env));
  checkKeys(yaml, [], root, TOP_KEYS, 'the ingest config');
  const base = dirname(absPath);
  const relativeTo = (path: string): string => (isAbsolute(path) ? path : resolve(base, path));
  const overrides = options.overrides ?? {};

  const window = readEventTimeWindow(yaml, ['event_time_window'], root.event_time_window, DEFAULTS.eventTimeWindow);
  const topics = readTopics(yaml, root, relativeTo, options.projectRoot, window);
  const format = oneOf(yaml, ['format'], root.format, FORMATS, 'jsonl.gz');
  requireParquetForLayouts(yaml, root, format);
  readParquetLayouts(yaml, root, topics);
  const schemaRegistry = readSchemaRegistry(yaml, root, env);
  const registryTopic = topics.findIndex((topic) => topic.format === 'avro' || topic.format === 'protobuf');
  if (registryTopic >= 0 && !schemaRegistry) {
    throw yaml.error(
      ['topics', registryTopic, 'format'],
      `Topic "${topics[registryTopic]!.name}" is ${topics[registryTopic]!.format}, which needs a schema registry`,
      'Add schema_registry: { url: http://registry:8081 } to the config.',
    );
  }
  const kinesis = readKinesisSource(yaml, root, format);
  return {
    file: yaml.file,
    kafka: kinesis ? NO_KAFKA : readKafka(yaml, root, overrides),
    ...(kinesis ? { kinesis } : {}),
    topics,
    ...(schemaRegistry ? { schemaRegistry } : {}),
    destination: readDestination(yaml, root, overrides.destination, relativeTo, options.projectRoot),
    format,
    gzipLevel: integer(yaml, ['gzip_level'], root.gzip_level, DEFAULTS.gzipLevel, 1, 9),
    rotation: readRotation(yaml, root),
    glue: readGlue(yaml, root),
    memory: {
      maxBufferedBytes: byteSize(
        yaml,
        ['memory', 'max_buffered_bytes'],
        readMemory(yaml, root).max_buffered_bytes,
        DEFAULTS.maxBufferedBytes,
      ),
    },
    http: readHttp(yaml, root),
    maxRecordBytes: byteSize(yaml, ['max_record_bytes'], root.max_record_bytes, DEFAULTS.maxRecordBytes),
    commitFeed: boolean(yaml, ['commit_feed'], root.commit_feed, false),
    shutdownTimeoutSeconds: positiveNumber(
      yaml,
      ['shutdown_timeout_seconds'],
      root.shutdown_timeout_seconds,
      DEFAULTS.shutdownTimeoutSeconds,
    ),
    compaction: readCompactionSettings(yaml, root.compaction),
  };
}

function readKafka(yaml: YamlFile, root: YamlMap, overrides: IngestConfigOverrides): KafkaConfig {
  const brokerText = overrides.brokers;
  const brokers = brokerText === undefined ? brokerList(yaml, ['brokers'], root.brokers) : splitBrokers(brokerText);
  if (brokers.length === 0) {
    throw yaml.error(
      ['brokers'],
      '"brokers" is required: the Kafka bootstrap servers',
      'e.g. brokers: ${KAFKA_BROKERS:-127.0.0.1:9092}, or pass --brokers.',
    );
  }
  const groupId =
    overrides.groupId ??
    requireString(
      yaml,
      ['group_id'],
      root.group_id,
      'Instances with the same group_id share the partitions, e.g. group_id: strata-ingest.',
    );
  const kafka = expectMap(yaml, ['kafka'], root.kafka);
  checkKeys(yaml, ['kafka'], kafka, KAFKA_KEYS, '"kafka"');
  let sasl: SaslConfig | undefined;
  if (kafka.sasl !== undefined && kafka.sasl !== null) {
    const map = expectMap(yaml, ['kafka', 'sasl'], kafka.sasl);
    checkKeys(yaml, ['kafka', 'sasl'], map, SASL_KEYS, '"sasl"');
    sasl = {
      mechanism: oneOf(yaml, ['kafka', 'sasl', 'mechanism'], map.mechanism, SASL_MECHANISMS, 'plain'),
      username: requireString(yaml, ['kafka', 'sasl', 'username'], map.username),
      password: requireString(
        yaml,
        ['kafka', 'sasl', 'password'],
        map.password,
        'Take it from the environment: password: ${KAFKA_PASSWORD}.',
      ),
    };
  }
  return {
    brokers,
    clientId: optionalString(yaml, ['client_id'], root.client_id) ?? DEFAULTS.clientId,
    groupId,
    ssl: boolean(yaml, ['kafka', 'ssl'], kafka.ssl, false),
    ...(sasl ? { sasl } : {}),
    sessionTimeoutMs: integer(
      yaml,
      ['kafka', 'session_timeout_ms'],
      kafka.session_timeout_ms,
      DEFAULTS.sessionTimeoutMs,
      6_000,
      3_600_000,
    ),
    startFrom: oneOf(yaml, ['kafka', 'start_from'], kafka.start_from, ['earliest', 'latest'] as const, 'earliest'),
  };
}

function brokerList(yaml: YamlFile, path: YamlPath, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return splitBrokers(value);
  const list = expectList(yaml, path, value, 'A list of host:port, or one comma-separated string.');
  return list.flatMap((item, index) => splitBrokers(requireString(yaml, [...path, index], item)));
}

function splitBrokers(text: string): string[] {
  return text
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

function readTopics(
  yaml: YamlFile,
  root: YamlMap,
  relativeTo: (path: string) => string,
  projectRoot: string,
  window: EventTimeWindow,
): TopicConfig[] {
  const list = expectList(yaml, ['topics'], root.topics);
  // `source` itself is checked with the kinesis block; here it only picks the words
  const source = root.source === 'kinesis' ? 'kinesis' : 'kafka';
  const what =
    source === 'kinesis' ? { one: 'Stream', many: 'the Kinesis streams' } : { one: 'Topic', many: 'the Kafka topics' };
  if (list.length === 0) {
    throw yaml.error(
      ['topics'],
      `"topics" is required: ${what.many} to land`,
      'e.g. topics: [{ name: orders, schema: schemas/orders.schema.json }]',
    );
  }
  const seen = new Set<string>();
  return list.map((item, index) => {
    const path: YamlPath = ['topics', index];
    const map = typeof item === 'string' ? { name: item } : expectMap(yaml, path, item);
    checkKeys(yaml, path, map, TOPIC_KEYS, `topic ${index + 1}`);
    const name = requireString(yaml, [...path, 'name'], map.name);
    const unsafe = unsafeTopicName(name, source);
    if (unsafe) throw yaml.error([...path, 'name'], `${what.one} name "${name}" cannot be used: ${unsafe}`);
    if (seen.has(name)) throw yaml.error([...path, 'name'], `${what.one} "${name}" is listed twice`);
    seen.add(name);
    const table = optionalString(yaml, [...path, 'table'], map.table) ?? name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!TABLE_NAME.test(table)) {
      throw yaml.error(
        [...path, 'table'],
        `Table name "${table}" is not a valid catalog name`,
        'Use letters, digits and "_", starting with a letter or "_".',
      );
    }
    const schema = optionalString(yaml, [...path, 'schema'], map.schema);
    const timeZone = optionalString(yaml, [...path, 'time_zone'], map.time_zone) ?? DEFAULTS.timeZone;
    if (!isKnownTimeZone(timeZone)) {
      throw yaml.error(
        [...path, 'time_zone'],
        `Unknown time zone "${timeZone}"`,
        'Use an IANA zone name such as UTC, Europe/Paris or America/New_York.',
      );
    }
    const eventTimeField =
      optionalString(yaml, [...path, 'event_time_field'], map.event_time_field) ?? DEFAULTS.eventTimeField;
    if (eventTimeField.split('.').some((segment) => segment === '')) {
      throw yaml.error(
        [...path, 'event_time_field'],
        `"event_time_field" must be a field name or a dotted path, got "${eventTimeField}"`,
      );
    }
    const format = oneOf(yaml, [...path, 'format'], map.format, TOPIC_FORMATS, 'json');
    // With a registry, a json-schema topic's framed records bring their schema by id.
    if (format === 'json-schema' && schema === undefined && (root.schema_registry ?? null) === null) {
      throw yaml.error(
        [...path, 'format'],
        `Topic "${name}" is json-schema but names no "schema"`,
        'Add schema: <file>.schema.json, a schema_registry for Confluent-framed records, or use format: json.',
      );
    }
    const registryFormat = format === 'avro' || format === 'protobuf';
    if (!registryFormat && map.reader_schema !== undefined) {
      throw yaml.error([...path, 'reader_schema'], `"reader_schema" applies to avro and protobuf topics only`);
    }
    const topic: TopicConfig = {
      name,
      format,
      ...(registryFormat
        ? { readerSchema: readReaderSchema(yaml, [...path, 'reader_schema'], map.reader_schema, name) }
        : {}),
      table,
      eventTimeField,
      eventTimeFormat: oneOf(yaml, [...path, 'event_time_format'], map.event_time_format, TIME_FORMATS, 'iso8601'),
      timeZone,
      onMissingEventTime: oneOf(
        yaml,
        [...path, 'on_missing_event_time'],
        map.on_missing_event_time,
        MISSING_TIME,
        'kafka_timestamp',
      ),
      eventTimeWindow: readEventTimeWindow(yaml, [...path, 'event_time_window'], map.event_time_window, window),
    };
    if (schema !== undefined) {
      const schemaFile = relativeTo(schema);
      topic.validate = compileTopicSchema(
        schemaFile,
        displayPath(schemaFile, projectRoot),
        yaml.at([...path, 'schema']),
      );
      topic.schemaFile = schemaFile;
    }
    return topic;
  });
}

function readDestination(
  yaml: YamlFile,
  root: YamlMap,
  override: string | undefined,
  relativeTo: (path: string) => string,
  projectRoot: string,
): DestinationConfig {
  const value = root.destination;
  const map = typeof value === 'string' ? { path: value } : expectMap(yaml, ['destination'], value);
  checkKeys(yaml, ['destination'], map, DESTINATION_KEYS, '"destination"');
  const path =
    override ??
    requireString(
      yaml,
      ['destination', 'path'],
      map.path,
      'A local folder (relative to the config file) or s3://bucket/prefix.',
    );
  const endpoint = optionalString(yaml, ['destination', 'endpoint'], map.endpoint);
  const region = optionalString(yaml, ['destination', 'region'], map.region);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.startsWith('s3://')) {
    throw yaml.error(
      ['destination', 'path'],
      `Unsupported destination "${path}"`,
      'Use a local folder or s3://bucket/prefix.',
    );
  }
  const url = path.startsWith('s3://') ? path : override === undefined ? relativeTo(path) : resolve(projectRoot, path);
  return { url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) };
}

function readRotation(yaml: YamlFile, root: YamlMap): RotationConfig {
  const map = expectMap(yaml, ['rotation'], root.rotation);
  checkKeys(yaml, ['rotation'], map, ROTATION_KEYS, '"rotation"');
  return {
    maxRecords: integer(
      yaml,
      ['rotation', 'max_records'],
      map.max_records,
      DEFAULTS.rotation.maxRecords,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxBytes: byteSize(yaml, ['rotation', 'max_bytes'], map.max_bytes, DEFAULTS.rotation.maxBytes),
    maxSeconds: positiveNumber(yaml, ['rotation', 'max_seconds'], map.max_seconds, DEFAULTS.rotation.maxSeconds),
  };
}

function readGlue(yaml: YamlFile, root: YamlMap): GlueConfig {
  const map = expectMap(yaml, ['glue'], root.glue);
  checkKeys(yaml, ['glue'], map, GLUE_KEYS, '"glue"');
  const enabled = boolean(yaml, ['glue', 'enabled'], map.enabled, false);
  const database = enabled
    ? requireString(
        yaml,
        ['glue', 'database'],
        map.database,
        'The Glue database the tables live in, e.g. database: strata_bronze.',
      )
    : (optionalString(yaml, ['glue', 'database'], map.database) ?? '');
  const region = optionalString(yaml, ['glue', 'region'], map.region);
  const endpoint = optionalString(yaml, ['glue', 'endpoint'], map.endpoint);
  return {
    enabled,
    database,
    createTable: boolean(yaml, ['glue', 'create_table'], map.create_table, false),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}

function readMemory(yaml: YamlFile, root: YamlMap): YamlMap {
  const map = expectMap(yaml, ['memory'], root.memory);
  checkKeys(yaml, ['memory'], map, ['max_buffered_bytes'], '"memory"');
  return map;
}

function readHttp(yaml: YamlFile, root: YamlMap): IngestConfig['http'] {
  if (root.http === false) return { host: DEFAULTS.httpHost };
  const map = expectMap(yaml, ['http'], root.http);
  checkKeys(yaml, ['http'], map, ['port', 'host'], '"http"');
  const host = optionalString(yaml, ['http', 'host'], map.host) ?? DEFAULTS.httpHost;
  if (map.port === undefined || map.port === null) return { host };
  return { host, port: integer(yaml, ['http', 'port'], map.port, 0, 0, 65_535) };
}

function label(path: YamlPath): string {
  return `"${path.filter((segment) => typeof segment === 'string').join('.')}"`;
}

/** Numbers may arrive as strings after `${VAR}` interpolation. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function integer(yaml: YamlFile, path: YamlPath, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const number = asNumber(value);
  if (number === undefined || !Number.isInteger(number) || number < min || number > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw yaml.error(path, `${label(path)} must be a whole number ${range}, got ${describe(value)}`);
  }
  return number;
}

function positiveNumber(yaml: YamlFile, path: YamlPath, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const number = asNumber(value);
  if (number === undefined || !(number > 0))
    throw yaml.error(path, `${label(path)} must be a positive number, got ${describe(value)}`);
  return number;
}

function byteSize(yaml: YamlFile, path: YamlPath, value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const bytes = parseByteSize(typeof value === 'string' && asNumber(value) !== undefined ? asNumber(value) : value);
  if (bytes === undefined) {
    throw yaml.error(
      path,
      `${label(path)} must be a size in bytes, got ${describe(value)}`,
      'Write a whole number of bytes or a size with a unit: 512KB, 64MiB, 1GB.',
    );
  }
  return bytes;
}

function boolean(yaml: YamlFile, path: YamlPath, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw yaml.error(path, `${label(path)} must be true or false, got ${describe(value)}`);
}

function oneOf<T extends string>(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw yaml.error(path, `${label(path)} must be one of ${allowed.join(', ')}, got ${describe(value)}`);
}

/** How a bad value is shown: scalars as written (these keys hold no secrets), others by type. */
function describe(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? `"${String(value)}"`
    : describeType(value);
}
