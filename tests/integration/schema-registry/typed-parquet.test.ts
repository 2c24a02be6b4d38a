/**
 * Typed Bronze Parquet files for a JSON Schema, an Avro and a Protobuf topic: records are
 * classified as the ingester does (Avro and Protobuf through the real Schema Registry the
 * services start), written by the ingester's FileEncoder with `parquet_layout: typed`, and
 * DuckDB reads the nested struct, list, timestamp and decimal columns without parsing JSON.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import type { TopicConfig } from '../../../ingest/config/ingest-config.js';
import { compileTopicSchema } from '../../../ingest/config/topic-schema.js';
import { avroType } from '../../../ingest/formats/avro-decoder.js';
import { messagePath, parseProto } from '../../../ingest/formats/protobuf-decoder.js';
import { topicDecoders } from '../../../ingest/formats/topic-decoders.js';
import { wireHeader, writeMessageIndexes } from '../../../ingest/formats/wire-format.js';
import { FileEncoder } from '../../../ingest/pipeline/file-encoder.js';
import { createParquetWriter } from '../../../ingest/pipeline/parquet-writer.js';
import { TypedSchemas } from '../../../ingest/pipeline/typed-schemas.js';
import { RecordClassifier } from '../../../ingest/records/record-classifier.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import { registerSchema } from '../../support/schema-registry.js';
import { avroOrderSchema, TYPED_ENVELOPE_DUCKDB_TYPES } from '../../support/typed-order-schemas.js';
import { topicConfig } from '../../unit/ingest/records/topic-config.js';

const KAFKA_TIME = Date.parse('2026-01-05T14:20:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'strata-typed-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JSON_SCHEMA = {
  type: 'object',
  required: ['order_id', 'event_time', 'total', 'items', 'shipping'],
  properties: {
    order_id: { type: 'string' },
    event_time: { type: 'string', format: 'date-time' },
    total: { type: 'number', multipleOf: 0.01 },
    items: { type: 'array', items: { $ref: '#/$defs/item' } },
    shipping: { type: 'object', properties: { country: { type: 'string' }, city: { type: ['string', 'null'] } } },
    note: true,
  },
  $defs: { item: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' } } } },
};

const AVRO_SCHEMA = avroOrderSchema({ city: true });

const PROTO_SCHEMA = `syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
message Order {
  message Item { string sku = 1; int32 quantity = 2; }
  message Shipping { string country = 1; optional string city = 2; }
  string order_id = 1;
  google.protobuf.Timestamp event_time = 2;
  int64 total_cents = 3;
  repeated Item items = 4;
  Shipping shipping = 5;
  google.protobuf.Int64Value points = 6;
  bytes signature = 7;
}
`;

/** What each file must hold, read back by DuckDB from its typed columns. */
const EXPECTED_ROW = {
  order_id: 'o1',
  event_time: '2026-01-05 09:15:00.123+00',
  first_sku: 'sku-1',
  quantity_sum: 5,
  country: 'FR',
  city: 'Paris',
};

function frame(id: number, body: Buffer, indexes?: number[]): Buffer {
  return Buffer.concat([wireHeader(id), ...(indexes ? [writeMessageIndexes(indexes)] : []), body]);
}

/** Classify `values` as the ingester does and write the Bronze lines as one typed Parquet file; its path. */
async function typedFile(topic: TopicConfig, url: string | undefined, values: Buffer[]): Promise<string> {
  const decoders = url ? topicDecoders({ topics: [topic], schemaRegistry: { url, onUnavailable: 'wait' } }) : new Map();
  const decoder = decoders.get(topic.name);
  await decoder?.prepare(values);
  const classifier = new RecordClassifier(topic, 1024 * 1024, decoder);
  const writer = await createParquetWriter();
  const schemas = new TypedSchemas([topic], decoders);
  const encoder = new FileEncoder('parquet', 6, writer, (name) => schemas.of(name));
  const path = `${topic.name}/dt=2026-01-05/hour=09/${topic.name}+0+0.parquet`;
  const file = encoder.newFile(path, 0, false);
  values.forEach((value, offset) => {
    const result = classifier.classify(
      { key: null, value, timestamp: String(KAFKA_TIME), offset: String(offset) },
      0,
      'x',
    );
    if (result.kind !== 'bronze') throw new Error(`record ${offset} rejected: ${result.line}`);
    file.append(result.line);
  });
  const { body } = await encoder.encode(file);
  await writer.close();
  const local = join(dir, `${topic.name}.parquet`);
  writeFileSync(local, body);
  return local;
}

async function read(path: string, sql: string): Promise<{ types: Record<string, string>; rows: unknown[] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  const types = Object.fromEntries(
    described.getRowObjectsJS().map((row) => [String(row.column_name), String(row.column_type)]),
  );
  const rows = (await connection.runAndReadAll(sql.replace('FILE', `read_parquet('${path}')`))).getRowObjectsJson();
  connection.closeSync();
  instance.closeSync();
  return { types, rows };
}

const ROW_SQL =
  'SELECT order_id, event_time::VARCHAR AS event_time, items[1].sku AS first_sku, ' +
  'list_sum(list_transform(items, item -> item.quantity))::INTEGER AS quantity_sum, ' +
  'shipping.country AS country, shipping.city AS city, "offset"::INTEGER AS "offset", topic FROM FILE';

describeWithService('schema-registry', 'Typed Parquet Bronze files', (service) => {
  const url = schemaRegistryUrl(service);
  const order = {
    order_id: 'o1',
    event_time: '2026-01-05T09:15:00.123Z',
    items: [
      { sku: 'sku-1', quantity: 2 },
      { sku: 'sku-2', quantity: 3 },
    ],
    shipping: { country: 'FR', city: 'Paris' },
  };

  it('JSON Schema topic: struct, list, timestamp and decimal columns beside the ingest metadata', async () => {
    const schemaFile = join(dir, 'orders.schema.json');
    writeFileSync(schemaFile, JSON.stringify(JSON_SCHEMA));
    const validate = compileTopicSchema(schemaFile, 'orders.schema.json');
    const topic = topicConfig({ name: 'orders_json', validate, schemaFile, parquetLayout: 'typed' });
    const value = Buffer.from(JSON.stringify({ ...order, total: 1234.5, note: { free: 'text' } }));
    const path = await typedFile(topic, undefined, [value]);
    const { types, rows } = await read(path, `${ROW_SQL.replace(' FROM', ', total, note FROM')}`);
    expect(types).toEqual({
      ...TYPED_ENVELOPE_DUCKDB_TYPES,
      order_id: 'VARCHAR',
      event_time: 'TIMESTAMP WITH TIME ZONE',
      total: 'DECIMAL(38,2)',
      items: 'STRUCT(sku VARCHAR, quantity BIGINT)[]',
      shipping: 'STRUCT(country VARCHAR, city VARCHAR)',
      note: 'VARCHAR',
    });
    expect(rows).toEqual([
      { ...EXPECTED_ROW, offset: 0, topic: 'orders_json', total: '1234.50', note: '{"free":"text"}' },
    ]);
  });

  it('Avro topic: the reader schema gives the columns, logical types as timestamps and decimals', async () => {
    const name = `orders_avro_${randomUUID().slice(0, 8)}`;
    const id = await registerSchema(url, `${name}-value`, AVRO_SCHEMA);
    const value = frame(id, avroType(JSON.stringify(AVRO_SCHEMA)).toBuffer({ ...order, total: '1234.50' }));
    const topic = topicConfig({
      name,
      format: 'avro',
      readerSchema: { subject: `${name}-value`, version: 'latest' },
      parquetLayout: 'typed',
    });
    const path = await typedFile(topic, url, [value]);
    const { types, rows } = await read(path, `${ROW_SQL.replace(' FROM', ', total FROM')}`);
    expect(types).toMatchObject({
      offset: 'BIGINT',
      order_id: 'VARCHAR',
      event_time: 'TIMESTAMP WITH TIME ZONE',
      total: 'DECIMAL(10,2)',
      items: 'STRUCT(sku VARCHAR, quantity INTEGER)[]',
      shipping: 'STRUCT(country VARCHAR, city VARCHAR)',
    });
    expect(types).not.toHaveProperty('payload');
    expect(rows).toEqual([{ ...EXPECTED_ROW, offset: 0, topic: name, total: '1234.50' }]);
  });

  it('Protobuf topic: messages as structs, repeated as lists, Timestamp and wrappers unwrapped', async () => {
    const name = `orders_proto_${randomUUID().slice(0, 8)}`;
    const id = await registerSchema(url, `${name}-value`, PROTO_SCHEMA, 'PROTOBUF');
    const file = parseProto(PROTO_SCHEMA);
    const type = file.root.lookupType('shop.Order');
    const message = type.fromObject({
      ...order,
      event_time: { seconds: Date.parse(order.event_time) / 1000 - 0.123, nanos: 123_000_000 },
      total_cents: 123450,
      points: { value: 7 },
      signature: Buffer.from('signed'),
    });
    const value = frame(id, Buffer.from(type.encode(message).finish()), messagePath(file, type));
    const topic = topicConfig({
      name,
      format: 'protobuf',
      readerSchema: { subject: `${name}-value`, version: 'latest' },
      parquetLayout: 'typed',
    });
    const path = await typedFile(topic, url, [value]);
    const sql = ROW_SQL.replace(' FROM', ', total_cents, points, decode(signature) AS signature FROM');
    const { types, rows } = await read(path, sql);
    expect(types).toMatchObject({
      event_time: 'TIMESTAMP WITH TIME ZONE',
      total_cents: 'BIGINT',
      items: 'STRUCT(sku VARCHAR, quantity INTEGER)[]',
      shipping: 'STRUCT(country VARCHAR, city VARCHAR)',
      points: 'BIGINT',
      signature: 'BLOB',
    });
    expect(rows).toEqual([
      { ...EXPECTED_ROW, offset: 0, topic: name, total_cents: '123450', points: '7', signature: 'signed' },
    ]);
  });
});
