import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { FileEncoder } from '../../../ingest/pipeline/file-encoder.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-parquet-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet Bronze files', () => {
  it('hold the Bronze columns with stable types, payload kept as a string', async () => {
    const writer = await createParquetWriter();
    const encoder = new FileEncoder('parquet', 6, writer);
    expect(encoder.extension).toBe('parquet');
    const file = encoder.newFile('orders/dt=2026-01-05/hour=10/orders+0+5.parquet', 5, false);
    const payloads = ['{"order_id":"o1","total":1.5}', '{"order_id":"o2","note":"it\'s \\"quoted\\""}'];
    payloads.forEach((payload, index) =>
      file.append(JSON.stringify({ topic: 'orders', partition: 0, offset: 5 + index, kafka_timestamp: '2026-01-05T10:00:00.000Z', ingested_at: '2026-11-22T00:00:00.000Z', event_time_source: 'payload', payload })),
    );
    const { body } = await encoder.encode(file);
    expect(body.subarray(0, 4).toString()).toBe('PAR1');
    const path = join(dir, 'orders+0+5.parquet');
    writeFileSync(path, body);
    // Rejected records stay gzip JSON lines.
    const rejected = encoder.newFile('rejected/orders/dt=2026-01-05/hour=10/orders+0+7.jsonl.gz', 7, true);
    rejected.append('{"reason":"schema"}');
    expect((await encoder.encode(rejected)).body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await writer.close();

    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const types = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJS();
    expect(types.map((row) => [row.column_name, row.column_type])).toEqual([
      ['topic', 'VARCHAR'],
      ['partition', 'INTEGER'],
      ['offset', 'BIGINT'],
      ['kafka_timestamp', 'VARCHAR'],
      ['ingested_at', 'VARCHAR'],
      ['event_time_source', 'VARCHAR'],
      ['payload', 'VARCHAR'],
    ]);
    const rows = (await connection.runAndReadAll(`SELECT "offset", payload FROM read_parquet('${path}') ORDER BY "offset"`)).getRowObjectsJS();
    expect(rows.map((row) => [Number(row.offset), row.payload])).toEqual([
      [5, payloads[0]],
      [6, payloads[1]],
    ]);
    connection.closeSync();
    instance.closeSync();
  });
});
