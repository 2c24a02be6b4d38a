/**
 * A local Parquet lake of small ingester files in one closed hour, compacted once and read
 * back by DuckDB: the set-up the Parquet compaction tests share, whatever the files' layout
 * (payload string or typed columns).
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { COMPACTION_DEFAULTS } from '../../ingest/compaction/compaction-options.js';
import { compactLake, type CompactionSummary } from '../../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../../ingest/compaction/local-lake-store.js';
import { ParquetCodec } from '../../ingest/compaction/parquet-codec.js';
import { LocalDestination } from '../../ingest/destinations/local-destination.js';
import type { TypedSchema } from '../../ingest/formats/parquet-schema.js';
import { createParquetWriter } from '../../ingest/pipeline/parquet-writer.js';
import { createLogger } from '../../ingest/ops/logger.js';

/** The hour folder of topic `orders` every file lands in. */
export const PARQUET_HOUR = 'orders/dt=2026-01-05/hour=10';

/** One small file: `lines` (Bronze JSON lines) of a partition from its first offset, in a layout. */
export interface ParquetFile {
  partition: number;
  firstOffset: number;
  lines: string[];
  /** typed columns from this schema; the payload layout when absent */
  schema?: TypedSchema;
}

/** Land `files` as the ingester's Parquet encoder writes them; returns their paths. */
export async function landParquetFiles(root: string, files: ParquetFile[]): Promise<string[]> {
  const writer = await createParquetWriter();
  const destination = new LocalDestination(root);
  const paths: string[] = [];
  try {
    for (const file of files) {
      const path = `${PARQUET_HOUR}/orders+${file.partition}+${file.firstOffset}.parquet`;
      await destination.writeFile(path, await writer.encode(Buffer.from(`${file.lines.join('\n')}\n`), file.schema));
      paths.push(join(root, path));
    }
  } finally {
    await writer.close();
  }
  return paths;
}

/** Partitions 0 and 1, three files of ten records each, offsets 0-29: six files to merge into one. */
export function sixSmallFiles(
  file: (partition: number, firstOffset: number) => Omit<ParquetFile, 'partition' | 'firstOffset'>,
): ParquetFile[] {
  return [0, 1].flatMap((partition) =>
    [0, 10, 20].map((firstOffset) => ({ partition, firstOffset, ...file(partition, firstOffset) })),
  );
}

/** One compaction of topic `orders` with the default options, everything committed, the hour long closed. */
export async function compactParquetLake(root: string): Promise<CompactionSummary> {
  const codec = await ParquetCodec.open();
  try {
    return await compactLake([{ name: 'orders', table: 'bronze_orders' }], {
      store: new LocalLakeStore(root),
      codec,
      options: { ...COMPACTION_DEFAULTS, retentionMs: 0 },
      committed: async () => 'all',
      logger: createLogger('error'),
      now: () => Date.parse('2026-01-05T13:00:00Z'),
    });
  } finally {
    await codec.close();
  }
}

/** Rows of `sql` in DuckDB, `FILES` in it replaced by a read of `files` (columns united by name), as JSON values. */
export async function queryParquetFiles(files: string[], sql: string): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((file) => `'${file}'`).join(', ');
    const source = `read_parquet([${list}], union_by_name = true, hive_partitioning = false)`;
    return (await connection.runAndReadAll(sql.replace('FILES', source))).getRowObjectsJson() as Array<
      Record<string, unknown>
    >;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
