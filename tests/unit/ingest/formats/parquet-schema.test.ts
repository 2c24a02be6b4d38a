import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { avroSchemaFields } from '../../../../ingest/formats/parquet-schema-avro.js';
import { jsonSchemaFields } from '../../../../ingest/formats/parquet-schema-json.js';
import { protobufSchemaFields } from '../../../../ingest/formats/parquet-schema-protobuf.js';
import { parseProto, TO_OBJECT } from '../../../../ingest/formats/protobuf-decoder.js';
import { duckdbType, glueType, type ParquetField } from '../../../../ingest/formats/parquet-schema.js';
import { createParquetWriter } from '../../../../ingest/pipeline/parquet-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-parquet-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const types = (fields: ParquetField[]) => Object.fromEntries(fields.map((f) => [f.name, duckdbType(f.type)]));
const glue = (fields: ParquetField[]) => Object.fromEntries(fields.map((f) => [f.name, glueType(f.type)]));

describe('typed Parquet columns from a JSON Schema', () => {
  it('maps types, formats, nullable unions, local $refs and maps; keeps the JSON text of the rest', () => {
    const fields = jsonSchemaFields({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        price: { type: 'number' },
        amount: { type: ['number', 'null'], multipleOf: 0.001 },
        at: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        kind: { enum: ['a', 'b'] },
        flag: { const: true },
        tags: { type: 'array', items: { type: 'string' } },
        counts: { type: 'object', additionalProperties: { type: 'integer' } },
        node: { $ref: '#/$defs/node' },
        anything: true,
        either: { type: ['string', 'integer'] },
      },
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
    });
    expect(types(fields)).toEqual({
      id: 'BIGINT',
      price: 'DOUBLE',
      amount: 'DECIMAL(38,3)',
      at: 'TIMESTAMPTZ',
      day: 'DATE',
      kind: 'VARCHAR',
      flag: 'BOOLEAN',
      tags: 'VARCHAR[]',
      counts: 'MAP(VARCHAR, BIGINT)',
      // A schema that contains itself keeps its JSON text where it recurs.
      node: 'STRUCT("name" VARCHAR, "child" VARCHAR)',
      anything: 'VARCHAR',
      either: 'VARCHAR',
    });
    expect(glue(fields)).toMatchObject({
      amount: 'decimal(38,3)',
      at: 'timestamp',
      counts: 'map<string,bigint>',
      node: 'struct<name:string,child:string>',
    });
  });

  it('refuses a schema that does not describe an object', () => {
    expect(() => jsonSchemaFields({ type: 'array' })).toThrow(/object with "properties"/);
  });
});

describe('typed Parquet columns from an Avro schema', () => {
  it('maps records, arrays, maps, enums, logical types, bytes and unions', () => {
    const fields = avroSchemaFields(
      JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [
          { name: 'i', type: 'int' },
          { name: 'l', type: 'long' },
          { name: 'f', type: 'float' },
          { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
          { name: 'd', type: { type: 'int', logicalType: 'date' } },
          {
            name: 'money',
            type: { type: 'fixed', name: 'M', size: 8, logicalType: 'decimal', precision: 18, scale: 4 },
          },
          { name: 'huge', type: { type: 'bytes', logicalType: 'decimal', precision: 60, scale: 2 } },
          { name: 'raw', type: 'bytes' },
          { name: 'e', type: { type: 'enum', name: 'E', symbols: ['A', 'B'] } },
          { name: 'm', type: { type: 'map', values: 'double' } },
          { name: 'maybe', type: ['null', 'long'] },
          { name: 'mixed', type: ['null', 'string', 'long'] },
          { name: 'next', type: ['null', 'R'] },
        ],
      }),
    );
    expect(types(fields)).toEqual({
      i: 'INTEGER',
      l: 'BIGINT',
      f: 'FLOAT',
      ts: 'TIMESTAMPTZ',
      d: 'DATE',
      money: 'DECIMAL(18,4)',
      huge: 'VARCHAR',
      raw: 'BLOB',
      e: 'VARCHAR',
      m: 'MAP(VARCHAR, DOUBLE)',
      maybe: 'BIGINT',
      mixed: 'VARCHAR',
      next: 'VARCHAR',
    });
    expect(glue(fields)).toMatchObject({ money: 'decimal(18,4)', raw: 'binary', ts: 'timestamp' });
  });
});

const PROTO = `syntax = "proto3";
package t;
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
message Event {
  enum Kind { UNKNOWN = 0; CLICK = 1; }
  message Hop { string at_host = 1; google.protobuf.Timestamp at = 2; }
  uint64 big = 1;
  sint32 small = 2;
  Kind kind = 3;
  repeated Hop hops = 4;
  map<string, google.protobuf.Timestamp> seen = 5;
  google.protobuf.StringValue label = 6;
  google.protobuf.Struct extra = 7;
  bytes blob = 8;
  Event parent = 9;
}
`;

describe('typed Parquet columns from a Protobuf schema', () => {
  it('maps messages, repeated and map fields, enums, well-known types and recursion', () => {
    const fields = protobufSchemaFields(PROTO);
    expect(types(fields)).toEqual({
      big: 'DECIMAL(20,0)',
      small: 'INTEGER',
      kind: 'VARCHAR',
      hops: 'STRUCT("at_host" VARCHAR, "at" TIMESTAMPTZ)[]',
      seen: 'MAP(VARCHAR, TIMESTAMPTZ)',
      label: 'VARCHAR',
      extra: 'VARCHAR',
      blob: 'BLOB',
      parent: 'VARCHAR',
    });
  });

  it('converts Timestamps inside lists, structs and maps when a file is written', async () => {
    const type = parseProto(PROTO).root.lookupType('t.Event');
    const seconds = Date.parse('2026-01-05T10:00:00Z') / 1000;
    const message = type.fromObject({
      big: '18446744073709551615',
      kind: 'CLICK',
      hops: [{ at_host: 'a', at: { seconds, nanos: 5_000_000 } }, { at_host: 'b' }],
      seen: { x: { seconds: seconds + 60 } },
      label: { value: 'hello' },
      blob: Buffer.from([0, 255]),
    });
    const payload = JSON.stringify(type.toObject(type.decode(type.encode(message).finish()), TO_OBJECT));
    const line = JSON.stringify({
      topic: 't',
      partition: 0,
      offset: 3,
      kafka_timestamp: '2026-01-05T10:00:00.000Z',
      ingested_at: '2026-01-05T10:00:01.000Z',
      event_time_source: 'kafka',
      payload,
      headers: [],
    });
    const writer = await createParquetWriter();
    const body = await writer.encode(Buffer.from(`${line}\n`), { source: 'test', fields: protobufSchemaFields(PROTO) });
    await writer.close();
    const path = join(dir, 'event.parquet');
    writeFileSync(path, body);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const rows = await connection.runAndReadAll(
      `SELECT big::VARCHAR AS big, kind, hops[1].at::VARCHAR AS first_hop, hops[2].at AS second_hop, ` +
        `seen['x']::VARCHAR AS seen_x, label, hex(blob) AS blob, parent FROM read_parquet('${path}')`,
    );
    expect(rows.getRowObjectsJson()).toEqual([
      {
        big: '18446744073709551615',
        kind: 'CLICK',
        first_hop: '2026-01-05 10:00:00.005+00',
        second_hop: null,
        seen_x: '2026-01-05 10:01:00+00',
        label: 'hello',
        blob: '00FF',
        parent: null,
      },
    ]);
    connection.closeSync();
    instance.closeSync();
  });
});
