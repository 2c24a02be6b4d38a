import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalLakeStore } from '../../../../ingest/compaction/local-lake-store.js';
import type { IngestConfig, TopicConfig } from '../../../../ingest/config/ingest-config.js';
import { jsonSchemaFields } from '../../../../ingest/formats/parquet-schema-json.js';
import { parquetFooterLength, parquetTopLevelColumns } from '../../../../ingest/formats/parquet-footer.js';
import { createLogger } from '../../../../ingest/ops/logger.js';
import { FileEncoder } from '../../../../ingest/pipeline/file-encoder.js';
import { lakeParquetLayout, settleParquetLayouts } from '../../../../ingest/pipeline/lake-parquet-layout.js';
import { createParquetWriter } from '../../../../ingest/pipeline/parquet-writer.js';

const SCHEMA = {
  type: 'object',
  properties: {
    order_id: { type: 'string' },
    payload: { type: 'string' },
    customer: { type: 'object', properties: { id: { type: 'string' }, tier: { type: 'integer' } } },
    items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    placed_at: { type: 'string', format: 'date-time' },
  },
};

const line = (offset: number): string =>
  JSON.stringify({
    topic: 'orders',
    partition: 0,
    offset,
    kafka_timestamp: '2026-01-05T10:00:00.000Z',
    ingested_at: '2026-01-05T10:00:01.000Z',
    event_time_source: 'payload',
    payload: JSON.stringify({
      order_id: `o${offset}`,
      payload: 'x',
      customer: { id: 'c1', tier: 2 },
      items: [{ sku: 'a' }],
      tags: { k: 'v' },
      placed_at: '2026-01-05T10:00:00Z',
    }),
    headers: [],
  });

let payloadFile: Buffer;
let typedFile: Buffer;
const dirs: string[] = [];

beforeAll(async () => {
  const writer = await createParquetWriter();
  try {
    const body = Buffer.from(`${line(5)}\n${line(6)}\n`);
    payloadFile = await new FileEncoder('parquet', 6, writer).encodeLines('orders/x.parquet', body);
    const typed = { source: 'orders.schema.json', fields: jsonSchemaFields(SCHEMA) };
    typedFile = await new FileEncoder('parquet', 6, writer, () => typed).encodeLines('orders/x.parquet', body);
  } finally {
    await writer.close();
  }
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function lake(files: Record<string, Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'strata-layout-'));
  dirs.push(root);
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
  return root;
}

describe('Parquet footer', () => {
  it('gives the top-level columns DuckDB reads, nested structs, lists and maps skipped whole', async () => {
    const path = join(lake({ 'f.parquet': typedFile }), 'f.parquet');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRows();
    expect(parquetTopLevelColumns(typedFile)).toEqual(described.map((row) => String(row[0])));
    expect(parquetTopLevelColumns(typedFile)).toContain('customer');
    expect(parquetTopLevelColumns(payloadFile)).toEqual([
      'topic',
      'partition',
      'offset',
      'kafka_timestamp',
      'ingested_at',
      'event_time_source',
      'payload',
      'headers',
    ]);
  });

  it('reads the footer from the end of the file only', () => {
    const footer = parquetFooterLength(typedFile);
    expect(footer).toBeLessThan(typedFile.length);
    expect(parquetTopLevelColumns(typedFile.subarray(typedFile.length - footer))).toContain('items');
    expect(() => parquetTopLevelColumns(typedFile.subarray(typedFile.length - footer + 1))).toThrow(/needs the last/);
    expect(() => parquetTopLevelColumns(Buffer.from('{"not":"parquet"}'))).toThrow(/not a Parquet file/);
  });
});

describe('the layout a lake folder already has', () => {
  it('is none for an empty folder, else that of the newest hour holding Parquet files', async () => {
    expect(await lakeParquetLayout(new LocalLakeStore(lake({})), 'orders')).toBeUndefined();
    const older = 'orders/dt=2026-01-04/hour=23/orders+0+5.parquet';
    const newer = 'orders/dt=2026-01-05/hour=01/orders+0+9.parquet';
    expect(await lakeParquetLayout(new LocalLakeStore(lake({ [older]: payloadFile })), 'orders')).toEqual({
      layout: 'payload',
      file: older,
    });
    const switched = lake({
      [older]: payloadFile,
      [newer]: typedFile,
      'orders/dt=2026-01-05/hour=02/x.txt': typedFile,
    });
    expect(await lakeParquetLayout(new LocalLakeStore(switched), 'orders')).toEqual({ layout: 'typed', file: newer });
  });

  it('reads a compacted hour from its current generation, and a hour mixing layouts as payload', async () => {
    const hour = 'orders/dt=2026-01-05/hour=01';
    const compacted = lake({
      [`${hour}/_compacted/g000001/part-00000.parquet`]: typedFile,
      [`${hour}/_compacted/g000001/_manifest.json`]: Buffer.from('{}'),
      [`${hour}/_compacted/g000002/part-00000.parquet`]: payloadFile,
    });
    expect(await lakeParquetLayout(new LocalLakeStore(compacted), 'orders')).toEqual({
      layout: 'typed',
      file: `${hour}/_compacted/g000001/part-00000.parquet`,
    });
    const mixed = lake({ [`${hour}/orders+0+9.parquet`]: typedFile, [`${hour}/orders+1+3.parquet`]: payloadFile });
    expect((await lakeParquetLayout(new LocalLakeStore(mixed), 'orders'))?.layout).toBe('payload');
  });
});

describe('a footer larger than the first read', () => {
  it('is read again whole from the length the file ends with', async () => {
    const root = lake({});
    const hour = join(root, 'wide/dt=2026-01-05/hour=01');
    mkdirSync(hour, { recursive: true });
    const columns = Array.from({ length: 3_000 }, (_, i) => `${i} AS column_with_a_long_name_${i}`).join(', ');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`COPY (SELECT ${columns}) TO '${join(hour, 'wide+0+0.parquet')}' (FORMAT parquet)`);
    const store = new LocalLakeStore(root);
    const reads: number[] = [];
    const counted = {
      list: (folder: string) => store.list(folder),
      readTail: (path: string, bytes: number) => {
        reads.push(bytes);
        return store.readTail(path, bytes);
      },
    };
    expect(await lakeParquetLayout(counted, 'wide')).toEqual({
      layout: 'typed',
      file: 'wide/dt=2026-01-05/hour=01/wide+0+0.parquet',
    });
    expect(reads).toHaveLength(2);
    expect(reads[1]).toBeGreaterThan(reads[0]!);
  });
});

describe('settling the Parquet layouts of a config against its lake', () => {
  const topic = (name: string, origin: 'config' | 'default'): TopicConfig =>
    ({ name, format: 'json', parquetLayout: 'typed', parquetLayoutOrigin: origin }) as TopicConfig;
  const config = (topics: TopicConfig[]) =>
    ({ file: 'ingest/ingest.yml', format: 'parquet', topics }) as unknown as IngestConfig;
  const capture = () => {
    const logs: Array<Record<string, unknown>> = [];
    return { logs, logger: createLogger('info', (text) => logs.push(JSON.parse(text) as Record<string, unknown>)) };
  };
  const payloadLake = () =>
    new LocalLakeStore(
      lake({
        'orders/dt=2026-01-05/hour=01/orders+0+9.parquet': payloadFile,
        'users/dt=2026-01-05/hour=01/users+0+9.parquet': payloadFile,
      }),
    );

  it('keeps a default typed topic on the payload layout its lake has, and says once how to change it', async () => {
    const settled = config([topic('orders', 'default'), topic('clicks', 'default')]);
    const { logs, logger } = capture();
    await settleParquetLayouts(settled, payloadLake(), logger);
    expect(settled.topics.map((t) => t.parquetLayout)).toEqual(['payload', 'typed']);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'warn',
      msg: 'kept the Parquet layout the lake already has',
      topic: 'orders',
      layout: 'payload',
      file: 'orders/dt=2026-01-05/hour=01/orders+0+9.parquet',
      config: 'ingest/ingest.yml',
    });
    expect(String(logs[0]!.hint)).toMatch(/Set parquet_layout: payload in ingest\/ingest\.yml/);
  });

  it('leaves a layout the config names as it is, warning when it mixes layouts', async () => {
    const settled = config([topic('orders', 'config')]);
    const { logs, logger } = capture();
    await settleParquetLayouts(settled, payloadLake(), logger);
    expect(settled.topics[0]!.parquetLayout).toBe('typed');
    expect(logs).toEqual([
      expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/new files are typed/), topic: 'orders' }),
    ]);
  });
});
