/**
 * The payload literal of an Avro record (`payload-literal.ts`), written by walking the
 * record's bytes beside the value avsc decoded from them: the bytes say where each string
 * lies, so ASCII strings are copied without being decoded and escaped again; every other
 * value is written from the decoded record. Built per writer schema, for records read with
 * their writer's schema (no resolution: the bytes then have the payload's shape); maps and
 * wrapped unions, whose JSON key order is the decoded object's, go through JSON.stringify.
 */
import avro from 'avsc';
import { FALSE, NULL, PayloadLiteral, TRUE } from './payload-literal.js';

/** Writes the literal of the value at `position` of `input` and returns the position after it. */
type Step = (input: Buffer, position: number, value: unknown, out: PayloadLiteral) => number;

/** Skips the value at `position` and returns the position after it. */
type Skip = (input: Buffer, position: number) => number;

/** The logical types of `avro-logical-types.ts`: their decoded values are strings. */
const STRING_LOGICAL_TYPES = new Set([
  'logical:timestamp-millis',
  'logical:timestamp-micros',
  'logical:date',
  'logical:decimal',
]);

const out = new PayloadLiteral();

/** Writes the payload literal of records of `type` (the value avsc decoded, and its bytes from `start`). */
export function avroPayloadLiteral(type: avro.Type): (input: Buffer, start: number, value: unknown) => string {
  const root = stepOf(type, new Map());
  return (input, start, value) => {
    out.begin();
    if (root(input, start, value, out) !== input.length) {
      // Unreachable once avsc has read the same bytes; kept so a walker bug can only cost time.
      out.begin();
      out.value(value);
    }
    return out.end();
  };
}

/** Reads a zigzag varint (Avro int and long) whose end `varintEnd` then holds. */
let varintEnd = 0;
function readLong(input: Buffer, position: number): number {
  let result = 0;
  let factor = 1;
  let at = position;
  let byte: number;
  do {
    byte = input[at++]!;
    result += (byte & 0x7f) * factor;
    factor *= 128;
  } while (byte & 0x80);
  varintEnd = at;
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

function skipVarint(input: Buffer, position: number): number {
  let at = position;
  while (input[at++]! & 0x80);
  return at;
}

function stepOf(type: avro.Type, steps: Map<avro.Type, Step>): Step {
  const known = steps.get(type);
  if (known) return known;
  if (type instanceof avro.types.RecordType) {
    // Named types may refer to themselves: the record's step is found through the map while its fields compile.
    let fields: Step = () => 0;
    steps.set(type, (input, position, value, writer) => fields(input, position, value, writer));
    fields = recordStep(type, steps);
    return fields;
  }
  const step = leafStep(type, steps);
  steps.set(type, step);
  return step;
}

function recordStep(type: avro.types.RecordType, steps: Map<avro.Type, Step>): Step {
  const names = type.fields.map((field) => field.name);
  // Avro names are ASCII letters, digits and underscores: nothing to escape.
  const prefixes = names.map((name, index) => Buffer.from(`${index === 0 ? '{' : ','}\\"${name}\\":`, 'latin1'));
  const fieldSteps = type.fields.map((field) => stepOf(field.type, steps));
  if (names.length === 0) return (_input, position, _value, writer) => (writer.byte(0x7b), writer.byte(0x7d), position);
  return (input, position, value, writer) => {
    const record = value as Record<string, unknown>;
    let at = position;
    for (let i = 0; i < fieldSteps.length; i++) {
      writer.ascii(prefixes[i]!);
      at = fieldSteps[i]!(input, at, record[names[i]!], writer);
    }
    writer.byte(0x7d);
    return at;
  };
}

function leafStep(type: avro.Type, steps: Map<avro.Type, Step>): Step {
  const name = type.typeName;
  if (STRING_LOGICAL_TYPES.has(name)) {
    const skip = skipOf((type as avro.types.LogicalType).underlyingType);
    return (input, position, value, writer) => (writer.string(value as string), skip(input, position));
  }
  switch (name) {
    case 'null':
      return (_input, position, _value, writer) => (writer.ascii(NULL), position);
    case 'boolean':
      return (_input, position, value, writer) => (writer.ascii(value ? TRUE : FALSE), position + 1);
    case 'int':
    case 'long':
      return (input, position, value, writer) => (writer.number(value as number), skipVarint(input, position));
    case 'float':
      return (_input, position, value, writer) => (writer.number(value as number), position + 4);
    case 'double':
      return (_input, position, value, writer) => (writer.number(value as number), position + 8);
    case 'string':
      return (input, position, value, writer) => {
        const length = readLong(input, position);
        const start = varintEnd;
        if (!writer.utf8String(input, start, start + length)) writer.value(value);
        return start + length;
      };
    case 'bytes':
    case 'fixed': {
      const skip = skipOf(type);
      return (input, position, value, writer) => (writer.base64(value as Buffer), skip(input, position));
    }
    case 'enum':
      return (input, position, value, writer) => (writer.string(value as string), skipVarint(input, position));
    case 'array':
      return arrayStep(stepOf((type as avro.types.ArrayType).itemsType, steps));
    case 'union:unwrapped': {
      const branches = (type as avro.types.UnwrappedUnionType).types.map((branch) => stepOf(branch, steps));
      return (input, position, value, writer) => {
        const branch = branches[readLong(input, position)]!;
        return branch(input, varintEnd, value, writer);
      };
    }
    default: {
      // Maps, wrapped unions and anything else: JSON.stringify of the decoded value.
      const skip = skipOf(type);
      return (input, position, value, writer) => (writer.value(value), skip(input, position));
    }
  }
}

function arrayStep(items: Step): Step {
  return (input, position, value, writer) => {
    const array = value as unknown[];
    let at = position;
    let index = 0;
    writer.byte(0x5b);
    for (;;) {
      let count = readLong(input, at);
      at = varintEnd;
      if (count === 0) break;
      if (count < 0) {
        // A negative count is followed by the block's size in bytes.
        count = -count;
        at = skipVarint(input, at);
      }
      for (let i = 0; i < count; i++, index++) {
        if (index > 0) writer.byte(0x2c);
        at = items(input, at, array[index], writer);
      }
    }
    writer.byte(0x5d);
    return at;
  };
}

/** How to step over a value of `type` without writing it (Avro's binary encoding of each type). */
function skipOf(type: avro.Type, skips = new Map<avro.Type, Skip>()): Skip {
  const known = skips.get(type);
  if (known) return known;
  let skip: Skip = () => 0;
  skips.set(type, (input, position) => skip(input, position));
  skip = buildSkip(type, skips);
  return skip;
}

function buildSkip(type: avro.Type, skips: Map<avro.Type, Skip>): Skip {
  if (type instanceof avro.types.LogicalType) return skipOf(type.underlyingType, skips);
  if (type instanceof avro.types.RecordType) {
    const fields = type.fields.map((field) => skipOf(field.type, skips));
    return (input, position) => fields.reduce((at, field) => field(input, at), position);
  }
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    const branches = type.types.map((branch) => skipOf(branch, skips));
    return (input, position) => branches[readLong(input, position)]!(input, varintEnd);
  }
  if (type instanceof avro.types.ArrayType) return blocksSkip(skipOf(type.itemsType, skips));
  if (type instanceof avro.types.MapType) {
    const values = skipOf(type.valuesType, skips);
    return blocksSkip((input, position) => values(input, skipLengthPrefixed(input, position)));
  }
  if (type instanceof avro.types.FixedType) {
    const size = type.size;
    return (_input, position) => position + size;
  }
  switch (type.typeName) {
    case 'null':
      return (_input, position) => position;
    case 'boolean':
      return (_input, position) => position + 1;
    case 'float':
      return (_input, position) => position + 4;
    case 'double':
      return (_input, position) => position + 8;
    case 'bytes':
    case 'string':
      return skipLengthPrefixed;
    default:
      // int, long, enum
      return skipVarint;
  }
}

function skipLengthPrefixed(input: Buffer, position: number): number {
  const length = readLong(input, position);
  return varintEnd + length;
}

/** Arrays and maps: blocks of items, each block a count (negative: followed by its size), until a count of 0. */
function blocksSkip(item: Skip): Skip {
  return (input, position) => {
    let at = position;
    for (;;) {
      const count = readLong(input, at);
      at = varintEnd;
      if (count === 0) return at;
      if (count < 0) {
        const size = readLong(input, at);
        at = varintEnd + size;
        continue;
      }
      for (let i = 0; i < count; i++) at = item(input, at);
    }
  };
}
