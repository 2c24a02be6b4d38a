import type { Command } from 'commander';
import { resolve } from 'node:path';
import { StrataError } from '../../errors/strata-error.js';
import { Reporter } from '../../execution/reporter.js';
import { EXIT_SUCCESS } from '../exit-codes.js';

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
}

/** `strata generate`: realistic e-commerce events, written as a Bronze sample into the local lake. */
export function registerGenerateCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('generate')
    .description('generate reproducible e-commerce events into the local lake (Bronze layout)')
    .option('--lake <dir>', 'lake root folder', 'lake')
    .option('--seed <n>', 'random seed: the same seed writes the same bytes', '42')
    .option('--users <n>', 'number of users')
    .option('--days <n>', 'number of days of activity')
    .option('--start-date <YYYY-MM-DD>', 'first day of activity')
    .option('--malformed-share <0..1>', 'share of malformed events')
    .option('--duplicate-share <0..1>', 'share of re-sent duplicate events')
    .option('--late-share <0..1>', 'share of late events')
    .option('--partitions <n>', 'Kafka partitions per topic')
    .action(async (flags: GenerateFlags) => {
      // the generator lives with the ingester; load it only for this command
      const { generateBronzeSample } = await import('../../../ingest/generator/index.js');
      const reporter = new Reporter();
      const started = performance.now();
      const lakeDir = resolve(flags.lake);
      const tally = await generateBronzeSample({
        lakeDir,
        seed: integer(flags.seed, '--seed'),
        users: optionalInteger(flags.users, '--users'),
        days: optionalInteger(flags.days, '--days'),
        startDate: flags.startDate,
        malformedShare: optionalShare(flags.malformedShare, '--malformed-share'),
        duplicateShare: optionalShare(flags.duplicateShare, '--duplicate-share'),
        lateShare: optionalShare(flags.lateShare, '--late-share'),
        partitions: optionalInteger(flags.partitions, '--partitions'),
      });
      const seconds = (performance.now() - started) / 1000;
      reporter.info(`Generated ${tally.records.total} events for ${tally.users} users into ${flags.lake}/ in ${seconds.toFixed(2)}s`);
      setExitCode(EXIT_SUCCESS);
    });
}

function integer(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new StrataError(`${flag} must be a whole number, got '${text}'`);
  return value;
}

function optionalInteger(text: string | undefined, flag: string): number | undefined {
  return text === undefined ? undefined : integer(text, flag);
}

function optionalShare(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new StrataError(`${flag} must be between 0 and 1, got '${text}'`);
  return value;
}
