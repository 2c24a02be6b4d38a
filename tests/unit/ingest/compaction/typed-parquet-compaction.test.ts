import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonSchemaFields } from '../../../../ingest/formats/parquet-schema-json.js';
import type { TypedSchema } from '../../../../ingest/formats/parquet-schema.js';
import { compactedTableFiles, lakeFileMatcher } from '../../../../src/compacted-lake/compacted-table-files.js';
import {
  compactParquetLake,
  landParquetFiles,
  PARQUET_HOUR,
  queryParquetFiles,
  sixSmallFiles,
} from '../../../support/parquet-compaction-lake.js';
import { TYPED_ENVELOPE_DUCKDB_TYPES } from '../../../support/typed-order-schemas.js';
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

const ROWS =
  'SELECT "partition", "offset", event_id, event_time::VARCHAR AS event_time, total::VARCHAR AS total, ' +
  'items::VARCHAR AS items, shipping.country AS country, shipping.city AS city, coupon FROM FILES ORDER BY ALL';

describe('compacting a typed Parquet lake', () => {
  it('keeps the typed columns, merging files of two schema versions into the union of their columns', async () => {
    const root = tempLake(made);
    const schemas: TypedSchema[] = [V1, V2].map((schema, index) => ({
      source: `v${index + 1}`,
      fields: jsonSchemaFields(schema),
    }));
    const inputs = await landParquetFiles(
      root,
      sixSmallFiles((partition, first) => {
        // Partition 0 moves to v2 after its first file; partition 1 stays on v1 until its last.
        const v2 = partition === 0 ? first >= 10 : first >= 20;
        return {
          lines: Array.from({ length: 10 }, (_, i) => typedLine(partition, first + i, v2)),
          schema: schemas[v2 ? 1 : 0],
        };
      }),
    );
    const before = await queryParquetFiles(inputs, ROWS);
    expect(before).toHaveLength(60);
    expect(before.filter((row) => row.coupon !== null)).toHaveLength(30);

    expect(await compactParquetLake(root)).toMatchObject({ generations: 1, filesBefore: 6, filesAfter: 1 });
    const files = compactedTableFiles(join(root, 'orders'), 2, lakeFileMatcher('parquet')) ?? [];
    expect(files).toEqual([join(root, PARQUET_HOUR, '_compacted/g000001/part-00000.parquet')]);
    const types = await queryParquetFiles(files, 'SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM FILES)');
    expect(Object.fromEntries(types.map((row) => [row.column_name, row.column_type]))).toEqual({
      ...TYPED_ENVELOPE_DUCKDB_TYPES,
      event_id: 'VARCHAR',
      event_time: 'TIMESTAMP WITH TIME ZONE',
      total: 'DECIMAL(38,2)',
      items: 'STRUCT(sku VARCHAR, quantity BIGINT)[]',
      shipping: 'STRUCT(country VARCHAR, city VARCHAR)',
      coupon: 'VARCHAR',
    });
    expect(await queryParquetFiles(files, ROWS)).toEqual(before);
  });

  it('refuses to merge typed files with files that keep the payload as a string', async () => {
    const root = tempLake(made);
    const typed: TypedSchema = { source: 'v1', fields: jsonSchemaFields(V1) };
    const lines = (first: number) => [typedLine(0, first, false), typedLine(0, first + 1, false)];
    await landParquetFiles(root, [
      { partition: 0, firstOffset: 0, lines: lines(0) },
      { partition: 0, firstOffset: 2, lines: lines(2), schema: typed },
    ]);
    await expect(compactParquetLake(root)).rejects.toThrow(/mix Parquet layouts/);
    expect(readdirSync(join(root, PARQUET_HOUR)).sort()).toEqual(['orders+0+0.parquet', 'orders+0+2.parquet']);
  });
});
