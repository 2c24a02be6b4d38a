import type { Command } from 'commander';
import { resolve } from 'node:path';
import { StrataError } from '../../errors/strata-error.js';
import { Reporter } from '../../execution/reporter.js';
import { EXIT_INTERRUPTED, EXIT_SUCCESS } from '../exit-codes.js';

interface GenerateFlags {
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
  topicPrefix: string;
  rate: string;
  count?: string;
  tally: string;
  acks: string;
  compression: string;
  replicationFactor?: string;
  retentionMs: string;
  createTopics: boolean;
}

/** Flags that only mean something when producing to Kafka. */
const KAFKA_ONLY = [
  'topicPrefix',
  'rate',
  'count',
  'tally',
  'acks',
  'compression',
  'replicationFactor',
  'retentionMs',
  'createTopics',
] as const;

const DEFAULT_TALLY = 'target/generator-tally.json';

/** `strata generate`: realistic e-commerce events, as a Bronze sample in the local lake or produced to Kafka. */
export function registerGenerateCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('generate')
    .description(
      'generate reproducible e-commerce events into the local lake (Bronze layout), or produce them to Kafka with --kafka',
    )
    .option('--lake <dir>', 'lake root folder', 'lake')
    .option('--seed <n>', 'random seed: the same seed writes the same bytes', '42')
    .option('--users <n>', 'number of users')
    .option('--days <n>', 'number of days of activity')
    .option('--start-date <YYYY-MM-DD>', 'first day of activity')
    .option('--malformed-share <0..1>', 'share of malformed events')
    .option('--duplicate-share <0..1>', 'share of re-sent duplicate events')
    .option('--late-share <0..1>', 'share of late events')
    .option('--partitions <n>', 'Kafka partitions per topic')
    .option('--kafka <brokers>', 'produce to Kafka instead (comma-separated host:port list) and leave the lake alone')
    .option('--topic-prefix <prefix>', 'with --kafka: prepended to the topic names', '')
    .option('--rate <events/s>', 'with --kafka: events per second, 0 for as fast as possible', '0')
    .option('--count <n>', 'with --kafka: stop after this many events')
    .option('--tally <file>', 'with --kafka: where to write the tally of what was produced', DEFAULT_TALLY)
    .option(
      '--acks <all|1|0>',
      'with --kafka: acknowledgements per send (all: idempotent, exactly the tallied records)',
      'all',
    )
    .option('--compression <none|gzip>', 'with --kafka: compression of produce requests', 'none')
    .option('--replication-factor <n>', 'with --kafka: for topics it creates (default: 3, or fewer brokers)')
    .option(
      '--retention-ms <ms>',
      'with --kafka: retention.ms of topics it creates (-1: forever; the events carry past timestamps)',
      '-1',
    )
    .option('--no-create-topics', 'with --kafka: fail instead of creating missing topics');
  command.action(async (flags: GenerateFlags) => {
    if (flags.kafka === undefined) {
      const stray = KAFKA_ONLY.filter((name) => command.getOptionValueSource(name) === 'cli');
      if (stray.length > 0)
        throw new StrataError(
          `${stray.map(flagName).join(', ')} ${stray.length === 1 ? 'applies' : 'apply'} only with --kafka`,
        );
      await generateLake(flags);
    } else {
      if (command.getOptionValueSource('lake') === 'cli')
        throw new StrataError('--lake and --kafka exclude each other: events go to one or the other');
      setExitCode(await generateKafka(flags, flags.kafka));
      return;
    }
    setExitCode(EXIT_SUCCESS);
  });
}

async function generateLake(flags: GenerateFlags): Promise<void> {
  // the generator lives with the ingester; load it only for this command
  const { generateBronzeSample } = await import('../../../ingest/generator/index.js');
  const reporter = new Reporter();
  const started = performance.now();
  const lakeDir = resolve(flags.lake);
  const tally = await generateBronzeSample({ lakeDir, ...modelOptions(flags) });
  const seconds = (performance.now() - started) / 1000;
  reporter.info(
    `Generated ${tally.records.total} events for ${tally.users} users into ${flags.lake}/ in ${seconds.toFixed(2)}s`,
  );
}

async function generateKafka(flags: GenerateFlags, brokerList: string): Promise<number> {
  const brokers = brokerList
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0 || brokers.some((broker) => !/^[^\s:]+:\d+$/.test(broker))) {
    throw new StrataError(`--kafka must be a comma-separated list of host:port, got '${brokerList}'`, {
      hint: 'For example: --kafka localhost:9092',
    });
  }
  const rate = Number(flags.rate);
  if (!(rate >= 0) || !Number.isFinite(rate))
    throw new StrataError(`--rate must be 0 or a positive number of events per second, got '${flags.rate}'`);
  const acks = ({ all: -1, '-1': -1, '1': 1, '0': 0 } as const)[flags.acks as 'all' | '-1' | '1' | '0'];
  if (acks === undefined) throw new StrataError(`--acks must be all, 1 or 0, got '${flags.acks}'`);
  if (flags.compression !== 'none' && flags.compression !== 'gzip')
    throw new StrataError(`--compression must be none or gzip, got '${flags.compression}'`);
  const retentionMs = Number(flags.retentionMs);
  if (!Number.isInteger(retentionMs) || retentionMs < -1)
    throw new StrataError(`--retention-ms must be -1 or a whole number of milliseconds, got '${flags.retentionMs}'`);
  const replicationFactor = optionalPositive(flags.replicationFactor, '--replication-factor');
  const tallyFile = resolve(flags.tally);

  const { generateToKafka } = await import('../../../ingest/generator/kafka-generate.js');
  const { KafkaGenerateError } = await import('../../../ingest/generator/kafka-sink.js');
  const { ProgressLine, formatCount, formatProgress } = await import('../../../ingest/generator/kafka-progress.js');

  const reporter = new Reporter();
  const progress = new ProgressLine(process.stderr);
  // Ends a progress line before anything else is written to the terminal.
  const aside = (text: string) => {
    progress.finish();
    process.stderr.write(`${text}\n`);
  };
  if (acks !== -1)
    aside(
      'warning: without --acks all the producer is not idempotent: a retried send may write records twice, which the tally does not count',
    );

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let lastDraw = 0;
  try {
    const result = await generateToKafka({
      brokers,
      ...modelOptions(flags),
      topicPrefix: flags.topicPrefix,
      rate,
      count: optionalInteger(flags.count, '--count'),
      acks,
      compression: flags.compression,
      replicationFactor,
      retentionMs,
      createTopics: flags.createTopics,
      tallyFile,
      signal: controller.signal,
      onWarning: (message) => aside(`warning: ${message}`),
      log: (level, message) => aside(`kafka ${level}: ${message}`),
      onProgress: (state) => {
        const now = performance.now();
        if (now - lastDraw < 200 && state.sent < state.total) return;
        lastDraw = now;
        progress.update(formatProgress(state));
      },
    });
    progress.finish();
    const seconds = result.elapsedMs / 1000;
    const perSecond = seconds > 0 ? result.sent / seconds : result.sent;
    const byTopic = Object.entries(result.tally.kafka.topics)
      .map(
        ([topic, name]) =>
          `${name} ${formatCount(result.tally.records.byTopic[topic as keyof typeof result.tally.records.byTopic])}`,
      )
      .join(', ');
    const verb = result.aborted ? 'Interrupted after producing' : 'Produced';
    reporter.info(
      `${verb} ${formatCount(result.sent)} events for ${formatCount(result.tally.users)} users to ${brokers.join(',')} in ${seconds.toFixed(2)}s (${formatCount(perSecond)} events/s)`,
    );
    reporter.info(
      `  ${byTopic}; malformed ${formatCount(result.tally.malformed.total)}, duplicates ${formatCount(result.tally.duplicates.total)}, late ${formatCount(result.tally.late.total)}`,
    );
    if (result.createdTopics.length > 0) reporter.info(`  created topic(s) ${result.createdTopics.join(', ')}`);
    reporter.info(`  tally in ${flags.tally}`);
    return result.aborted && controller.signal.aborted ? EXIT_INTERRUPTED : EXIT_SUCCESS;
  } catch (error) {
    progress.finish();
    if (error instanceof KafkaGenerateError) throw new StrataError(error.message, { hint: error.hint, cause: error });
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function modelOptions(flags: GenerateFlags) {
  return {
    seed: integer(flags.seed, '--seed'),
    users: optionalInteger(flags.users, '--users'),
    days: optionalInteger(flags.days, '--days'),
    startDate: flags.startDate,
    malformedShare: optionalShare(flags.malformedShare, '--malformed-share'),
    duplicateShare: optionalShare(flags.duplicateShare, '--duplicate-share'),
    lateShare: optionalShare(flags.lateShare, '--late-share'),
    partitions: optionalPositive(flags.partitions, '--partitions'),
  };
}

function flagName(option: string): string {
  if (option === 'createTopics') return '--no-create-topics';
  return `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function integer(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new StrataError(`${flag} must be a whole number, got '${text}'`);
  return value;
}

function optionalInteger(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : integer(text, flag);
}

function optionalPositive(text: string | undefined, flag: string): number | undefined {
  const value = optionalInteger(text, flag);
  if (value === 0) throw new StrataError(`${flag} must be at least 1`);
  return value;
}

function optionalShare(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new StrataError(`${flag} must be between 0 and 1, got '${text}'`);
  return value;
}
