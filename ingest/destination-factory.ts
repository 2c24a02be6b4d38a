/**
 * Picks the destination and the catalog from the config. The local lake is built in;
 * the S3 destination and the Glue registrar are imported only when the config names
 * them, so a local run never loads the AWS SDKs.
 */
import type { Destination, PartitionRegistrar } from './destination.js';
import type { IngestConfig } from './config/ingest-config.js';
import { LocalDestination } from './destinations/local-destination.js';
import type { Logger } from './ops/logger.js';

/**
 * The destination the config names, a local folder or `s3://bucket/prefix`, cleared of
 * what interrupted writes of earlier runs left under the config's topics: temporary files,
 * incomplete multipart uploads. Only what was started more than a session timeout ago
 * (or, locally, by a process of this host that is gone): a writer silent that long has
 * lost its partitions, so nothing a live owner still needs is removed.
 */
export async function createDestination(config: IngestConfig, logger?: Logger): Promise<Destination> {
  const destination = await openDestination(config);
  const topics = config.topics.map((topic) => topic.name);
  try {
    const removed = await destination.removeLeftovers(topics, Date.now() - config.kafka.sessionTimeoutMs);
    if (removed.length > 0)
      logger?.info('removed what interrupted writes left', {
        destination: destination.url,
        count: removed.length,
        removed: removed.slice(0, 20),
      });
  } catch (error) {
    logger?.warn(
      'could not look for what interrupted writes left; they stay until removed by hand or by a lifecycle rule',
      { destination: destination.url, error },
    );
  }
  return destination;
}

async function openDestination(config: IngestConfig): Promise<Destination> {
  const { url, endpoint, region } = config.destination;
  if (!url.startsWith('s3://')) return new LocalDestination(url);
  const { createS3Destination } = await import('./destinations/s3-destination.js');
  return createS3Destination({ url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) });
}

/** The Glue registrar when `glue.enabled`, else undefined. */
export async function createRegistrar(
  config: IngestConfig,
  destination: Destination,
): Promise<PartitionRegistrar | undefined> {
  if (!config.glue.enabled) return undefined;
  const { createGlueRegistrar } = await import('./catalog/glue-registrar.js');
  const base = destination.url.replace(/\/+$/, '');
  const region = config.glue.region ?? config.destination.region;
  const endpoint = config.glue.endpoint ?? config.destination.endpoint;
  return createGlueRegistrar({
    database: config.glue.database,
    createTable: config.glue.createTable,
    tables: config.topics.map((topic) => ({
      table: topic.table,
      location: `${base}/${topic.name}/`,
      format: config.format === 'parquet' ? 'parquet' : 'jsonl',
    })),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
}
