import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { FileEncoder } from '../../../../ingest/pipeline/file-encoder.js';
import { createParquetWriter } from '../../../../ingest/pipeline/parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-parquet-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Parquet Bronze files', () => {
  it('hold the Bronze columns with stable types, payload kept as a string, headers as a list', async () => {
    const writer = await createParquetWriter();
    const encoder = new FileEncoder('parquet', 6, writer);
    expect(encoder.extension).toBe('parquet');
    const file = encoder.newFile('orders/dt=2026-01-05/hour=10/orders+0+5.parquet', 5, false);
    const payloads = ['{"order_id":"o1","total":1.5}', '{"order_id":"o2","note":"it\'s \\"quoted\\""}'];
    const headers = [
      [],
      [
        { key: 'trace-id', value: 'abc', value_base64: null },
        { key: 'bin', value: null, value_base64: '/wA=' },
      ],
    ];
    payloads.forEach((payload, index) =>
      file.append(
        JSON.stringify({
          topic: 'orders',
          partition: 0,
          offset: 5 + index,
          kafka_timestamp: '2026-01-05T10:00:00.000Z',
          ingested_at: '2026-11-22T00:00:00.000Z',
          event_time_source: 'payload',
          payload,
          headers: headers[index],
        }),
      ),
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
      ['headers', 'STRUCT("key" VARCHAR, "value" VARCHAR, value_base64 VARCHAR)[]'],
    ]);
    const rows = (
      await connection.runAndReadAll(`SELECT "offset", payload, headers FROM read_parquet('${path}') ORDER BY "offset"`)
    ).getRowObjectsJS();
    expect(rows.map((row) => [Number(row.offset), row.payload, row.headers])).toEqual([
      [5, payloads[0], []],
      [6, payloads[1], headers[1]],
    ]);
    connection.closeSync();
    instance.closeSync();
  });

  it(
    'read back the last offset of a lake file, Parquet or gzip, ' + 'and encode a remainder in the same format',
    async () => {
      const writer = await createParquetWriter();
      const encoder = new FileEncoder('parquet', 6, writer);
      const line = (offset: number) =>
        JSON.stringify({
          topic: 't',
          partition: 0,
          offset,
          kafka_timestamp: null,
          ingested_at: 'x',
          event_time_source: 'kafka_timestamp',
          payload: `{"n":${offset}}`,
        });
      const file = encoder.newFile('t/dt=2026-01-05/hour=10/t+0+40.parquet', 40, false);
      for (const offset of [40, 42, 47]) file.append(line(offset));
      const encoded = await encoder.encode(file);
      expect(await encoder.lastOffset('t/dt=2026-01-05/hour=10/t+0+40.parquet', encoded.body)).toBe(47);
      expect((await encoded.lines()).toString()).toBe(`${[40, 42, 47].map(line).join('\n')}\n`);
      const remainder = await encoder.encodeLines(
        't/dt=2026-01-05/hour=10/t+0+48.parquet',
        Buffer.from(`${line(48)}\n${line(51)}\n`),
      );
      expect(await encoder.lastOffset('t/dt=2026-01-05/hour=10/t+0+48.parquet', remainder)).toBe(51);
      const rejected = encoder.newFile('rejected/t/dt=2026-01-05/hour=10/t+0+41.jsonl.gz', 41, true);
      rejected.append('{"reason":"schema","offset":41}');
      rejected.append('{"reason":"schema","offset":45}');
      expect(
        await encoder.lastOffset(
          'rejected/t/dt=2026-01-05/hour=10/t+0+41.jsonl.gz',
          (await encoder.encode(rejected)).body,
        ),
      ).toBe(45);
      await writer.close();
    },
  );

  it('keep their temporary folder apart per process, and remove those of processes that are gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const leftover = join(tmpdir(), `strata-parquet-${gone}-aB3dE9`);
    const alive = join(tmpdir(), `strata-parquet-${process.ppid}-fG7hJ1`);
    mkdirSync(leftover, { recursive: true });
    mkdirSync(alive, { recursive: true });
    writeFileSync(join(leftover, '0.jsonl'), 'half-written');
    try {
      const writer = await createParquetWriter();
      expect(existsSync(leftover)).toBe(false);
      expect(existsSync(alive)).toBe(true);
      const own = readdirSync(tmpdir()).filter((name) => name.startsWith(`strata-parquet-${process.pid}-`));
      expect(own).toHaveLength(1);
      await writer.close();
      expect(existsSync(join(tmpdir(), own[0] as string))).toBe(false);
    } finally {
      rmSync(leftover, { recursive: true, force: true });
      rmSync(alive, { recursive: true, force: true });
    }
  });
});
