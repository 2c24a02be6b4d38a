/**
 * `npm run example:live -- --rate 1000`: the example project, live (live-example.ts).
 * Run from the project's folder; flags:
 *
 *   --rate <events/s>      generator rate (default 1000)
 *   --count <n>            stop after n events, once the gold tables hold them all
 *   --users <n>, --days <n>, --seed <n>   the event stream (as `strata generate`)
 *   --brokers <list>       default $KAFKA_BROKERS or 127.0.0.1:9092
 *   --topic-prefix <p>     topics <p>users, <p>clickstream... (lake folders are named the same)
 *   --flush-seconds <s>    the ingester's flush interval (default 1)
 *   --ingest-port <port>, --metrics-port <port>   default 9464 and 9465 (0: a free port)
 *   --quiet                keep the watcher's lines in target/live/watch.log only
 */
import { parseArgs } from 'node:util';
import { runLiveExample } from './live-example.js';

const EXIT_INTERRUPTED = 130;

function numberFlag(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  const least = name.endsWith('port') ? 0 : Number.MIN_VALUE;
  if (!Number.isFinite(number) || number < least) {
    process.stderr.write(`--${name} must be a positive number, got '${value}'\n`);
    process.exit(2);
  }
  return number;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        rate: { type: 'string' },
        count: { type: 'string' },
        users: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        brokers: { type: 'string' },
        'topic-prefix': { type: 'string' },
        'flush-seconds': { type: 'string' },
        'poll-seconds': { type: 'string' },
        'ingest-port': { type: 'string' },
        'metrics-port': { type: 'string' },
        quiet: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const stop = new AbortController();
  const cancel = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    signals += 1;
    if (signals === 1) {
      process.stdout.write(
        'Stopping: the generator, then the watcher (after its run in flight), then the ingester (flush)...\n',
      );
      stop.abort();
    } else cancel.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const brokers = (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const outcome = await runLiveExample({
    projectDir: process.cwd(),
    brokers,
    rate: numberFlag(values.rate, 'rate', 1000)!,
    count: numberFlag(values.count, 'count'),
    seed: numberFlag(values.seed, 'seed', 42)!,
    users: numberFlag(values.users, 'users'),
    days: numberFlag(values.days, 'days'),
    topicPrefix: values['topic-prefix'] ?? '',
    lake: 'lake',
    ingestPort: numberFlag(values['ingest-port'], 'ingest-port', 9464)!,
    metricsPort: numberFlag(values['metrics-port'], 'metrics-port', 9465)!,
    flushSeconds: numberFlag(values['flush-seconds'], 'flush-seconds', 1)!,
    pollSeconds: numberFlag(values['poll-seconds'], 'poll-seconds', 0.5)!,
    stop: stop.signal,
    cancel: cancel.signal,
    say: (line) => process.stdout.write(`${line}\n`),
    echoWatcher: !values.quiet,
  });
  if (!outcome.clean) return 1;
  if (outcome.interrupted) return EXIT_INTERRUPTED;
  process.stdout.write(`Done: ${outcome.produced ?? 0} events are in the gold tables.\n`);
  return 0;
}

process.exitCode = await main();
