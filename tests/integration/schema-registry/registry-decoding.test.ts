/**
 * Avro and Protobuf records in Confluent's wire format, decoded through the real Schema
 * Registry the services start (Apicurio Registry's Confluent API): schema evolution to the
 * reader schema, logical types, and the malformed corpus (truncated Avro, unknown schema
 * id, wrong magic byte, Protobuf with fields the schema does not know, the registry
 * unreachable).
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { TopicConfig } from '../../../ingest/config/ingest-config.js';
import { avroType } from '../../../ingest/formats/avro-decoder.js';
import { messagePath, parseProto } from '../../../ingest/formats/protobuf-decoder.js';
import { RegistryUnavailableError } from '../../../ingest/formats/registry-client.js';
import { topicDecoders } from '../../../ingest/formats/topic-decoders.js';
import { wireHeader, writeMessageIndexes } from '../../../ingest/formats/wire-format.js';
import { RecordClassifier } from '../../../ingest/records/record-classifier.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import { registerSchema, setCompatibility } from '../../support/schema-registry.js';
import { topicConfig } from '../../unit/ingest/records/topic-config.js';

const ORDER_V1 = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'order_id', type: 'string' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'quantity', type: 'int' },
  ],
};
/** v2 adds fields with defaults: compatible both ways (v1 readers skip them, v2 readers default them). */
const ORDER_V2 = {
  ...ORDER_V1,
  fields: [
    ...ORDER_V1.fields,
    { name: 'coupon', type: ['null', 'string'], default: null },
    { name: 'placed_on', type: { type: 'int', logicalType: 'date' }, default: 0 },
  ],
};
const KAFKA_TIME = Date.parse('2026-01-05T14:20:00.000Z');

function frame(id: number, body: Buffer, indexes?: number[]): Buffer {
  return Buffer.concat([wireHeader(id), ...(indexes ? [writeMessageIndexes(indexes)] : []), body]);
}

function topic(name: string, format: 'avro' | 'protobuf', version: number | 'latest' = 'latest'): TopicConfig {
  return topicConfig({ name, format, readerSchema: { subject: `${name}-value`, version } });
}

describeWithService('schema-registry', 'Schema Registry formats', (service) => {
  const url = schemaRegistryUrl(service);

  async function classifyAll(config: TopicConfig, values: Buffer[], onUnavailable: 'wait' | 'reject' = 'wait') {
    const decoders = topicDecoders({ topics: [config], schemaRegistry: { url, onUnavailable } });
    const decoder = decoders.get(config.name)!;
    await decoder.prepare(values);
    const classifier = new RecordClassifier(config, 1024 * 1024, decoder);
    return values.map((value, offset) =>
      classifier.classify({ key: null, value, timestamp: String(KAFKA_TIME), offset: String(offset) }, 0, 'x'),
    );
  }

  it('resolves Avro records of an older and a newer schema to the reader schema, logical types as JSON', async () => {
    const name = `orders_${randomUUID().slice(0, 8)}`;
    const v1 = await registerSchema(url, `${name}-value`, ORDER_V1);
    const v2 = await registerSchema(url, `${name}-value`, ORDER_V2);
    const old = avroType(JSON.stringify(ORDER_V1));
    const current = avroType(JSON.stringify(ORDER_V2));
    const record = { order_id: 'o1', event_time: '2026-01-05T09:15:00.123Z', total: '1234.50', quantity: 3 };
    const values = [
      frame(v1, old.toBuffer(record)),
      frame(v2, current.toBuffer({ ...record, coupon: 'SPRING', placed_on: '2026-01-05' })),
    ];
    // Reader pinned to version 1: the newer record is read as v1 (its extra fields dropped).
    const [oldAsV1, newAsV1] = await classifyAll(topic(name, 'avro', 1), values);
    // Reader = latest (v2): the older record gets v2's defaults.
    const [oldAsV2, newAsV2] = await classifyAll(topic(name, 'avro'), values);
    const payload = (line: string) => JSON.parse(JSON.parse(line).payload) as Record<string, unknown>;
    expect(oldAsV1?.kind).toBe('bronze');
    expect(payload(oldAsV1!.line)).toEqual(record);
    expect(payload(newAsV1!.line)).toEqual(record);
    expect(payload(oldAsV2!.line)).toEqual({ ...record, coupon: null, placed_on: '1970-01-01' });
    expect(payload(newAsV2!.line)).toEqual({ ...record, coupon: 'SPRING', placed_on: '2026-01-05' });
    // The event time comes from the decoded timestamp-millis.
    expect(newAsV2!.part).toEqual({ dt: '2026-01-05', hour: '09' });
  });

  it('rejects an Avro record whose writer schema cannot be read as the reader schema, with the reason', async () => {
    const name = `orders_${randomUUID().slice(0, 8)}`;
    const subject = `${name}-value`;
    const reader = await registerSchema(url, subject, ORDER_V1);
    await setCompatibility(url, subject, 'NONE');
    const incompatible = { ...ORDER_V1, fields: [{ name: 'order_id', type: 'int' }] };
    const writer = await registerSchema(url, subject, incompatible);
    const [result] = await classifyAll(topic(name, 'avro', 1), [
      frame(writer, avroType(JSON.stringify(incompatible)).toBuffer({ order_id: 7 })),
    ]);
    expect(reader).not.toBe(writer);
    expect(result?.kind).toBe('rejected');
    expect(result?.kind === 'rejected' && result.reason).toBe('schema_incompatible');
    expect(JSON.parse(result!.line).detail).toMatch(new RegExp(`schema id ${writer}`));
  });

  it('rejects the malformed Avro corpus, each record with its reason and its original bytes', async () => {
    const name = `orders_${randomUUID().slice(0, 8)}`;
    const id = await registerSchema(url, `${name}-value`, ORDER_V1);
    const good = avroType(JSON.stringify(ORDER_V1)).toBuffer({
      order_id: 'o1',
      event_time: '2026-01-05T09:15:00.000Z',
      total: '1.00',
      quantity: 1,
    });
    const corpus: Array<[Buffer, string]> = [
      [frame(id, good.subarray(0, good.length - 3)), 'not_decodable'], // truncated
      [frame(id, Buffer.concat([good, Buffer.from([1, 2])])), 'not_decodable'], // trailing bytes
      [frame(999_999, good), 'unknown_schema'],
      [Buffer.concat([Buffer.from([1]), frame(id, good).subarray(1)]), 'wire_format'], // wrong magic byte
      [Buffer.from('{"order_id":"o1"}'), 'wire_format'], // JSON on an Avro topic
      [Buffer.from([0, 0, 0]), 'wire_format'], // shorter than the header
    ];
    const results = await classifyAll(
      topic(name, 'avro'),
      corpus.map(([value]) => value),
    );
    expect(results.map((result) => (result.kind === 'rejected' ? result.reason : 'bronze'))).toEqual(
      corpus.map(([, reason]) => reason),
    );
    for (const [index, result] of results.entries()) {
      expect(JSON.parse(result.line).original_base64).toBe(corpus[index]![0].toString('base64'));
    }
  });

  it('decodes Protobuf by message index, dropping fields the schema does not know', async () => {
    const name = `orders_${randomUUID().slice(0, 8)}`;
    const proto = `syntax = "proto3";
package shop;
message Meta { string source = 1; }
message Order {
  string order_id = 1;
  string event_time = 2;
  int64 amount_cents = 3;
  enum Status { PLACED = 0; PAID = 1; }
  Status status = 4;
  message Item { string product_id = 1; int32 quantity = 2; }
  repeated Item items = 5;
}`;
    const id = await registerSchema(url, `${name}-value`, proto, 'PROTOBUF');
    // A producer with a newer schema: field 9 is unknown to the registered one.
    const newer = parseProto(proto.replace('repeated Item items = 5;', 'repeated Item items = 5;\n  string note = 9;'));
    const order = newer.root.lookupType('shop.Order');
    const message = order.fromObject({
      order_id: 'o1',
      event_time: '2026-01-05T09:15:00Z',
      amount_cents: 2399,
      status: 'PAID',
      items: [{ product_id: 'P1', quantity: 2 }],
      note: 'leave at the door',
    });
    const body = Buffer.from(order.encode(message).finish());
    const meta = newer.root.lookupType('shop.Meta');
    const values = [
      frame(id, body, messagePath(newer, order)),
      frame(id, Buffer.from(meta.encode(meta.fromObject({ source: 'web' })).finish()), [0]),
      frame(id, body.subarray(0, body.length - 4), messagePath(newer, order)), // truncated
      frame(id, body, [7]), // a message index the schema does not have
    ];
    const results = await classifyAll(topic(name, 'protobuf'), values);
    expect(messagePath(newer, order)).toEqual([1]);
    expect(results[0]?.kind).toBe('bronze');
    expect(JSON.parse(JSON.parse(results[0]!.line).payload)).toEqual({
      order_id: 'o1',
      event_time: '2026-01-05T09:15:00Z',
      amount_cents: '2399',
      status: 'PAID',
      items: [{ product_id: 'P1', quantity: 2 }],
    });
    expect(results[0]!.part).toEqual({ dt: '2026-01-05', hour: '09' });
    expect(JSON.parse(JSON.parse(results[1]!.line).payload)).toEqual({ source: 'web' });
    expect(results.slice(2).map((result) => result.kind === 'rejected' && result.reason)).toEqual([
      'not_decodable',
      'schema_incompatible',
    ]);
  });

  it('lands a Protobuf google.protobuf.Timestamp as an RFC 3339 string and reads the event time from it', async () => {
    const name = `visits_${randomUUID().slice(0, 8)}`;
    const proto = `syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";
message Visit {
  string visit_id = 1;
  google.protobuf.Timestamp event_time = 2;
  google.protobuf.StringValue referrer = 3;
}`;
    const id = await registerSchema(url, `${name}-value`, proto, 'PROTOBUF');
    const type = parseProto(proto).messages[0]!;
    const body = type
      .encode(type.fromObject({ visit_id: 'v1', event_time: { seconds: 1_767_604_500, nanos: 250_000_000 } }))
      .finish();
    const [result] = await classifyAll(topic(name, 'protobuf'), [frame(id, Buffer.from(body), [0])]);
    expect(result?.kind).toBe('bronze');
    expect(JSON.parse(JSON.parse(result!.line).payload)).toEqual({
      visit_id: 'v1',
      event_time: '2026-01-05T09:15:00.250Z',
      referrer: null,
    });
    expect(result!.part).toEqual({ dt: '2026-01-05', hour: '09' });
  });

  it('decodes JSON Schema records in the wire format by their registered schema, plain JSON beside them', async () => {
    const name = `orders_${randomUUID().slice(0, 8)}`;
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Order',
      type: 'object',
      properties: { order_id: { type: 'string' }, event_time: { type: 'string' }, quantity: { type: 'integer' } },
      required: ['order_id', 'event_time'],
    };
    const id = await registerSchema(url, `${name}-value`, schema, 'JSON');
    const text = '{"order_id":"o1", "event_time":"2026-01-05T09:15:00Z","quantity":2}';
    const corpus: Array<[Buffer, string]> = [
      [frame(id, Buffer.from(text)), 'bronze'],
      [frame(id, Buffer.from('{"order_id":"o2","event_time":"2026-01-05T09:15:00Z","quantity":"x"}')), 'schema'],
      [frame(id, Buffer.from('{"order_id":')), 'not_json'],
      [frame(999_999, Buffer.from(text)), 'unknown_schema'],
      [Buffer.from(text), 'bronze'], // plain JSON text: the topic's own rules (none here) apply
    ];
    const results = await classifyAll(
      topicConfig({ name, format: 'json-schema' }),
      corpus.map(([value]) => value),
    );
    expect(results.map((result) => (result.kind === 'rejected' ? result.reason : 'bronze'))).toEqual(
      corpus.map(([, reason]) => reason),
    );
    // The payload is the JSON text as sent, spacing and all.
    expect(JSON.parse(results[0]!.line).payload).toBe(text);
    expect(JSON.parse(results[1]!.line).detail).toBe('/quantity must be integer');
  });

  it('resolves schema references: an Avro named type and a .proto import registered under other subjects', async () => {
    const name = `shipments_${randomUUID().slice(0, 8)}`;
    const address = { type: 'record', name: 'Address', namespace: 'shop', fields: [{ name: 'city', type: 'string' }] };
    await registerSchema(url, `${name}-address`, address);
    const shipment = {
      type: 'record',
      name: 'Shipment',
      namespace: 'shop',
      fields: [
        { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'ship_to', type: 'shop.Address' },
      ],
    };
    const references = [{ name: 'shop.Address', subject: `${name}-address`, version: 1 }];
    const avroId = await registerSchema(url, `${name}-value`, shipment, 'AVRO', references);
    const type = avroType(JSON.stringify(shipment), [{ name: 'shop.Address', schema: JSON.stringify(address) }]);
    const record = { event_time: '2026-01-05T09:15:00.000Z', ship_to: { city: 'Berlin' } };
    const [avroResult] = await classifyAll(topic(name, 'avro'), [frame(avroId, type.toBuffer(record))]);
    expect(JSON.parse(JSON.parse(avroResult!.line).payload)).toEqual(record);

    const protoName = `parcels_${randomUUID().slice(0, 8)}`;
    const common = 'syntax = "proto3";\npackage shop;\nmessage Place { string city = 1; }\n';
    await registerSchema(url, `${protoName}-place`, common, 'PROTOBUF');
    const parcel = [
      'syntax = "proto3";',
      'package shop;',
      'import "shop/place.proto";',
      'message Parcel { string event_time = 1; Place to = 2; }',
    ].join('\n');
    const imports = [{ name: 'shop/place.proto', subject: `${protoName}-place`, version: 1 }];
    const protoId = await registerSchema(url, `${protoName}-value`, parcel, 'PROTOBUF', imports);
    const file = parseProto(parcel, [{ name: 'shop/place.proto', schema: common }]);
    const message = file.messages[0]!;
    expect(message.name).toBe('Parcel');
    const body = message
      .encode(message.fromObject({ event_time: '2026-01-05T09:15:00Z', to: { city: 'Köln' } }))
      .finish();
    const [protoResult] = await classifyAll(topic(protoName, 'protobuf'), [frame(protoId, Buffer.from(body), [0])]);
    expect(JSON.parse(JSON.parse(protoResult!.line).payload)).toEqual({
      event_time: '2026-01-05T09:15:00Z',
      to: { city: 'Köln' },
    });
  });

  it('waits while the registry is unreachable, or rejects the records when so configured', async () => {
    const closed = 'http://127.0.0.1:9/apis/ccompat/v7'; // the discard port: nothing listens
    const config = topic(`orders_${randomUUID().slice(0, 8)}`, 'avro');
    const value = frame(1, Buffer.from([2, 65]));
    const waiting = topicDecoders({ topics: [config], schemaRegistry: { url: closed, onUnavailable: 'wait' } });
    await expect(waiting.get(config.name)!.prepare([value])).rejects.toBeInstanceOf(RegistryUnavailableError);

    const rejecting = topicDecoders({ topics: [config], schemaRegistry: { url: closed, onUnavailable: 'reject' } });
    const decoder = rejecting.get(config.name)!;
    await decoder.prepare([value]);
    const result = new RecordClassifier(config, 1024, decoder).classify(
      { key: null, value, timestamp: String(KAFKA_TIME), offset: '0' },
      0,
      'x',
    );
    expect(result.kind === 'rejected' && result.reason).toBe('registry_unavailable');
  });
});
