/**
 * `strata lake compact` once: load the ingest config, open the lake (local or S3), the
 * catalog when Glue is enabled, and the group's committed offsets, then compact every
 * closed hour of the config's topics.
 */
import { StrataError } from '../../src/errors/strata-error.js';
import type { Environment } from '../../src/config/env-var.js';
import { loadIngestConfig, type IngestConfigOverrides } from '../config/load-ingest-config.js';
import type { IngestConfig } from '../config/ingest-config.js';
import { parseByteSize } from '../config/byte-size.js';
import { createLogger, type Logger, type LogLevel } from '../ops/logger.js';
import { durationOrZero } from './compaction-config.js';
import { COMPACTION_DEFAULTS, type CompactionOptions } from './compaction-options.js';
import { groupCommittedOffsets, type CommittedOffsets } from './committed-offsets.js';
import { compactLake, type CompactionSummary } from './lake-compactor.js';
import { LocalLakeStore } from './local-lake-store.js';
import type { S3LakeStore } from './s3-lake-store.js';
import type { PartitionCatalog } from './partition-catalog.js';
import { JsonLinesCodec, type RecordCodec } from './record-codec.js';

export interface RunCompactOptions {
  configPath: string;
  cwd: string;
  overrides?: IngestConfigOverrides;
  logLevel?: LogLevel;
  env?: Environment;
  /** command-line settings, as typed (`90m`, `64MiB`); they win over the config */
  lateness?: string;
  targetFileSize?: string;
  retention?: string;
  /** compact whatever is in the lake: for lakes no consumer group writes (`strata generate`) */
  assumeCommitted?: boolean;
}

/** Compact the lake of an ingest config once. */
export async function runCompact(options: RunCompactOptions): Promise<CompactionSummary> {
  const config = loadIngestConfig(options.configPath, {
    projectRoot: options.cwd,
    env: options.env,
    overrides: options.overrides,
  });
  const logger = createLogger(options.logLevel ?? 'info');
  return compactConfiguredLake(config, compactionOptions(config, options), logger, options.assumeCommitted ?? false);
}

/**
 * One pass over the lake of a loaded config: the store, the codec, the catalog when Glue
 * is enabled and, unless `assumeCommitted`, the group's committed offsets, opened for the
 * pass and closed after it.
 */
export async function compactConfiguredLake(
  config: IngestConfig,
  compaction: CompactionOptions,
  logger: Logger,
  assumeCommitted: boolean,
): Promise<CompactionSummary> {
  const store = await openLakeStore(config);
  const codec = await openCodec(config, compaction);
  const catalog = await openCatalog(config);
  let offsets: CommittedOffsets | undefined;
  try {
    if (!assumeCommitted) offsets = await committedOffsetsOrExplain(config, logger);
    const summary = await compactLake(config.topics, {
      store,
      codec,
      options: compaction,
      committed: offsets ? (topic) => (offsets as CommittedOffsets).committed(topic) : async () => 'all',
      ...(catalog ? { catalog } : {}),
      logger,
    });
    logger.info('compaction finished', { lake: store.url, ...summary });
    return summary;
  } finally {
    await Promise.allSettled([store.close(), codec.close(), catalog?.close(), offsets?.close()]);
  }
}

async function committedOffsetsOrExplain(config: IngestConfig, logger: Logger): Promise<CommittedOffsets> {
  try {
    return await groupCommittedOffsets(config, logger);
  } catch (error) {
    throw new StrataError(
      `Could not read the committed offsets of the consumer group '${config.kafka.groupId}' ` +
        `from ${config.kafka.brokers.join(',')}: ${(error as Error).message}`,
      {
        location: { file: config.file },
        hint:
          'Compaction merges only files whose offsets the group has committed: make Kafka reachable, ' +
          'or pass --assume-committed for a lake no consumer group writes (strata generate).',
        cause: error,
      },
    );
  }
}

/** The settings: command line, then the config's `compaction:` block, then the defaults. */
export function compactionOptions(config: IngestConfig, options: RunCompactOptions): CompactionOptions {
  const block = config.compaction;
  return {
    latenessMs: flagDuration('--lateness', options.lateness) ?? block.latenessMs ?? COMPACTION_DEFAULTS.latenessMs,
    targetFileBytes:
      flagSize('--target-file-size', options.targetFileSize) ??
      block.targetFileBytes ??
      COMPACTION_DEFAULTS.targetFileBytes,
    retentionMs: flagDuration('--retention', options.retention) ?? block.retentionMs ?? COMPACTION_DEFAULTS.retentionMs,
    gzipLevel: config.gzipLevel,
  };
}

function flagDuration(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = durationOrZero(value);
  if (ms === undefined) throw new StrataError(`${flag} must be a duration such as 90s, 30m or 2h, got '${value}'`);
  return ms;
}

function flagSize(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseByteSize(value);
  if (bytes === undefined || bytes <= 0) {
    throw new StrataError(`${flag} must be a size such as 64MiB or 128MiB, got '${value}'`);
  }
  return bytes;
}

/** The lake of `config`'s destination, local or on S3 (whose SDK is loaded only then). */
export async function openLakeStore(config: IngestConfig): Promise<LocalLakeStore | S3LakeStore> {
  const { url, endpoint, region } = config.destination;
  if (!url.startsWith('s3://')) return new LocalLakeStore(url);
  const { S3LakeStore: Store } = await import('./s3-lake-store.js');
  return new Store({ url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) });
}

async function openCodec(config: IngestConfig, options: CompactionOptions): Promise<RecordCodec> {
  if (config.format !== 'parquet') return new JsonLinesCodec(options.gzipLevel);
  const { ParquetCodec } = await import('./parquet-codec.js');
  return ParquetCodec.open();
}

async function openCatalog(config: IngestConfig): Promise<PartitionCatalog | undefined> {
  if (!config.glue.enabled) return undefined;
  const { GluePartitionCatalog } = await import('./glue-partition-catalog.js');
  const region = config.glue.region ?? config.destination.region;
  const endpoint = config.glue.endpoint ?? config.destination.endpoint;
  return new GluePartitionCatalog({
    database: config.glue.database,
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
}
