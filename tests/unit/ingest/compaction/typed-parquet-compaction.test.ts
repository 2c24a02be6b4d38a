import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPACTION_DEFAULTS } from '../../../../ingest/compaction/compaction-options.js';
import { compactLake } from '../../../../ingest/compaction/lake-compactor.js';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import { ParquetCodec } from '../../../../ingest/compaction/parquet-codec.js';
import { LocalDestination } from '../../../../ingest/destinations/local-destination.js';
import { jsonSchemaFields } from '../../../../ingest/formats/parquet-schema-json.js';
import type { TypedSchema } from '../../../../ingest/formats/parquet-schema.js';
import { createParquetWriter } from '../../../../ingest/pipeline/parquet-writer.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { compactedTableFiles, lakeFileMatcher } from '../../../../src/compacted-lake/compacted-table-files.js';
import { cleanup, tempLake } from './small-file-lake.js';

const made: string[] = [];
afterEach(() => cleanup(made));

const ITEM = { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' } } };
const V1 = {
  type: 'object',
  properties: {
    event_id: { type: 'string' },
    event_time: { type: 'string', format: 'date-time' },
    total: { type: 'number', multipleOf: 0.01 },
    items: { type: 'array', items: ITEM },
    shipping: { type: 'object', properties: { country: { type: 'string' } } },
  },
};
/** v2: a new optional field, and a new field in a nested record (compatible evolution). */
const V2 = {
  ...V1,
  properties: {
    ...V1.properties,
    shipping: { type: 'object', properties: { country: { type: 'string' }, city: { type: 'string' } } },
    coupon: { type: ['string', 'null'] },
  },
};

function typedLine(partition: number, offset: number, v2: boolean): string {
  const payload = {
    event_id: `${partition}-${offset}`,
    event_time: `2026-01-05T10:${String(offset).padStart(2, '0')}:00.250Z`,
    total: 10 + offset / 100,
    items: [{ sku: `sku-${offset}`, quantity: offset + 1 }],
    shipping: v2 ? { country: 'FR', city: 'Lyon' } : { country: 'FR' },
    ...(v2 ? { coupon: `C${offset}` } : {}),
  };
  return JSON.stringify({
    topic: 'orders',
    partition,
    offset,
    kafka_timestamp: '2026-01-05T10:00:00.000Z',
    ingested_at: '2026-01-05T10:00:01.000Z',
    event_time_source: 'payload',
    payload: JSON.stringify(payload),
    headers: [],
  });
}

async function query(files: string[], sql: string): Promise<Array<Record<string, unknown>>> {
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

const ROWS =
  'SELECT "partition", "offset", event_id, event_time::VARCHAR AS event_time, total::VARCHAR AS total, ' +
  'items::VARCHAR AS items, shipping.country AS country, shipping.city AS city, coupon FROM FILES ORDER BY ALL';

describe('compacting a typed Parquet lake', () => {
  it('keeps the typed columns, merging files of two schema versions into the union of their columns', async () => {
    const root = tempLake(made);
    const writer = await createParquetWriter();
    const destination = new LocalDestination(root);
    const folder = 'orders/dt=2026-01-05/hour=10';
    const schemas: TypedSchema[] = [V1, V2].map((schema, index) => ({
      source: `v${index + 1}`,
      fields: jsonSchemaFields(schema),
    }));
    for (const partition of [0, 1]) {
      for (let first = 0; first < 30; first += 10) {
        // Partition 0 moves to v2 after its first file; partition 1 stays on v1 until its last.
        const v2 = partition === 0 ? first >= 10 : first >= 20;
        const lines = Array.from({ length: 10 }, (_, i) => typedLine(partition, first + i, v2));
        await destination.writeFile(
          `${folder}/orders+${partition}+${first}.parquet`,
          await writer.encode(Buffer.from(`${lines.join('\n')}\n`), schemas[v2 ? 1 : 0]),
        );
      }
    }
    await writer.close();
    const inputs = readdirSync(join(root, folder)).map((name) => join(root, folder, name));
    const before = await query(inputs, ROWS);
    expect(before).toHaveLength(60);
    expect(before.filter((row) => row.coupon !== null)).toHaveLength(30);

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
    const files = compactedTableFiles(join(root, 'orders'), 2, lakeFileMatcher('parquet')) ?? [];
    expect(files).toEqual([join(root, folder, '_compacted/g000001/part-00000.parquet')]);
    const types = await query(files, 'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM FILES)');
    expect(Object.fromEntries(types.map((row) => [row.column_name, row.column_type]))).toEqual({
      topic: 'VARCHAR',
      partition: 'INTEGER',
      offset: 'BIGINT',
      kafka_timestamp: 'VARCHAR',
      ingested_at: 'VARCHAR',
      event_time_source: 'VARCHAR',
      headers: 'STRUCT("key" VARCHAR, "value" VARCHAR, value_base64 VARCHAR)[]',
      event_id: 'VARCHAR',
      event_time: 'TIMESTAMP WITH TIME ZONE',
      total: 'DECIMAL(38,2)',
      items: 'STRUCT(sku VARCHAR, quantity BIGINT)[]',
      shipping: 'STRUCT(country VARCHAR, city VARCHAR)',
      coupon: 'VARCHAR',
    });
    expect(await query(files, ROWS)).toEqual(before);
  });

  it('refuses to merge typed files with files that keep the payload as a string', async () => {
    const root = tempLake(made);
    const writer = await createParquetWriter();
    const destination = new LocalDestination(root);
    const folder = 'orders/dt=2026-01-05/hour=10';
    const typed: TypedSchema = { source: 'v1', fields: jsonSchemaFields(V1) };
    const lines = (first: number) => Buffer.from(`${typedLine(0, first, false)}\n${typedLine(0, first + 1, false)}\n`);
    await destination.writeFile(`${folder}/orders+0+0.parquet`, await writer.encode(lines(0)));
    await destination.writeFile(`${folder}/orders+0+2.parquet`, await writer.encode(lines(2), typed));
    await writer.close();
    const codec = await ParquetCodec.open();
    try {
      const run = compactLake([{ name: 'orders', table: 'bronze_orders' }], {
        store: new LocalLakeStore(root),
        codec,
        options: { ...COMPACTION_DEFAULTS, retentionMs: 0 },
        committed: async () => 'all',
        logger: createLogger('error'),
        now: () => Date.parse('2026-01-05T13:00:00Z'),
      });
      await expect(run).rejects.toThrow(/mix Parquet layouts/);
    } finally {
      await codec.close();
    }
    expect(readdirSync(join(root, folder)).sort()).toEqual(['orders+0+0.parquet', 'orders+0+2.parquet']);
  });
});
