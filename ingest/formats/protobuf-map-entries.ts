/**
 * A Protobuf map field's payload value from its entries' bytes, for the payload fast path
 * (`protobuf-payload-literal.ts`): the entries become the object protobufjs builds (keys
 * as property names in entry order, a repeated key keeping its place and taking the last
 * value; JavaScript puts integer-like keys first, for both), written by JSON.stringify.
 * Entries that are not plainly a key and a value throw {@link MALFORMED}, and protobufjs
 * reads the record its way.
 */
import type protobuf from 'protobufjs';
import { isUtf8 } from 'node:buffer';
import type { PayloadLiteral } from './payload-literal.js';
import {
  DELIMITED,
  FIXED32,
  FIXED64,
  MALFORMED,
  VARINT,
  longText,
  readSize,
  readVarint,
  valueEnd,
  varint,
  zigzagLongText,
} from './protobuf-wire.js';

/** Reads the value in `input[start, end)` as the JSON mapping gives it. */
export type ValueOf = (input: Buffer, start: number, end: number) => unknown;

/** Writes the object of the entries at `spans` (wire type, start, end per occurrence). */
export type EntriesWriter = (input: Buffer, spans: number[] | undefined, writer: PayloadLiteral) => void;

/** Each key type's wire type and its property name from its bytes. */
const KEYS: Record<string, [number, ValueOf]> = {
  string: [DELIMITED, (input, start, end) => utf8(input, start, end)],
  bool: [VARINT, (input, start, end) => (readVarint(input, start, end), varint.lo !== 0 ? 'true' : 'false')],
  int32: [VARINT, (input, start, end) => (readVarint(input, start, end), String(varint.lo | 0))],
  uint32: [VARINT, (input, start, end) => (readVarint(input, start, end), String(varint.lo))],
  sint32: [
    VARINT,
    (input, start, end) => (readVarint(input, start, end), String((varint.lo >>> 1) ^ -(varint.lo & 1))),
  ],
  fixed32: [FIXED32, (input, start) => String(input.readUInt32LE(start))],
  sfixed32: [FIXED32, (input, start) => String(input.readInt32LE(start))],
  int64: [VARINT, (input, start, end) => varintLong(input, start, end, true)],
  uint64: [VARINT, (input, start, end) => varintLong(input, start, end, false)],
  sint64: [VARINT, (input, start, end) => zigzagLong(input, start, end)],
  fixed64: [FIXED64, (input, start) => fixedLong(input, start, false)],
  sfixed64: [FIXED64, (input, start) => fixedLong(input, start, true)],
};

/**
 * The writer of `field`'s entries; `valueOf` reads a value (`wire`: its wire type; string
 * values are read here). Undefined for a key type not read here.
 */
export function entriesWriter(field: protobuf.MapField, wire: number, valueOf: ValueOf): EntriesWriter | undefined {
  const key = KEYS[field.keyType];
  if (!key) return undefined;
  const [keyWire, keyOf] = key;
  const readValue: ValueOf = field.type === 'string' ? (input, start, end) => utf8(input, start, end) : valueOf;
  return (input, spans, writer) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; spans && i < spans.length; i += 3) {
      const [name, value] = entry(input, spans[i + 1]!, spans[i + 2]!, keyWire, keyOf, wire, readValue);
      // protobufjs defines this key as an own property: left to it.
      if (name === '__proto__') throw MALFORMED;
      object[name] = value;
    }
    writer.value(object);
  };
}

/** Reads one entry: exactly a key (field 1) and a value (field 2), in either order. */
function entry(
  input: Buffer,
  start: number,
  end: number,
  keyWire: number,
  keyOf: ValueOf,
  valueWire: number,
  valueOf: ValueOf,
): [string, unknown] {
  let name: string | undefined;
  let value: unknown;
  let hasValue = false;
  let at = start;
  while (at < end) {
    const tag = readSize(input, at, end);
    at = varint.end;
    const wire = tag & 7;
    let valueStart = at;
    let next: number;
    if (wire === DELIMITED) {
      const length = readSize(input, at, end);
      valueStart = varint.end;
      next = valueStart + length;
      if (next > end) throw MALFORMED;
    } else next = valueEnd(input, wire, at, end);
    if (tag === (1 << 3) + keyWire && name === undefined) name = keyOf(input, valueStart, next) as string;
    else if (tag === (2 << 3) + valueWire && !hasValue) {
      value = valueOf(input, valueStart, next);
      hasValue = true;
    } else throw MALFORMED;
    at = next;
  }
  // A missing key or value takes a default protobufjs picks its own way.
  if (name === undefined || !hasValue) throw MALFORMED;
  return [name, value];
}

/** A string that must be UTF-8 (protobufjs rejects others in proto3, and replaces them in proto2: left to it). */
function utf8(input: Buffer, start: number, end: number): string {
  const bytes = input.subarray(start, end);
  if (!isUtf8(bytes)) throw MALFORMED;
  return bytes.toString('utf8');
}

function varintLong(input: Buffer, start: number, end: number, signed: boolean): string {
  readVarint(input, start, end);
  return longKey(varint.lo, varint.hi, longText(varint.lo, varint.hi, signed));
}

function zigzagLong(input: Buffer, start: number, end: number): string {
  readVarint(input, start, end);
  const { lo, hi } = varint;
  const mask = -(lo & 1);
  // The key's bytes are the decoded value's.
  return longKey((((lo >>> 1) | (hi << 31)) ^ mask) >>> 0, ((hi >>> 1) ^ mask) >>> 0, zigzagLongText(lo, hi));
}

function fixedLong(input: Buffer, start: number, signed: boolean): string {
  const lo = input.readUInt32LE(start);
  const hi = input.readUInt32LE(start + 4);
  return longKey(lo, hi, longText(lo, hi, signed));
}

/**
 * protobufjs keys 64-bit keys by their 8 bytes as characters: eight digits make an
 * integer-like key JavaScript orders first. Such keys are left to it.
 */
function longKey(lo: number, hi: number, text: string): string {
  const bytes = [
    lo & 255,
    (lo >>> 8) & 255,
    (lo >>> 16) & 255,
    lo >>> 24,
    hi & 255,
    (hi >>> 8) & 255,
    (hi >>> 16) & 255,
    hi >>> 24,
  ];
  if (bytes.every((byte) => byte >= 0x30 && byte <= 0x39)) throw MALFORMED;
  return text;
}
