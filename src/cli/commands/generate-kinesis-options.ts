/**
 * `strata generate --kinesis [endpoint]`: the flags that apply when putting to Kinesis
 * streams (the Kafka producer's other flags do not), checked, as `runGenerate`'s destination.
 */
import { StrataError } from '../../errors/strata-error.js';
import type { RunGenerateOptions } from '../../../ingest/generator/run-generate.js';
import { optionalFlag, parseNumberFlag, parseWholeNumber } from '../flags.js';
import { KAFKA_PRODUCER_ONLY, type GenerateFlags } from './generate-options.js';

/** The Kinesis destination; `--kinesis` alone uses the SDK's endpoint for AWS_REGION. */
export function kinesisDestination(
  flags: GenerateFlags,
  givenOnCommandLine: (option: keyof GenerateFlags) => boolean,
): RunGenerateOptions['destination'] {
  if (flags.kafka !== undefined) throw new StrataError('--kafka and --kinesis exclude each other');
  if (givenOnCommandLine('lake'))
    throw new StrataError('--lake and --kinesis exclude each other: events go to one or the other');
  const stray = KAFKA_PRODUCER_ONLY.filter(givenOnCommandLine);
  if (stray.length > 0)
    throw new StrataError(
      `${stray.map((option) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} ` +
        `${stray.length === 1 ? 'applies' : 'apply'} only with --kafka`,
    );
  const endpoint = typeof flags.kinesis === 'string' ? flags.kinesis : undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint))
    throw new StrataError(`--kinesis takes an endpoint URL, got '${endpoint}'`, {
      hint: 'For example: --kinesis http://localhost:4566, or --kinesis alone for AWS',
    });
  return {
    kinesis: {
      ...(endpoint ? { endpoint } : {}),
      shards: optionalFlag(flags.partitions, (text) => parseWholeNumber(text, '--partitions', 1)),
      topicPrefix: flags.topicPrefix,
      rate: parseNumberFlag(flags.rate, '--rate', { min: 0, expected: '0 or a positive number of events per second' }),
      count: optionalFlag(flags.count, (text) => parseWholeNumber(text, '--count')),
    },
  };
}
