/**
 * `source: kinesis`: the ingester reads Kinesis Data Streams instead of Kafka topics. The
 * `topics:` entries name the streams (same keys: table, schema, event time), and a
 * `kinesis:` block says where and how, in the Kinesis Client Library's vocabulary:
 *
 *   source: kinesis
 *   kinesis:
 *     region: us-east-1
 *     endpoint: http://localhost:4566       # optional (Kinesis-compatible services)
 *     application_name: strata-ingest      # names the lease table in the lake
 *     initial_position: trim_horizon       # or latest: where a shard without a checkpoint starts
 *     failover_time_ms: 10000              # a lease not renewed this long is taken over
 *     max_records: 10000                   # records per GetRecords call
 *     idle_time_between_reads_ms: 1000     # wait after a read that returned nothing
 *     enhanced_fan_out: true               # SubscribeToShard instead of polling GetRecords
 *     consumer_name: strata-ingest         # the stream consumer (default: application_name)
 */
import type { YamlFile, YamlPath } from '../../../src/config/yaml-file.js';
import { checkKeys, expectMap, optionalString, type YamlMap } from '../../../src/config/yaml-shape.js';
import type { KafkaConfig, LakeFormat } from '../../config/ingest-config.js';

/** Where a shard without a checkpoint starts reading. */
export type InitialPosition = 'TRIM_HORIZON' | 'LATEST';

export interface KinesisConfig {
  region?: string;
  endpoint?: string;
  /** names the lease table: `<lake>/.strata-leases/<application_name>/` */
  applicationName: string;
  initialPosition: InitialPosition;
  /** a lease whose version did not change for this long is free to take (KCL's failoverTimeMillis) */
  failoverTimeMs: number;
  /** records per GetRecords call (at most 10,000) */
  maxRecords: number;
  /** the wait after a read that returned no records */
  idleTimeBetweenReadsMs: number;
  /** set with `enhanced_fan_out: true`: shards are read by SubscribeToShard as this registered consumer */
  enhancedFanOut?: { consumerName: string };
}

const KINESIS_KEYS = [
  'region',
  'endpoint',
  'application_name',
  'initial_position',
  'failover_time_ms',
  'max_records',
  'idle_time_between_reads_ms',
  'enhanced_fan_out',
  'consumer_name',
];
const APPLICATION_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** The Kafka settings of a config whose source is Kinesis: never used to connect. */
export const NO_KAFKA: KafkaConfig = {
  brokers: [],
  clientId: 'strata-ingest',
  groupId: 'strata-ingest',
  ssl: false,
  sessionTimeoutMs: 30_000,
  startFrom: 'earliest',
};

/** The `kinesis:` block when `source: kinesis`, undefined for the Kafka source (the default). */
export function readKinesisSource(yaml: YamlFile, root: YamlMap, format: LakeFormat): KinesisConfig | undefined {
  const source = root.source ?? 'kafka';
  if (source !== 'kafka' && source !== 'kinesis')
    throw yaml.error(['source'], `"source" must be kafka or kinesis, got ${JSON.stringify(source)}`);
  if (source === 'kafka') {
    if (root.kinesis !== undefined)
      throw yaml.error(['kinesis'], 'a "kinesis" block needs "source: kinesis"', 'Add source: kinesis to the config.');
    return undefined;
  }
  if (format !== 'jsonl.gz')
    throw yaml.error(
      ['format'],
      'Kinesis streams land as jsonl.gz for now',
      'Remove "format: parquet", or compact the hours later.',
    );
  if (root.commit_feed === true || root.commit_feed === 'true')
    throw yaml.error(['commit_feed'], 'the commit feed records Kafka offsets; Kinesis streams do not feed it yet');
  const map = expectMap(yaml, ['kinesis'], root.kinesis ?? {});
  checkKeys(yaml, ['kinesis'], map, KINESIS_KEYS, '"kinesis"');
  const applicationName =
    optionalString(yaml, ['kinesis', 'application_name'], map.application_name) ?? 'strata-ingest';
  if (!APPLICATION_NAME.test(applicationName))
    throw yaml.error(
      ['kinesis', 'application_name'],
      `"kinesis.application_name" names a folder of the lake: letters, digits, ".", "_" and "-", ` +
        `got "${applicationName}"`,
    );
  const position = String(map.initial_position ?? 'trim_horizon').toUpperCase();
  if (position !== 'TRIM_HORIZON' && position !== 'LATEST')
    throw yaml.error(['kinesis', 'initial_position'], '"kinesis.initial_position" must be trim_horizon or latest');
  const region = optionalString(yaml, ['kinesis', 'region'], map.region);
  const endpoint = optionalString(yaml, ['kinesis', 'endpoint'], map.endpoint);
  const enhancedFanOut = readEnhancedFanOut(yaml, map, applicationName);
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    applicationName,
    initialPosition: position,
    failoverTimeMs: whole(yaml, ['kinesis', 'failover_time_ms'], map.failover_time_ms, 10_000, 1_000),
    maxRecords: whole(yaml, ['kinesis', 'max_records'], map.max_records, 10_000, 1, 10_000),
    idleTimeBetweenReadsMs: whole(
      yaml,
      ['kinesis', 'idle_time_between_reads_ms'],
      map.idle_time_between_reads_ms,
      1_000,
      0,
    ),
    ...(enhancedFanOut ? { enhancedFanOut } : {}),
  };
}

/** `enhanced_fan_out` and its `consumer_name` (a stream consumer's name has the rule of an application name). */
function readEnhancedFanOut(
  yaml: YamlFile,
  map: YamlMap,
  applicationName: string,
): KinesisConfig['enhancedFanOut'] | undefined {
  const flag = map.enhanced_fan_out ?? false;
  if (typeof flag !== 'boolean' && flag !== 'true' && flag !== 'false')
    throw yaml.error(['kinesis', 'enhanced_fan_out'], `"kinesis.enhanced_fan_out" must be true or false`);
  const consumerName = optionalString(yaml, ['kinesis', 'consumer_name'], map.consumer_name);
  if (flag !== true && flag !== 'true') {
    if (consumerName !== undefined)
      throw yaml.error(
        ['kinesis', 'consumer_name'],
        '"kinesis.consumer_name" names the consumer of enhanced fan-out',
        'Add enhanced_fan_out: true, or remove consumer_name.',
      );
    return undefined;
  }
  const name = consumerName ?? applicationName;
  if (!APPLICATION_NAME.test(name))
    throw yaml.error(
      ['kinesis', 'consumer_name'],
      `"kinesis.consumer_name" must be 1 to 128 letters, digits, ".", "_" or "-", got "${name}"`,
    );
  return { consumerName: name };
}

function whole(
  yaml: YamlFile,
  path: YamlPath,
  value: unknown,
  fallback: number,
  min: number,
  max = 86_400_000,
): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max)
    throw yaml.error(path, `"${path.join('.')}" must be a whole number from ${min} to ${max}, got ${String(value)}`);
  return number;
}
