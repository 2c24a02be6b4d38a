import type { Command } from 'commander';
import { StrataError } from '../../errors/strata-error.js';

interface CompactFlags {
  config: string;
  destination?: string;
  groupId?: string;
  lateness?: string;
  targetFileSize?: string;
  retention?: string;
  assumeCommitted?: boolean;
  logLevel: string;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `strata lake compact`: merge the small Bronze files of closed hours, exactly once and atomically. */
export function registerLakeCommand(program: Command, setExitCode: (code: number) => void): void {
  const lake = program.command('lake').description('maintain the Bronze lake the ingester writes');
  lake
    .command('compact')
    .description(
      'merge the small files of closed hours into files of a target size; readers see the old files or the new ones',
    )
    .option('--config <file>', 'ingest config (YAML)', 'ingest/ingest.yml')
    .option('--destination <path-or-url>', 'lake folder or s3://bucket/prefix (overrides the config)')
    .option('--group-id <id>', 'consumer group whose committed offsets bound what is compacted (overrides the config)')
    .option('--lateness <duration>', 'an hour is closed this long after it ended (default 1h)')
    .option('--target-file-size <size>', 'size of a compacted file (default 128MiB)')
    .option('--retention <duration>', 'replaced files stay this long for queries that already named them (default 1h)')
    .option('--assume-committed', 'compact every file, for a lake no consumer group writes (strata generate)')
    .option('--log-level <level>', `log level: ${LOG_LEVELS.join(', ')}`, 'info')
    .action(async (flags: CompactFlags) => {
      const logLevel = LOG_LEVELS.find((level) => level === flags.logLevel);
      if (!logLevel) {
        throw new StrataError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${flags.logLevel}'`);
      }
      const { runCompact } = await import('../../../ingest/compaction/run-compact.js');
      await runCompact({
        configPath: flags.config,
        cwd: process.cwd(),
        overrides: { destination: flags.destination, groupId: flags.groupId },
        logLevel,
        lateness: flags.lateness,
        targetFileSize: flags.targetFileSize,
        retention: flags.retention,
        assumeCommitted: flags.assumeCommitted ?? false,
      });
      setExitCode(0);
      // A client library holding a socket must not keep a finished command alive.
      setTimeout(() => process.exit(0), 3_000).unref();
    });
}
