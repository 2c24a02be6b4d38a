/**
 * The values of Protobuf fields as the payload fast path (`protobuf-payload-literal.ts`)
 * writes them from their bytes, each as protobufjs's conversion with {@link TO_OBJECT}
 * gives it: numbers as JSON numbers, 64-bit integers and enums as strings (an unknown enum
 * number as a number), bytes as base64, Timestamps as RFC 3339 text, other well-known types
 * through protobufjs's conversion.
 */
import protobuf from 'protobufjs';
import { isUtf8 } from 'node:buffer';
import { PayloadLiteral } from './payload-literal.js';
import { timestampText } from './protobuf-well-known.js';
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

/** The JSON mapping of decoded messages: protobufjs's conversion options (the reference path's). */
export const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true };

/** The full name of the well-known type written here from its bytes. */
export const TIMESTAMP = '.google.protobuf.Timestamp';

/** Writes the value in `input[start, end)`: its bytes after the tag (a length-delimited one after its length). */
export type ValueWriter = (input: Buffer, start: number, end: number, out: PayloadLiteral, depth: number) => void;

/** Writes a message of a type protobufjs converts its own way (the well-known types) as protobufjs converts it. */
export function convertedWriter(type: protobuf.Type): ValueWriter {
  return (input, start, end, writer) => writer.value(type.toObject(type.decode(input.subarray(start, end)), TO_OBJECT));
}

/** Writes a `google.protobuf.Timestamp` (seconds, nanos) as its conversion does, from its bytes. */
export function timestampWriter(input: Buffer, start: number, end: number, writer: PayloadLiteral): void {
  writer.string(timestampValue(input, start, end));
}

function timestampValue(input: Buffer, start: number, end: number): string {
  let seconds = 0;
  let nanos = 0;
  for (let at = start; at < end;) {
    const tag = readSize(input, at, end);
    if (tag >>> 3 === 0) throw MALFORMED;
    const valueStart = varint.end;
    const next = valueEnd(input, tag & 7, valueStart, end);
    // The last of each wins; other fields and wire types are skipped, as protobufjs does.
    if (tag === (1 << 3) + VARINT || tag === (2 << 3) + VARINT) {
      readVarint(input, valueStart, next);
      if (tag >>> 3 === 1) seconds = Number(longText(varint.lo, varint.hi, true));
      else nanos = varint.lo | 0;
    }
    at = next;
  }
  return timestampText(seconds, nanos);
}

/** Reads a singular field's value as the JSON mapping gives it (for the captured field). */
export function valueReader(field: protobuf.FieldBase): (input: Buffer, start: number, end: number) => unknown {
  const scratch = new PayloadLiteral();
  const resolved = field.resolvedType;
  if (resolved?.fullName === TIMESTAMP) return timestampValue;
  if (resolved instanceof protobuf.Type) {
    return (input, start, end) => resolved.toObject(resolved.decode(input.subarray(start, end)), TO_OBJECT);
  }
  // Numbers as they are (NaN, -0): the literal has them as JSON writes them.
  if (field.type === 'double') return (input, start) => input.readDoubleLE(start);
  if (field.type === 'float') return (input, start) => input.readFloatLE(start);
  // Strings as they are (the literal was written, so they are UTF-8 when they must be).
  if (field.type === 'string') return (input, start, end) => input.toString('utf8', start, end);
  const features = (field as unknown as { _features?: Record<string, string> })._features ?? {};
  const write = scalarWriter(field, features)!.write;
  // Written as the payload writes it, then read back: the value the literal holds.
  return (input, start, end) => {
    scratch.begin();
    write(input, start, end, scratch, 0);
    return JSON.parse(JSON.parse(scratch.end()) as string) as unknown;
  };
}

/** The writer and wire type of a scalar or enum field's values. */
export function scalarWriter(
  field: protobuf.FieldBase,
  features: Record<string, string>,
): { wire: number; write: ValueWriter } | undefined {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const names = resolved.values as unknown as Record<number, string | undefined>;
    return {
      wire: VARINT,
      write: (input, start, end, writer) => {
        readVarint(input, start, end);
        const number = varint.lo | 0;
        const name = names[number];
        if (name === undefined) writer.number(number);
        else writer.string(name);
      },
    };
  }
  const write = SCALAR_WRITERS[field.type];
  if (!write) return undefined;
  if (field.type === 'string') return { wire: DELIMITED, write: stringWriter(features.utf8_validation === 'VERIFY') };
  return { wire: SCALAR_WIRES[field.type]!, write };
}

function stringWriter(verify: boolean): ValueWriter {
  return (input, start, end, writer) => {
    if (writer.utf8String(input, start, end)) return;
    const bytes = input.subarray(start, end);
    // Proto3 strings must be UTF-8: protobufjs rejects others.
    if (verify && !isUtf8(bytes)) throw MALFORMED;
    writer.value(bytes.toString('utf8'));
  };
}

const SCALAR_WIRES: Record<string, number> = {
  double: FIXED64,
  float: FIXED32,
  int32: VARINT,
  uint32: VARINT,
  sint32: VARINT,
  fixed32: FIXED32,
  sfixed32: FIXED32,
  int64: VARINT,
  uint64: VARINT,
  sint64: VARINT,
  fixed64: FIXED64,
  sfixed64: FIXED64,
  bool: VARINT,
  bytes: DELIMITED,
};

/** Each scalar type's value as protobufjs converts it with `TO_OBJECT`, written as JSON. */
const SCALAR_WRITERS: Record<string, ValueWriter> = {
  double: (input, start, _end, writer) => writer.number(input.readDoubleLE(start)),
  float: (input, start, _end, writer) => writer.number(input.readFloatLE(start)),
  int32: (input, start, end, writer) => (readVarint(input, start, end), writer.number(varint.lo | 0)),
  uint32: (input, start, end, writer) => (readVarint(input, start, end), writer.number(varint.lo)),
  sint32: (input, start, end, writer) => {
    readVarint(input, start, end);
    writer.number((varint.lo >>> 1) ^ -(varint.lo & 1));
  },
  fixed32: (input, start, _end, writer) => writer.number(input.readUInt32LE(start)),
  sfixed32: (input, start, _end, writer) => writer.number(input.readInt32LE(start)),
  int64: (input, start, end, writer) => (readVarint(input, start, end), longString(writer, varint.lo, varint.hi, true)),
  uint64: (input, start, end, writer) => {
    readVarint(input, start, end);
    longString(writer, varint.lo, varint.hi, false);
  },
  sint64: (input, start, end, writer) => {
    readVarint(input, start, end);
    writer.string(zigzagLongText(varint.lo, varint.hi));
  },
  fixed64: (input, start, _end, writer) =>
    longString(writer, input.readUInt32LE(start), input.readUInt32LE(start + 4), false),
  sfixed64: (input, start, _end, writer) =>
    longString(writer, input.readUInt32LE(start), input.readUInt32LE(start + 4), true),
  bool: (input, start, end, writer) => {
    readVarint(input, start, end);
    writer.raw(varint.lo !== 0 ? 'true' : 'false');
  },
  bytes: (input, start, end, writer) => writer.base64(input.subarray(start, end)),
  string: () => undefined,
};

function longString(writer: PayloadLiteral, lo: number, hi: number, signed: boolean): void {
  writer.string(longText(lo, hi, signed));
}
