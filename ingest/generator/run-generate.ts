/**
 * `strata generate`: the shop's event stream into the local lake (the Bronze sample) or,
 * with brokers, produced to Kafka with a live progress line, a summary, and the tally of
 * what the brokers acknowledged. Resolves to what happened; the caller picks the exit code.
 */
import { resolve } from 'node:path';
import { StrataError } from '../../src/errors/strata-error.js';
import { generateBronzeSample, type BronzeSampleOptions } from './index.js';
import type { KafkaGenerateOptions } from './kafka-generate.js';
import { formatCount, formatProgress, ProgressLine, type ProgressStream } from './kafka-progress.js';
import type { GenerateKinesisOptions } from './run-generate-kinesis.js';

/** The event model's settings, shared by both destinations. */
export type GenerateModelOptions = Omit<BronzeSampleOptions, 'lakeDir'>;

/** Producing to Kafka: the generator's Kafka settings, with the tally file relative to `cwd`. */
export type GenerateKafkaOptions = Omit<
  KafkaGenerateOptions,
  keyof GenerateModelOptions | 'tallyFile' | 'signal' | 'onProgress' | 'onWarning' | 'log' | 'clock'
> & { tallyFile: string };

export interface RunGenerateOptions {
  model: GenerateModelOptions;
  /** where events go: a lake folder, Kafka, or Kinesis streams */
  destination: { lakeDir: string } | { kafka: GenerateKafkaOptions } | { kinesis: GenerateKinesisOptions };
  /** the working directory: relative paths start here, messages show them as given */
  cwd: string;
  /** stops producing to Kafka (the tally then covers what was sent) */
  signal?: AbortSignal;
  /** receives the summary, a line per call */
  info: (message: string) => void;
  /** warnings and the progress line (redrawn in place on a terminal) */
  terminal: ProgressStream;
}

export interface GenerateOutcome {
  /** stopped by `signal` before the last event was produced */
  interrupted: boolean;
}

/** How often the progress line is redrawn at most. */
const PROGRESS_EVERY_MS = 200;

/** Generate into the destination and report it. */
export async function runGenerate(options: RunGenerateOptions): Promise<GenerateOutcome> {
  const { destination } = options;
  if ('lakeDir' in destination) {
    await generateLake(options, destination.lakeDir);
    return { interrupted: false };
  }
  if ('kinesis' in destination) {
    const { generateKinesis } = await import('./run-generate-kinesis.js');
    return generateKinesis(options, destination.kinesis);
  }
  return generateKafka(options, destination.kafka);
}

async function generateLake(options: RunGenerateOptions, lakeDir: string): Promise<void> {
  const started = performance.now();
  const tally = await generateBronzeSample({ lakeDir: resolve(options.cwd, lakeDir), ...options.model });
  const seconds = (performance.now() - started) / 1000;
  options.info(
    `Generated ${tally.records.total} events for ${tally.users} users into ${lakeDir}/ in ${seconds.toFixed(2)}s`,
  );
}

async function generateKafka(options: RunGenerateOptions, kafka: GenerateKafkaOptions): Promise<GenerateOutcome> {
  // kafkajs loads only when producing
  const { generateToKafka } = await import('./kafka-generate.js');
  const { KafkaGenerateError } = await import('./kafka-sink.js');
  const progress = new ProgressLine(options.terminal);
  // Ends a progress line before anything else is written to the terminal.
  const aside = (text: string) => {
    progress.finish();
    options.terminal.write(`${text}\n`);
  };
  if (kafka.acks !== undefined && kafka.acks !== -1)
    aside(
      'warning: without --acks all the producer is not idempotent: ' +
        'a retried send may write records twice, which the tally does not count',
    );

  let lastDraw = 0;
  try {
    const result = await generateToKafka({
      ...options.model,
      ...kafka,
      tallyFile: resolve(options.cwd, kafka.tallyFile),
      signal: options.signal,
      onWarning: (message) => aside(`warning: ${message}`),
      log: (level, message) => aside(`kafka ${level}: ${message}`),
      onProgress: (state) => {
        const now = performance.now();
        if (now - lastDraw < PROGRESS_EVERY_MS && state.sent < state.total) return;
        lastDraw = now;
        progress.update(formatProgress(state));
      },
    });
    progress.finish();
    const { tally } = result;
    const seconds = result.elapsedMs / 1000;
    const perSecond = seconds > 0 ? result.sent / seconds : result.sent;
    const byTopic = Object.entries(tally.kafka.topics)
      .map(([topic, name]) => `${name} ${formatCount(tally.records.byTopic[topic as keyof typeof tally.kafka.topics])}`)
      .join(', ');
    const verb = result.aborted ? 'Interrupted after producing' : 'Produced';
    options.info(
      `${verb} ${formatCount(result.sent)} events for ${formatCount(tally.users)} users ` +
        `to ${kafka.brokers.join(',')} in ${seconds.toFixed(2)}s (${formatCount(perSecond)} events/s)`,
    );
    options.info(
      `  ${byTopic}; malformed ${formatCount(tally.malformed.total)}, ` +
        `duplicates ${formatCount(tally.duplicates.total)}, late ${formatCount(tally.late.total)}`,
    );
    if (result.createdTopics.length > 0) options.info(`  created topic(s) ${result.createdTopics.join(', ')}`);
    options.info(`  tally in ${kafka.tallyFile}`);
    return { interrupted: result.aborted && Boolean(options.signal?.aborted) };
  } catch (error) {
    progress.finish();
    if (error instanceof KafkaGenerateError) throw new StrataError(error.message, { hint: error.hint, cause: error });
    throw error;
  }
}
