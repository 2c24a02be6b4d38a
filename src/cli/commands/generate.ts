import type { Command } from 'commander';
import { Reporter } from '../../execution/reporter.js';
import { EXIT_INTERRUPTED, EXIT_SUCCESS } from '../exit-codes.js';
import { interruptible } from '../interrupt.js';
import { generateDestination, generateModel, type GenerateFlags } from './generate-options.js';

const DEFAULT_TALLY = 'target/generator-tally.json';

/** `strata generate`: realistic e-commerce events, as a Bronze sample in the local lake or produced to Kafka. */
export function registerGenerateCommand(program: Command, setExitCode: (code: number) => void): void {
  const command = program
    .command('generate')
    .description(
      'generate reproducible e-commerce events into the local lake (Bronze layout), ' +
        'or produce them to Kafka with --kafka',
    )
    .option('--lake <dir>', 'lake root folder', 'lake')
    .option('--seed <n>', 'random seed: the same seed writes the same bytes', '42')
    .option('--users <n>', 'number of users')
    .option('--days <n>', 'number of days of activity')
    .option('--start-date <YYYY-MM-DD>', 'first day of activity')
    .option('--malformed-share <0..1>', 'share of malformed events')
    .option('--duplicate-share <0..1>', 'share of re-sent duplicate events')
    .option('--late-share <0..1>', 'share of late events')
    .option('--partitions <n>', 'Kafka partitions per topic (with --kinesis: shards of the streams it creates)')
    .option('--kafka <brokers>', 'produce to Kafka instead (comma-separated host:port list) and leave the lake alone')
    .option(
      '--kinesis [endpoint]',
      'put to Kinesis streams named as the topics instead (endpoint: e.g. a local emulator; region: $AWS_REGION)',
    )
    .option('--topic-prefix <prefix>', 'with --kafka or --kinesis: prepended to the topic names', '')
    .option('--rate <events/s>', 'with --kafka or --kinesis: events per second, 0 for as fast as possible', '0')
    .option('--count <n>', 'with --kafka or --kinesis: stop after this many events')
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
    .option('--no-create-topics', 'with --kafka: fail instead of creating missing topics')
    .option(
      '--format <json|avro>',
      'with --kafka: record values as JSON text, or Avro in the Schema Registry format',
      'json',
    )
    .option(
      '--schema-registry <url>',
      'with --format avro|protobuf: the Schema Registry (Confluent API) for the schemas (default $SCHEMA_REGISTRY_URL)',
    );
  command.action(async (flags: GenerateFlags) => {
    const destination = generateDestination(flags, (option) => command.getOptionValueSource(option) === 'cli');
    const model = generateModel(flags);
    // the generator lives with the ingester; load it only for this command
    const { runGenerate } = await import('../../../ingest/generator/run-generate.js');
    const reporter = new Reporter();
    const run = (signal?: AbortSignal) =>
      runGenerate({
        model,
        destination,
        cwd: process.cwd(),
        signal,
        info: (message) => reporter.info(message),
        terminal: process.stderr,
      });
    // producing to Kafka or Kinesis stops cleanly on Ctrl-C and tallies what was sent; the lake is written in seconds
    const outcome = !('lakeDir' in destination) ? await interruptible(run) : await run();
    setExitCode(outcome.interrupted ? EXIT_INTERRUPTED : EXIT_SUCCESS);
  });
}
