/**
 * Picks the destination and the catalog from the config. The local lake is built in;
 * the S3 destination and the Glue registrar are imported only when the config names
 * them, so a local run never loads the AWS SDKs.
 */
import type { Destination, PartitionRegistrar } from './destination.js';
import type { IngestConfig } from './config/ingest-config.js';
import { LocalDestination } from './destinations/local-destination.js';

/** The destination the config names: a local folder or `s3://bucket/prefix`. */
export async function createDestination(config: IngestConfig): Promise<Destination> {
  const { url, endpoint, region } = config.destination;
  if (!url.startsWith('s3://')) return new LocalDestination(url);
  const { createS3Destination } = await import('./destinations/s3-destination.js');
  return createS3Destination({ url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) });
}

/** The Glue registrar when `glue.enabled`, else undefined. */
export async function createRegistrar(config: IngestConfig, destination: Destination): Promise<PartitionRegistrar | undefined> {
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
