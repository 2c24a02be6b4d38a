/**
 * `strata generate --kinesis`: the shop's event stream put to Kinesis streams, with the
 * same progress line as the Kafka mode and a summary of what the streams accepted.
 */
import { StrataError } from '../../src/errors/strata-error.js';
import { GenerateSetupError } from './generate-setup-error.js';
import type { KinesisGenerateOptions } from './kinesis-generate.js';
import { formatCount, formatProgress, ProgressLine } from './kafka-progress.js';
import type { GenerateOutcome, RunGenerateOptions } from './run-generate.js';

/** Putting to Kinesis: the generator's Kinesis settings (the model's come from the command). */
export type GenerateKinesisOptions = Pick<
  KinesisGenerateOptions,
  'region' | 'endpoint' | 'shards' | 'topicPrefix' | 'rate' | 'count'
>;

const PROGRESS_EVERY_MS = 200;

export async function generateKinesis(
  options: RunGenerateOptions,
  kinesis: GenerateKinesisOptions,
): Promise<GenerateOutcome> {
  // the AWS SDK loads only when putting
  const { generateToKinesis } = await import('./kinesis-generate.js');
  const progress = new ProgressLine(options.terminal);
  let lastDraw = 0;
  try {
    const result = await generateToKinesis({
      ...options.model,
      ...kinesis,
      signal: options.signal,
      onProgress: (state) => {
        const now = performance.now();
        if (now - lastDraw < PROGRESS_EVERY_MS && state.sent < state.total) return;
        lastDraw = now;
        progress.update(formatProgress(state));
      },
    });
    progress.finish();
    const seconds = result.elapsedMs / 1000;
    const perSecond = seconds > 0 ? result.sent / seconds : result.sent;
    const verb = result.aborted ? 'Interrupted after putting' : 'Put';
    options.info(
      `${verb} ${formatCount(result.sent)} events to Kinesis${kinesis.endpoint ? ` at ${kinesis.endpoint}` : ''} ` +
        `in ${seconds.toFixed(2)}s (${formatCount(perSecond)} events/s)`,
    );
    const byStream = Object.entries(result.sentByStream).map(([name, count]) => `${name} ${formatCount(count)}`);
    options.info(`  ${byStream.join(', ')}; malformed ${formatCount(result.malformed)}`);
    if (result.createdStreams.length > 0) options.info(`  created stream(s) ${result.createdStreams.join(', ')}`);
    return { interrupted: result.aborted && Boolean(options.signal?.aborted) };
  } catch (error) {
    progress.finish();
    if (error instanceof GenerateSetupError) throw new StrataError(error.message, { hint: error.hint, cause: error });
    throw error;
  }
}
