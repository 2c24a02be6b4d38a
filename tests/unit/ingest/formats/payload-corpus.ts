/**
 * A fixed corpus of Schema Registry records for the payload tests: Avro and Protobuf
 * records covering every type of each format, the strings JSON escapes (quotes,
 * backslashes, control characters, non-ASCII, invalid UTF-8), numbers JSON cannot carry
 * (NaN, infinities), records read through schema evolution, and malformed ones. The
 * schemas are served from memory as a registry would serve them.
 */
import type { RegistrySchema } from '../../../../ingest/formats/registry-client.js';
import { avroType } from '../../../../ingest/formats/avro-decoder.js';
import { parseProto } from '../../../../ingest/formats/protobuf-decoder.js';
import { wireHeader, writeMessageIndexes } from '../../../../ingest/formats/wire-format.js';

const ADDRESS = {
  type: 'record',
  name: 'Address',
  fields: [
    { name: 'city', type: 'string' },
    { name: 'zip', type: ['null', 'string'] },
  ],
};

/** Every Avro type, logical types and union shapes (`wrapUnions: auto` wraps only `wrapped`). */
const AVRO_V1 = {
  type: 'record',
  name: 'Everything',
  namespace: 'corpus',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'text', type: 'string' },
    { name: 'flag', type: 'boolean' },
    { name: 'small', type: 'int' },
    { name: 'ratio', type: 'float' },
    { name: 'amount', type: 'double' },
    { name: 'nothing', type: 'null' },
    { name: 'blob', type: 'bytes' },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 4 } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'day', type: { type: 'int', logicalType: 'date' } },
    { name: 'micros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
    { name: 'maybe', type: ['null', 'string'] },
    { name: 'maybe_number', type: ['null', 'long'] },
    { name: 'choice', type: ['string', 'long'] },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counts', type: { type: 'map', values: 'int' } },
    { name: 'address', type: ADDRESS },
    { name: 'history', type: { type: 'array', items: 'Address' } },
    { name: 'wrapped', type: ['null', 'Address', { type: 'map', values: 'string' }] },
    { name: 'uuid', type: { type: 'string', logicalType: 'uuid' } },
  ],
};

/** v2 adds a field with a default: v1 records resolve to it. */
export const AVRO_V2 = { ...AVRO_V1, fields: [...AVRO_V1.fields, { name: 'added', type: 'string', default: 'dflt' }] };

/** A flat record of strings and a timestamp, as most event streams are. */
const AVRO_FLAT = {
  type: 'record',
  name: 'Flat',
  namespace: 'corpus',
  fields: [
    { name: 'event_id', type: 'string' },
    { name: 'event_time', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'sequence', type: 'long' },
  ],
};

/** Strings JSON writes as they are, and strings it escapes. */
const TEXTS = [
  'plain',
  'quote " and backslash \\ and slash /',
  'newline\n tab\t cr\r feed\f back\b',
  '\u0000\u0001\u001f control',
  'München — ünïcödé',
  'emoji 😀 pair',
  'del \u007f and tilde ~',
  '</script><!-- -->',
  '',
  'x'.repeat(300),
  'XXXX',
];
const DOUBLES = [0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 5e-324, 0.1];
const LONGS = [0, -1, 2 ** 52, -(2 ** 52), 1_767_571_200_123];
const MILLIS = [1_767_571_200_123, 0, -1, 1_767_571_200_000, 253_402_300_800_000];

function avroValue(index: number): Record<string, unknown> {
  const text = TEXTS[index % TEXTS.length]!;
  return {
    id: LONGS[index % LONGS.length],
    event_time: MILLIS[index % MILLIS.length],
    text,
    flag: index % 2 === 0,
    small: index % 3 === 0 ? 2 ** 31 - 1 : index % 3 === 1 ? -(2 ** 31) : index,
    ratio: index % 2 ? 0.1 : Number.NaN,
    amount: DOUBLES[index % DOUBLES.length],
    nothing: null,
    blob: Buffer.from(text.slice(0, 7)),
    hash: Buffer.from([index, 0xff, 0, 0x80]),
    price: ['123.45', '-0.01', '0.00', '99999999.99'][index % 4],
    day: ['2026-01-05', '1969-12-31'][index % 2],
    micros: ['2026-01-05T00:00:00.123456Z', '1970-01-01T00:00:00.000001Z'][index % 2],
    color: index % 2 ? 'GREEN' : 'RED',
    maybe: index % 3 ? text : null,
    maybe_number: index % 2 ? null : index * 1000,
    choice: index % 2 ? 'label "x"' : index,
    tags: TEXTS.slice(0, index % 5),
    counts: index % 2 ? { '10': 1, '2': 2, a: 3, [text.slice(0, 5)]: 4 } : {},
    address: { city: text.slice(0, 9), zip: index % 2 ? null : '10115' },
    history: Array.from({ length: index % 3 }, (_, n) => ({ city: `c${n}`, zip: null })),
    wrapped:
      index % 3 === 0 ? null : index % 3 === 1 ? { 'corpus.Address': { city: 'W', zip: '1' } } : { map: { k: text } },
    uuid: '2b5e0c6e-7a8d-4f5e-9c3b-0d8f1c2a3b4c',
    added: `added ${index}`,
  };
}

function frame(id: number, body: Buffer, indexes?: number[]): Buffer {
  return Buffer.concat([wireHeader(id), ...(indexes ? [writeMessageIndexes(indexes)] : []), body]);
}

/** Replaces the first `XXXX` of `buffer` by bytes that are not UTF-8 (what a lenient producer may send). */
function withInvalidUtf8(buffer: Buffer): Buffer {
  const at = buffer.indexOf('XXXX');
  const copy = Buffer.from(buffer);
  if (at >= 0) copy.set([0xff, 0xfe, 0xed, 0xa0], at);
  return copy;
}

/** The Avro schemas (ids 1, 2, 3; v2 is the reader of the `Everything` topic) and the records. */
export function avroCorpus(): { schemas: RegistrySchema[]; reader: Record<string, number>; values: Buffer[] } {
  const schemas = [AVRO_V1, AVRO_V2, AVRO_FLAT].map((schema, index) => ({
    id: index + 1,
    schemaType: 'AVRO',
    schema: JSON.stringify(schema),
  }));
  const [v1, v2, flat] = schemas.map((schema) => avroType(schema.schema));
  const values: Buffer[] = [];
  for (let index = 0; index < 22; index++) {
    const written = index % 2 ? frame(1, v1!.toBuffer(avroValue(index))) : frame(2, v2!.toBuffer(avroValue(index)));
    values.push(written);
  }
  values.push(withInvalidUtf8(frame(2, v2!.toBuffer(avroValue(10)))));
  values.push(withInvalidUtf8(frame(1, v1!.toBuffer(avroValue(10)))));
  for (let index = 0; index < 12; index++) {
    const note = index % 4 === 0 ? null : TEXTS[index % TEXTS.length];
    values.push(
      frame(3, flat!.toBuffer({ event_id: `e${index}`, event_time: MILLIS[index % 5], note, sequence: index })),
    );
  }
  const good = values[0]!;
  values.push(good.subarray(0, good.length - 3), Buffer.concat([good, Buffer.from([0])]));
  values.push(Buffer.concat([Buffer.from([1]), good.subarray(1)]), frame(99, good.subarray(5)), Buffer.from([0, 0]));
  return { schemas, reader: { everything: 2, flat: 3 }, values };
}

/** The Protobuf corpus's schema, v1 (the reader). */
export const PROTO_V1 = `syntax = "proto3";
package corpus;

message Everything {
  enum Color { RED = 0; GREEN = 1; }
  message Address { string city = 1; string zip = 2; }
  string id = 1;
  string event_time = 2;
  int32 small = 3;
  int64 big = 4;
  uint32 u32 = 5;
  uint64 u64 = 6;
  sint32 s32 = 7;
  sint64 s64 = 8;
  fixed32 f32 = 9;
  fixed64 f64 = 10;
  sfixed32 sf32 = 11;
  sfixed64 sf64 = 12;
  float ratio = 13;
  double amount = 14;
  bool flag = 15;
  bytes blob = 16;
  Color color = 17;
  repeated string tags = 18;
  map<string, int32> counts = 19;
  Address address = 20;
  repeated Address history = 21;
  oneof choice {
    string label = 22;
    int64 number = 23;
  }
  optional string maybe = 24;
  repeated int32 packed = 25;
}

message Other {
  string event_time = 1;
}
`;

/** v2 adds a field the v1 reader does not know (dropped on reading, as the JSON mapping does). */
const PROTO_V2 = PROTO_V1.replace(
  '  repeated int32 packed = 25;\n',
  '  repeated int32 packed = 25;\n  string extra = 26;\n',
);

/** Record `index` of the Protobuf corpus, as fields a producer builds it from. */
export function protobufValue(index: number): Record<string, unknown> {
  const text = TEXTS[index % TEXTS.length]!;
  return {
    id: text,
    event_time: new Date(MILLIS[index % 4]!).toISOString(),
    small: index % 2 ? -5 : 2 ** 31 - 1,
    big: index % 2 ? '-9007199254740993' : '9223372036854775807',
    u32: 4_294_967_295,
    u64: '18446744073709551615',
    s32: -index,
    s64: String(-index * 1_000_000_007),
    f32: index,
    f64: String(index),
    sf32: -index,
    sf64: String(-index),
    ratio: index % 2 ? 0.1 : Number.NaN,
    amount: DOUBLES[index % DOUBLES.length],
    flag: index % 2 === 0,
    blob: Buffer.from(text.slice(0, 7)),
    color: index % 2 ? 'GREEN' : 'RED',
    tags: TEXTS.slice(0, index % 5),
    counts: index % 2 ? { '10': 1, '2': 2, a: 3 } : {},
    ...(index % 3 ? { address: { city: text.slice(0, 9), zip: '10115' } } : {}),
    history: Array.from({ length: index % 3 }, (_, n) => ({ city: `c${n}` })),
    ...(index % 3 === 0 ? {} : index % 3 === 1 ? { label: 'label "x"' } : { number: String(index) }),
    ...(index % 2 ? { maybe: text } : {}),
    packed: [index, -index, 300],
    extra: 'unknown to the reader',
  };
}

/** The Protobuf schemas (ids 11 = v1, the reader; 12 = v2) and the records. */
export function protobufCorpus(): { schemas: RegistrySchema[]; values: Buffer[] } {
  const schemas = [PROTO_V1, PROTO_V2].map((schema, index) => ({ id: 11 + index, schemaType: 'PROTOBUF', schema }));
  const [v1, v2] = schemas.map((schema) => parseProto(schema.schema));
  const values: Buffer[] = [];
  for (let index = 0; index < 22; index++) {
    const file = index % 2 ? v1! : v2!;
    const type = file.messages[0]!;
    const body = Buffer.from(type.encode(type.fromObject(protobufValue(index))).finish());
    values.push(frame(11 + (index % 2 ? 0 : 1), body, [0]));
  }
  const invalid = v1!.messages[0]!;
  const body = Buffer.from(invalid.encode(invalid.fromObject(protobufValue(10))).finish());
  values.push(withInvalidUtf8(frame(11, body, [0])));
  const other = v1!.messages[1]!;
  values.push(
    frame(11, Buffer.from(other.encode(other.fromObject({ event_time: '2026-01-05T10:00:00Z' })).finish()), [1]),
  );
  const good = values[1]!;
  values.push(
    good.subarray(0, good.length - 3),
    frame(11, Buffer.from([0, 0xff]), [0]),
    frame(11, Buffer.from([8]), [7]),
  );
  return { schemas, values };
}
