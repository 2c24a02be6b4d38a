import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACTION_DEFAULTS } from '../../../../ingest/compaction/compaction-options.js';
import { compactLake } from '../../../../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import { ParquetCodec } from '../../../../ingest/compaction/parquet-codec.js';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { createParquetWriter } from '../../../../ingest/pipeline/parquet-writer.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { compactedTableFiles, lakeFileMatcher } from '../../../../src/compacted-lake/compacted-table-files.js';
import { bronzeLine, cleanup, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

/** The rows DuckDB reads from the resolved files, in order. */
async function rows(files: string[]): Promise<Array<Record<string, unknown>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((file) => `'${file}'`).join(', ');
    const reader = await connection.runAndReadAll(
      `select "partition", "offset", payload, headers::varchar as headers from read_parquet([${list}]) order by all`,
    );
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('compacting a Parquet lake', () => {
  it('writes Parquet generations with the ingester columns and the same rows', async () => {
    const root = tempLake(made);
    const writer = await createParquetWriter();
    const destination = new LocalDestination(root);
    const folder = 'orders/dt=2026-01-05/hour=10';
    for (const partition of [0, 1]) {
      for (let first = 0; first < 30; first += 10) {
        const lines = Array.from({ length: 10 }, (_, i) => bronzeLine('orders', partition, first + i));
        await destination.writeFile(
          `${folder}/orders+${partition}+${first}.parquet`,
          await writer.encode(Buffer.from(`${lines.join('\n')}\n`)),
        );
      }
    }
    await writer.close();
    const location = join(root, 'orders');
    const before = await rows(readdirSync(join(root, folder)).map((name) => join(root, folder, name)));
    expect(before).toHaveLength(60);

    const codec = await ParquetCodec.open();
    try {
      const summary = await compactLake([{ name: 'orders', table: 'bronze_orders' }], {
        store: new LocalLakeStore(root),
        codec,
        options: { ...COMPACTION_DEFAULTS, retentionMs: 0 },
        committed: async () => 'all',
        logger: createLogger('error'),
        now: () => Date.parse('2026-01-05T13:00:00Z'),
      });
      expect(summary).toMatchObject({ generations: 1, filesBefore: 6, filesAfter: 1 });
    } finally {
      await codec.close();
    }
    const files = compactedTableFiles(location, 2, lakeFileMatcher('parquet')) ?? [];
    expect(files).toEqual([join(root, folder, '_compacted/g000001/part-00000.parquet')]);
    expect(
      readFileSync(files[0] as string)
        .subarray(0, 4)
        .toString(),
    ).toBe('PAR1');
    expect(await rows(files)).toEqual(before);
  });
});
