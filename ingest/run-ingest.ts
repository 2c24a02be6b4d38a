/**
 * `strata ingest` as a long-lived service: load the config, build the destination (and
 * the catalog), start `/healthz` and `/metrics`, consume until SIGTERM or SIGINT, then
 * flush, commit, disconnect and return the exit code (0 when everything buffered was
 * committed within the shutdown bound).
 */
import { StrataError } from '../src/errors/strata-error.js';
import type { Environment } from '../src/config/env-var.js';
import { startBackgroundCompaction } from './compaction/background-compaction.js';
import { createDestination, createRegistrar } from './destination-factory.js';
import { loadIngestConfig, type IngestConfigOverrides } from './config/load-ingest-config.js';
import { startOpsServer, type OpsServer } from '../src/ops/http-server.js';
import { CommitStream } from './ops/commit-stream.js';
import { CommitFeedWriter } from './feed/commit-feed-writer.js';
import { createLogger, type Logger, type LogLevel } from './ops/logger.js';
import type { IngestConfig } from './config/ingest-config.js';
import { openLakeStore } from './compaction/run-compact.js';
import { settleParquetLayouts } from './pipeline/lake-parquet-layout.js';
import { Ingester } from './pipeline/ingester.js';
import type { ParquetWriter } from './pipeline/file-encoder.js';

export interface RunIngestOptions {
  configPath: string;
  /** the working directory: relative paths and messages start here */
  cwd: string;
  overrides?: IngestConfigOverrides;
  logLevel?: LogLevel;
  env?: Environment;
}

/**
 * A topic's default Parquet layout yields to the one its lake folder has (pipeline/
 * lake-parquet-layout.ts). A lake that cannot be read leaves the choice unsafe: the
 * ingester does not start.
 */
async function settleLakeLayouts(config: IngestConfig, logger: Logger): Promise<void> {
  if (config.format !== 'parquet') return;
  const lake = await openLakeStore(config);
  try {
    await settleParquetLayouts(config, lake, logger);
  } catch (error) {
    throw new StrataError(
      `Could not read the lake at ${config.destination.url} to learn the Parquet layout its topics already have: ` +
        (error as Error).message,
      {
        location: { file: config.file },
        hint: 'Make the destination readable, or set parquet_layout (payload or typed) in the config.',
        cause: error,
      },
    );
  } finally {
    await lake.close();
  }
}

/** Run until a signal (or a fatal consumer error); resolves to the process exit code. */
export async function runIngest(options: RunIngestOptions): Promise<number> {
  const config = loadIngestConfig(options.configPath, {
    projectRoot: options.cwd,
    env: options.env,
    overrides: options.overrides,
  });
  const logger = createLogger(options.logLevel ?? 'info');
  const destination = await createDestination(config, logger);
  await settleLakeLayouts(config, logger).catch(async (error: unknown) => {
    await destination.close();
    throw error;
  });
  const registrar = await createRegistrar(config, destination);
  let parquet: ParquetWriter | undefined;
  if (config.format === 'parquet') parquet = await (await import('./pipeline/parquet-writer.js')).createParquetWriter();
  const feed = config.commitFeed ? new CommitFeedWriter(destination) : undefined;
  const commits = feed ? new CommitStream() : undefined;
  if (feed && commits) feed.onCommit((record) => commits.publish(record));
  const ingester = config.kinesis
    ? new (await import('./sources/kinesis/kinesis-ingester.js')).KinesisIngester({
        config: { ...config, kinesis: config.kinesis },
        destination,
        registrar,
        logger,
      })
    : new Ingester({ config, destination, registrar, parquet, logger, ...(feed ? { feed } : {}) });

  let server: OpsServer | undefined;
  if (config.http.port !== undefined) {
    server = await startOpsServer(
      config.http.host,
      config.http.port,
      () => ingester.health(),
      () => ingester.formatMetrics(),
      commits ? { '/commits': (request, response) => commits.handle(request, response) } : {},
    );
    const endpoints = ['/healthz', '/metrics', ...(commits ? ['/commits'] : [])];
    logger.info('http listening', { host: config.http.host, port: server.port, endpoints });
  }

  // Passes start one interval from now, and stop with the rest.
  const compaction = startBackgroundCompaction(config, logger);
  const closeAll = async (): Promise<void> => {
    const results = await Promise.allSettled([
      compaction?.stop(),
      destination.close(),
      registrar?.close(),
      parquet?.close(),
      server?.close(),
    ]);
    commits?.close();
    for (const result of results)
      if (result.status === 'rejected') logger.warn('error while closing', { error: result.reason });
  };

  let signals = 0;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const stop = (reason: string, failed: boolean): void => {
    void ingester
      .stop(reason)
      .then(async (clean) => {
        await closeAll();
        finish(clean && !failed ? 0 : 1);
      })
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error });
        finish(1);
      });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting without waiting for the flush', { signal });
      process.exit(1);
    }
    stop(signal, false);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  ingester.onCrash(() => stop('consumer crashed', true));

  try {
    await ingester.start();
  } catch (error) {
    await ingester.stop('startup failed').catch(() => undefined);
    await closeAll();
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    throw new StrataError(`The ingester could not start: ${(error as Error).message}`, {
      location: { file: config.file },
      hint:
        (config.kinesis
          ? 'Check that Kinesis is reachable '
          : `Check that Kafka is reachable at ${config.kafka.brokers.join(',')} `) +
        `and that the ${config.kinesis ? 'streams' : 'topics'} exist (${config.topics.map((t) => t.name).join(', ')}).`,
      cause: error,
    });
  }
  const code = await done;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  return code;
}
