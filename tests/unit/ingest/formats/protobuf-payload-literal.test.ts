/**
 * The Protobuf payload written from a message's bytes gives what protobufjs gives: the
 * literal equals `JSON.stringify` applied twice to the JSON mapping of the decoded message
 * (for the corpus's messages, random ones, merged and damaged ones), the captured field is
 * protobufjs's value, and bytes protobufjs rejects, or reads its own way, give no literal.
 */
import { describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { parseProto, TO_OBJECT } from '../../../../ingest/formats/protobuf-decoder.js';
import { ProtobufPayloadReader } from '../../../../ingest/formats/protobuf-payload-literal.js';
import { PROTO_V1, protobufValue } from './payload-corpus.js';

/** The corpus schema with well-known types, recursion and maps of every key type. */
const PROTO = PROTO_V1.replace(
  'package corpus;\n',
  'package corpus;\nimport "google/protobuf/timestamp.proto";\n',
).replace(
  '  repeated int32 packed = 25;\n',
  [
    '  repeated int32 packed = 25;',
    '  google.protobuf.Timestamp seen = 26;',
    '  Everything child = 27;',
    '  repeated double doubles = 28;',
    '  repeated Color colors = 29;',
    '  repeated sint64 deltas = 30;',
    '  repeated bytes blobs = 31;',
    '  map<int64, Address> places = 32;',
    '  map<sint64, string> names = 33;',
    '  map<bool, Color> switches = 34;',
    '  map<uint32, bytes> raw = 35;',
    '  map<fixed64, double> weights = 36;',
    '  map<sfixed32, uint64> sizes = 37;',
    '',
  ].join('\n'),
);

const type = parseProto(PROTO).messages[0]!;

/** A deterministic random source (tests must fail the same way twice). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const TEXTS = ['', 'plain', 'quote " and \\ back', 'tab\tnew\nline', 'München ✓', '😀 emoji', '\u0000\u001f', 'x'];

function randomFields(next: () => number, depth = 0): Record<string, unknown> {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const maybe = (value: () => unknown) => (next() < 0.6 ? value() : undefined);
  const integer = (bits: number) => Math.floor((next() - 0.5) * 2 ** bits);
  const fields: Record<string, unknown> = {
    id: maybe(() => pick(TEXTS)),
    event_time: maybe(() => new Date(Math.floor(next() * 4e12)).toISOString()),
    small: maybe(() => integer(32)),
    big: maybe(() => pick(['0', '-1', '9223372036854775807', '-9223372036854775808', String(integer(60))])),
    u32: maybe(() => Math.floor(next() * 2 ** 32)),
    u64: maybe(() => pick(['0', '18446744073709551615', '9007199254740993', String(Math.floor(next() * 2 ** 53))])),
    s32: maybe(() => integer(32)),
    s64: maybe(() => pick(['-9223372036854775808', '9223372036854775807', String(integer(62))])),
    f32: maybe(() => Math.floor(next() * 2 ** 32)),
    f64: maybe(() => pick(['18446744073709551615', String(Math.floor(next() * 2 ** 40))])),
    sf32: maybe(() => integer(32)),
    sf64: maybe(() => pick(['-9223372036854775808', String(integer(50))])),
    ratio: maybe(() => pick([0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, next() * 1e6])),
    amount: maybe(() => pick([5e-324, 1e21, -0, Number.NEGATIVE_INFINITY, next()])),
    flag: maybe(() => next() < 0.5),
    blob: maybe(() => Buffer.from(pick(TEXTS))),
    color: maybe(() => pick(['RED', 'GREEN', 1, 7])),
    tags: maybe(() => Array.from({ length: Math.floor(next() * 4) }, () => pick(TEXTS))),
    address: maybe(() => ({ city: pick(TEXTS), zip: maybe(() => pick(TEXTS)) })),
    history: maybe(() => Array.from({ length: Math.floor(next() * 3) }, () => ({ city: pick(TEXTS) }))),
    maybe: maybe(() => pick(TEXTS)),
    packed: maybe(() => Array.from({ length: Math.floor(next() * 4) }, () => integer(32))),
    seen: maybe(() => ({
      seconds: pick([0, -62_135_596_800, 253_402_300_799, Math.floor((next() - 0.5) * 8e9)]),
      nanos: pick([0, 5_000_000, 123_456, 7, 999_999_999]),
    })),
    child: depth < 2 ? maybe(() => randomFields(next, depth + 1)) : undefined,
    doubles: maybe(() => [next(), -0, 1e300]),
    colors: maybe(() => [0, 1, 5]),
    deltas: maybe(() => ['-1', '1', '-9223372036854775808']),
    blobs: maybe(() => [Buffer.from([]), Buffer.from([0xff, 0, 0x80])]),
    counts: maybe(() => ({ [pick(TEXTS)]: integer(20), '10': 1, '2': integer(8), a: 3 })),
    places: maybe(() => ({ [String(integer(40))]: { city: pick(TEXTS) }, '7': {}, '-3': { zip: 'z' } })),
    names: maybe(() => ({ '-1': pick(TEXTS), [String(integer(60))]: 'x', '4': '' })),
    switches: maybe(() => ({ true: pick(['RED', 'GREEN', 9]), false: 'RED' })),
    raw: maybe(() => ({ '4294967295': Buffer.from('ab'), '0': Buffer.from([]), '12': Buffer.from([1]) })),
    weights: maybe(() => ({ '18446744073709551615': 0.5, '1': Number.NaN, '0': -0 })),
    sizes: maybe(() => ({ '-5': '18446744073709551615', '5': '0', [String(integer(31))]: '7' })),
  };
  const choice = next();
  if (choice < 0.33) fields.label = pick(TEXTS);
  else if (choice < 0.66) fields.number = String(integer(40));
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** The bytes of a message of `fields`, after 4 bytes of something else. */
function encoded(messageType: protobuf.Type, fields: Record<string, unknown>): Buffer {
  const body = messageType.encode(messageType.fromObject(fields)).finish();
  return Buffer.concat([Buffer.from([9, 9, 9, 9]), body]);
}

/** What the reference path gives for the message at 4: its payload literal, or undefined when protobufjs throws. */
function reference(
  bytes: Buffer,
  messageType = type,
): { literal: string; object: Record<string, unknown> } | undefined {
  try {
    const object = messageType.toObject(messageType.decode(bytes.subarray(4)), TO_OBJECT);
    return { literal: JSON.stringify(JSON.stringify(object)), object };
  } catch {
    return undefined;
  }
}

describe('Protobuf payload literals', () => {
  it('equal the JSON mapping stringified twice for the corpus records and random messages', () => {
    const reader = ProtobufPayloadReader.of(type)!;
    expect(reader).toBeDefined();
    const next = random(20);
    const messages = [
      ...Array.from({ length: 22 }, (_, index) => protobufValue(index)),
      ...Array.from({ length: 400 }, () => randomFields(next)),
    ];
    for (const fields of messages) {
      const bytes = encoded(type, fields);
      expect(reader.read(bytes, 4)).toBe(reference(bytes)!.literal);
    }
  });

  it('give the captured field as protobufjs does, present or absent', () => {
    const next = random(7);
    for (const field of ['event_time', 'big', 'color', 'address', 'seen', 'label', 'maybe', 'blob', 'ratio', 'nope']) {
      const reader = ProtobufPayloadReader.of(type, field)!;
      for (let n = 0; n < 40; n++) {
        const bytes = encoded(type, randomFields(next));
        const expected = reference(bytes)!;
        expect(reader.read(bytes, 4)).toBe(expected.literal);
        expect(reader.fields()).toEqual({ [field]: expected.object[field] });
      }
    }
  });

  it('read merged, unknown-field and damaged bytes as protobufjs does, or leave them to it', () => {
    const reader = ProtobufPayloadReader.of(type, 'event_time')!;
    const next = random(3);
    let literals = 0;
    let left = 0;
    for (let n = 0; n < 1500; n++) {
      const one = encoded(type, randomFields(next));
      const two = encoded(type, randomFields(next)).subarray(4);
      let bytes: Buffer;
      const damage = n % 5;
      if (damage === 0)
        bytes = Buffer.concat([one, two]); // a message sent in two parts
      else if (damage === 1) bytes = one.subarray(0, 4 + Math.floor(next() * (one.length - 4)));
      else if (damage === 2) bytes = Buffer.concat([one, Buffer.from([0xf8, 0x07, 0x2a, 0xfa, 0x07, 0x01, 0x41])]);
      else {
        bytes = Buffer.from(one);
        for (let flips = 0; flips < damage; flips++) {
          bytes[4 + Math.floor(next() * (bytes.length - 4))] = Math.floor(next() * 256);
        }
      }
      const expected = reference(bytes);
      const literal = reader.read(bytes, 4);
      if (literal === undefined) left++;
      else {
        literals++;
        expect(literal).toBe(expected?.literal);
        expect(reader.fields()).toEqual({ event_time: expected!.object.event_time });
      }
    }
    // Most damaged records are still read here; the rest, and all that protobufjs rejects, go to it.
    expect(literals).toBeGreaterThan(400);
    expect(left).toBeGreaterThan(100);
  });

  it('leave types with groups, closed enums or required fields to protobufjs', () => {
    const group = parseProto('syntax = "proto2";\nmessage G { optional group Part = 1 { optional int32 x = 2; } }\n');
    expect(ProtobufPayloadReader.of(group.messages[0]!)).toBeUndefined();
    const closed = parseProto('syntax = "proto2";\nenum E { A = 1; }\nmessage C { optional E e = 1; }\n');
    expect(ProtobufPayloadReader.of(closed.messages[0]!)).toBeUndefined();
    const proto2 = parseProto('syntax = "proto2";\nmessage A { required string id = 1; }\n').messages[0]!;
    expect(ProtobufPayloadReader.of(proto2)).toBeUndefined();
  });

  it('leave a 64-bit map key whose bytes are eight digits to protobufjs (which keys the map by those bytes)', () => {
    const bytes = encoded(type, { places: { '3544952156018063160': { city: 'x' } } });
    expect(JSON.parse(JSON.parse(reference(bytes)!.literal) as string)).toMatchObject({ places: { '87654321': {} } });
    expect(ProtobufPayloadReader.of(type)!.read(bytes, 4)).toBeUndefined();
  });

  it('write an empty message, and one with no fields, as the mapping does', () => {
    const empty = parseProto('syntax = "proto3";\nmessage E {}\n').messages[0]!;
    expect(ProtobufPayloadReader.of(empty)!.read(Buffer.from([1]), 1)).toBe('"{}"');
    const reader = ProtobufPayloadReader.of(type)!;
    expect(reader.read(Buffer.from([1]), 1)).toBe(reference(Buffer.from([1, 2, 3, 4]))!.literal);
  });
});
