import type { Command } from 'commander';
import { StrataError } from '../../errors/strata-error.js';

interface IngestFlags {
  config: string;
  brokers?: string;
  destination?: string;
  groupId?: string;
  logLevel: string;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `strata ingest`: the Kafka-to-lake ingester, as a long-lived service. */
export function registerIngestCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('ingest')
    .description('consume Kafka topics into the lake (Bronze files, exactly once); stops cleanly on SIGTERM')
    .option('--config <file>', 'ingest config (YAML)', 'ingest/ingest.yml')
    .option('--brokers <list>', 'Kafka bootstrap servers, comma-separated (overrides the config)')
    .option('--destination <path-or-url>', 'lake folder or s3://bucket/prefix (overrides the config)')
    .option('--group-id <id>', 'consumer group (overrides the config)')
    .option('--log-level <level>', `log level: ${LOG_LEVELS.join(', ')}`, 'info')
    .action(async (flags: IngestFlags) => {
      const logLevel = LOG_LEVELS.find((level) => level === flags.logLevel);
      if (!logLevel)
        throw new StrataError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${flags.logLevel}'`);
      // the ingester and kafkajs load only for this command
      const { runIngest } = await import('../../../ingest/run-ingest.js');
      const code = await runIngest({
        configPath: flags.config,
        cwd: process.cwd(),
        overrides: { brokers: flags.brokers, destination: flags.destination, groupId: flags.groupId },
        logLevel,
      });
      setExitCode(code);
      // A client library holding a socket must not keep a stopped service alive.
      setTimeout(() => process.exit(code), 3_000).unref();
    });
}
