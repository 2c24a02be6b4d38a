/**
 * `strata generate`'s flags -> `runGenerate`'s options: the event model's settings and
 * the destination (a lake folder, or Kafka), checking what commander cannot.
 */
import { StrataError } from '../../errors/strata-error.js';
import type {
  GenerateKafkaOptions,
  GenerateModelOptions,
  RunGenerateOptions,
} from '../../../ingest/generator/run-generate.js';
import { optionalFlag, parseNumberFlag, parseShare, parseWholeNumber } from '../flags.js';
import { kinesisDestination } from './generate-kinesis-options.js';

/** The flags as commander hands them over. */
export interface GenerateFlags {
  lake: string;
  seed: string;
  users?: string;
  days?: string;
  startDate?: string;
  malformedShare?: string;
  duplicateShare?: string;
  lateShare?: string;
  partitions?: string;
  kafka?: string;
  /** `true` for `--kinesis` alone, else the endpoint */
  kinesis?: string | true;
  topicPrefix: string;
  rate: string;
  count?: string;
  tally: string;
  acks: string;
  compression: string;
  replicationFactor?: string;
  retentionMs: string;
  createTopics: boolean;
  format: string;
  schemaRegistry?: string;
}

/** Flags of the Kafka producer that mean nothing to Kinesis either. */
export const KAFKA_PRODUCER_ONLY = [
  'tally',
  'acks',
  'compression',
  'replicationFactor',
  'retentionMs',
  'createTopics',
  'format',
  'schemaRegistry',
] as const;

/** Flags that only mean something when producing to a stream (Kafka here). */
const KAFKA_ONLY = ['topicPrefix', 'rate', 'count', ...KAFKA_PRODUCER_ONLY] as const;

const ACKS = { all: -1, '-1': -1, '1': 1, '0': 0 } as const;

/** The event model's settings. */
export function generateModel(flags: GenerateFlags): GenerateModelOptions {
  return {
    seed: parseWholeNumber(flags.seed, '--seed'),
    users: optionalFlag(flags.users, (text) => parseWholeNumber(text, '--users')),
    days: optionalFlag(flags.days, (text) => parseWholeNumber(text, '--days')),
    startDate: flags.startDate,
    malformedShare: optionalFlag(flags.malformedShare, (text) => parseShare(text, '--malformed-share')),
    duplicateShare: optionalFlag(flags.duplicateShare, (text) => parseShare(text, '--duplicate-share')),
    lateShare: optionalFlag(flags.lateShare, (text) => parseShare(text, '--late-share')),
    partitions: optionalFlag(flags.partitions, (text) => parseWholeNumber(text, '--partitions', 1)),
  };
}

/**
 * Where the events go: the lake folder, or Kafka with `--kafka`. `givenOnCommandLine`
 * tells a flag the user typed from one left at its default.
 */
export function generateDestination(
  flags: GenerateFlags,
  givenOnCommandLine: (option: keyof GenerateFlags) => boolean,
): RunGenerateOptions['destination'] {
  if (flags.kinesis !== undefined) return kinesisDestination(flags, givenOnCommandLine);
  if (flags.kafka === undefined) {
    const stray = KAFKA_ONLY.filter(givenOnCommandLine);
    if (stray.length > 0)
      throw new StrataError(
        `${stray.map(flagName).join(', ')} ${stray.length === 1 ? 'applies' : 'apply'} only with --kafka`,
      );
    return { lakeDir: flags.lake };
  }
  if (givenOnCommandLine('lake'))
    throw new StrataError('--lake and --kafka exclude each other: events go to one or the other');
  return { kafka: kafkaOptions(flags, flags.kafka) };
}

function kafkaOptions(flags: GenerateFlags, brokerList: string): GenerateKafkaOptions {
  const brokers = brokerList
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0 || brokers.some((broker) => !/^[^\s:]+:\d+$/.test(broker))) {
    throw new StrataError(`--kafka must be a comma-separated list of host:port, got '${brokerList}'`, {
      hint: 'For example: --kafka localhost:9092',
    });
  }
  const rate = parseNumberFlag(flags.rate, '--rate', {
    min: 0,
    expected: '0 or a positive number of events per second',
  });
  const acks = Object.hasOwn(ACKS, flags.acks) ? ACKS[flags.acks as keyof typeof ACKS] : undefined;
  if (acks === undefined) throw new StrataError(`--acks must be all, 1 or 0, got '${flags.acks}'`);
  if (flags.compression !== 'none' && flags.compression !== 'gzip')
    throw new StrataError(`--compression must be none or gzip, got '${flags.compression}'`);
  if (flags.format !== 'json' && flags.format !== 'avro' && flags.format !== 'protobuf')
    throw new StrataError(`--format must be json, avro or protobuf, got '${flags.format}'`);
  const schemaRegistry = flags.schemaRegistry ?? process.env.SCHEMA_REGISTRY_URL;
  if (flags.format !== 'json' && !schemaRegistry)
    throw new StrataError(`--format ${flags.format} needs a Schema Registry to register the schemas in`, {
      hint: 'Pass --schema-registry <url> (or set SCHEMA_REGISTRY_URL), e.g. http://localhost:8081',
    });
  const retentionMs = parseNumberFlag(flags.retentionMs, '--retention-ms', {
    whole: true,
    min: -1,
    expected: '-1 or a whole number of milliseconds',
  });
  return {
    brokers,
    topicPrefix: flags.topicPrefix,
    rate,
    count: optionalFlag(flags.count, (text) => parseWholeNumber(text, '--count')),
    acks,
    compression: flags.compression,
    replicationFactor: optionalFlag(flags.replicationFactor, (text) =>
      parseWholeNumber(text, '--replication-factor', 1),
    ),
    retentionMs,
    createTopics: flags.createTopics,
    tallyFile: flags.tally,
    valueFormat: flags.format,
    ...(flags.format === 'json' ? {} : { schemaRegistry }),
  };
}

function flagName(option: string): string {
  if (option === 'createTopics') return '--no-create-topics';
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
