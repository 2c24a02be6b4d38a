/**
 * Picks the destination and the catalog from the config. The local lake is built in;
 * S3 and Glue are loaded only when the config names them, so the SDKs stay unloaded
 * for a local run. Their modules are expected to export:
 *
 * - `./destinations/s3-destination.js`: `createS3Destination(options: S3DestinationOptions)`
 *   returning a {@link Destination} (or a promise of one);
 * - `./catalog/glue-registrar.js`: `createGlueRegistrar(options: GlueRegistrarOptions)`
 *   returning a {@link PartitionRegistrar} (or a promise of one).
 */
import type { Destination, PartitionRegistrar } from './destination.js';
import type { IngestConfig } from './config/ingest-config.js';
import { LocalDestination } from './destinations/local-destination.js';

export interface S3DestinationOptions {
  /** `s3://bucket/prefix` */
  url: string;
  endpoint?: string;
  region?: string;
}

export interface GlueTableSpec {
  table: string;
  /** where the table's partitions live: `<destination url>/<topic>` */
  location: string;
  format: 'jsonl' | 'parquet';
}

export interface GlueRegistrarOptions {
  database: string;
  createTable: boolean;
  tables: GlueTableSpec[];
  region?: string;
  endpoint?: string;
}

// Specifiers in variables: these modules are optional at build time and loaded on demand.
const S3_MODULE = './destinations/s3-destination.js';
const GLUE_MODULE = './catalog/glue-registrar.js';

/** The destination the config names: a local folder or S3. */
export async function createDestination(config: IngestConfig): Promise<Destination> {
  const { url, endpoint, region } = config.destination;
  if (!url.startsWith('s3://')) return new LocalDestination(url);
  const factory = await loadFactory<S3DestinationOptions, Destination>(S3_MODULE, 'createS3Destination');
  return factory({ url, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) });
}

/** The Glue registrar when `glue.enabled`, else undefined. */
export async function createRegistrar(config: IngestConfig, destination: Destination): Promise<PartitionRegistrar | undefined> {
  if (!config.glue.enabled) return undefined;
  const factory = await loadFactory<GlueRegistrarOptions, PartitionRegistrar>(GLUE_MODULE, 'createGlueRegistrar');
  const base = destination.url.replace(/\/+$/, '');
  const region = config.glue.region ?? config.destination.region;
  const endpoint = config.glue.endpoint ?? config.destination.endpoint;
  return factory({
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

async function loadFactory<Options, Result>(specifier: string, name: string): Promise<(options: Options) => Result | Promise<Result>> {
  const module = (await import(specifier)) as Record<string, unknown>;
  const factory = module[name];
  if (typeof factory !== 'function') throw new Error(`${specifier} does not export ${name}()`);
  return factory as (options: Options) => Result | Promise<Result>;
}
