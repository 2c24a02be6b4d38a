/**
 * The payload literal of an Avro record (`payload-literal.ts`), written straight from the
 * record's bytes in one pass, without decoding the record first: ASCII strings are copied,
 * numbers and logical types are read and written, and only maps and wrapped unions (whose
 * JSON key order is the decoded object's) are decoded by avsc and go through
 * JSON.stringify. Built per writer schema, for records read with their writer's schema
 * (no resolution: the bytes then have the payload's shape).
 *
 * The bytes are checked as they are read. Bytes that are not a record of the schema
 * (truncated, a negative length, a union or enum index out of range, a long beyond 2^53,
 * bytes left over) give no literal, and the caller decodes them with avsc, which says
 * what is wrong; so the literal is only ever written for records avsc reads the same way.
 */
import avro from 'avsc';
import { isJsonLogicalType } from './avro-logical-types.js';
import { FALSE, NULL, PayloadLiteral, TRUE } from './payload-literal.js';

/** Writes the literal of the value at `position` of `input` and returns the position after it. */
export type Step = (input: Buffer, position: number, out: PayloadLiteral) => number;

/** Reads the value at `position` of `input`; the position after it is then in `valueEnd`. */
type ValueReader = (input: Buffer, position: number) => unknown;

/** Thrown when the bytes are not a record of the schema (the caller then lets avsc say why). */
export const MALFORMED = new Error('not a record of the writer schema');
/** The largest zigzag-encoded long read here: up to it, the float sum is exact (avsc reads the rest). */
const MAX_ENCODED = 2 ** 53;

const out = new PayloadLiteral();

/** Writes the payload literal of records of one writer schema from their bytes. */
export class AvroPayloadReader {
  private readonly root: Step;
  /** the top-level field whose decoded value {@link fields} returns */
  private readonly captureName: string | undefined;
  private captured: unknown;

  /**
   * `capture`: the name of a top-level field of a record schema to decode along the way
   * (the field the event time is read from), so the record need not be decoded whole.
   * `recordStep`: how the record is written when it is not as its schema has it (read with
   * another schema: `avro-resolved-payload.ts`).
   */
  constructor(type: avro.Type, capture?: string, record: RecordStepFactory = recordStep) {
    const steps = new Map<avro.Type, Step>();
    if (capture !== undefined && type instanceof avro.types.RecordType) {
      this.captureName = capture;
      this.root = record(type, steps, { name: capture, into: (value) => (this.captured = value) });
    } else {
      const resolving = record !== recordStep && type instanceof avro.types.RecordType;
      this.root = resolving ? record(type, steps) : stepOf(type, steps);
    }
  }

  /** Whether {@link fields} holds the captured field (the schema is a record). */
  get capturing(): boolean {
    return this.captureName !== undefined;
  }

  /** The literal of the record in `input` from `start` to its end; undefined when the bytes are not such a record. */
  read(input: Buffer, start: number): string | undefined {
    this.captured = undefined;
    out.begin();
    try {
      if (this.root(input, start, out) !== input.length) return undefined;
    } catch {
      // MALFORMED, or what a logical type throws (a timestamp beyond Date's range): avsc reports it.
      return undefined;
    }
    return out.end();
  }

  /** The record of the last {@link read} as far as it was decoded: an object with the captured field only. */
  fields(): Record<string, unknown> {
    return this.captureName === undefined ? {} : { [this.captureName]: this.captured };
  }
}

/** Reads a zigzag varint (Avro int and long) whose end `varintEnd` then holds. */
let varintEnd = 0;
function readLong(input: Buffer, position: number): number {
  let result = 0;
  let factor = 1;
  let at = position;
  let byte: number;
  do {
    if (at >= input.length) throw MALFORMED;
    byte = input[at++]!;
    result += (byte & 0x7f) * factor;
    factor *= 128;
  } while (byte & 0x80);
  varintEnd = at;
  if (result > MAX_ENCODED) throw MALFORMED;
  return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
}

/** The end of `length` bytes from `position`, checked against the input. */
function spanEnd(input: Buffer, position: number, length: number): number {
  const end = position + length;
  if (length < 0 || end > input.length) throw MALFORMED;
  return end;
}

/** Builds the step of a top-level record (`capture`: the field also decoded). */
export type RecordStepFactory = (type: avro.types.RecordType, steps: Map<avro.Type, Step>, capture?: Capture) => Step;

/** The field a record step decodes beside writing it, and where the value goes. */
export interface Capture {
  name: string;
  into: (value: unknown) => void;
}

/** The step of values of `type` (`steps`: those built so far, by type). */
export function stepOf(type: avro.Type, steps: Map<avro.Type, Step>): Step {
  const known = steps.get(type);
  if (known) return known;
  if (type instanceof avro.types.RecordType) {
    // Named types may refer to themselves: the record's step is found through the map while its fields compile.
    let fields: Step = () => 0;
    steps.set(type, (input, position, writer) => fields(input, position, writer));
    fields = recordStep(type, steps);
    return fields;
  }
  const step = leafStep(type, steps);
  steps.set(type, step);
  return step;
}

function recordStep(type: avro.types.RecordType, steps: Map<avro.Type, Step>, capture?: Capture): Step {
  const names = type.fields.map((field) => field.name);
  // Avro names are ASCII letters, digits and underscores: nothing to escape.
  const prefixes = names.map((name, index) => Buffer.from(`${index === 0 ? '{' : ','}\\"${name}\\":`, 'latin1'));
  const fieldSteps = type.fields.map((field) => {
    const step = stepOf(field.type, steps);
    return field.name === capture?.name ? capturingStep(field.type, step, capture.into) : step;
  });
  if (names.length === 0) return (_input, position, writer) => (writer.byte(0x7b), writer.byte(0x7d), position);
  return (input, position, writer) => {
    let at = position;
    for (let i = 0; i < fieldSteps.length; i++) {
      writer.ascii(prefixes[i]!);
      at = fieldSteps[i]!(input, at, writer);
    }
    writer.byte(0x7d);
    return at;
  };
}

/** A step that also hands the value, as avsc decodes it, to `into`. */
export function capturingStep(type: avro.Type, step: Step, into: (value: unknown) => void): Step {
  const read = valueReader(type);
  const write = read && valueWriter(type);
  if (read && write) {
    // A primitive or logical value is read once, then written from the value.
    return (input, position, writer) => {
      const value = read(input, position);
      into(value);
      write(value, writer);
      return valueEnd;
    };
  }
  return (input, position, writer) => {
    const decoded = type.decode(input, position);
    if (decoded.offset < 0) throw MALFORMED;
    into(decoded.value);
    return step(input, position, writer);
  };
}

/** Writes a value a {@link ValueReader} read (as the step of its type writes it from the bytes). */
function valueWriter(type: avro.Type): ((value: unknown, writer: PayloadLiteral) => void) | undefined {
  // Logical types here read as strings.
  if (isJsonLogicalType(type) || type.typeName === 'string') return (value, writer) => writer.string(value as string);
  switch (type.typeName) {
    case 'int':
    case 'long':
      return (value, writer) => writer.number(value as number);
    case 'bytes':
    case 'fixed':
      return (value, writer) => writer.base64(value as Buffer);
    default:
      return undefined;
  }
}

/** Where the value a {@link ValueReader} read ends. */
let valueEnd = 0;

/** Reads values of primitive types (and logical types over them) as avsc decodes them; undefined for others. */
function valueReader(type: avro.Type): ValueReader | undefined {
  if (isJsonLogicalType(type)) {
    const underlying = valueReader(type.underlyingType);
    return underlying && ((input, position) => type.fromUnderlying(underlying(input, position)));
  }
  if (type instanceof avro.types.FixedType) {
    const size = type.size;
    return (input, position) => input.subarray(position, (valueEnd = spanEnd(input, position, size)));
  }
  switch (type.typeName) {
    case 'int':
    case 'long':
      return (input, position) => {
        const value = readLong(input, position);
        valueEnd = varintEnd;
        return value;
      };
    case 'string':
      return (input, position) => {
        const length = readLong(input, position);
        const start = varintEnd;
        return input.toString('utf8', start, (valueEnd = spanEnd(input, start, length)));
      };
    case 'bytes':
      return (input, position) => {
        const length = readLong(input, position);
        const start = varintEnd;
        return input.subarray(start, (valueEnd = spanEnd(input, start, length)));
      };
    default:
      return undefined;
  }
}

function leafStep(type: avro.Type, steps: Map<avro.Type, Step>): Step {
  if (isJsonLogicalType(type)) {
    // Timestamps, dates and decimals: strings in the payload.
    const read = valueReader(type);
    if (read) return (input, position, writer) => (writer.string(read(input, position) as string), valueEnd);
  }
  switch (type.typeName) {
    case 'null':
      return (_input, position, writer) => (writer.ascii(NULL), position);
    case 'boolean':
      return (input, position, writer) => {
        // Any byte but 0 reads as true, as avsc reads it.
        writer.ascii(input[position] ? TRUE : FALSE);
        return spanEnd(input, position, 1);
      };
    case 'int':
    case 'long':
      return (input, position, writer) => (writer.number(readLong(input, position)), varintEnd);
    case 'float':
      return (input, position, writer) => {
        const end = spanEnd(input, position, 4);
        writer.number(input.readFloatLE(position));
        return end;
      };
    case 'double':
      return (input, position, writer) => {
        const end = spanEnd(input, position, 8);
        writer.number(input.readDoubleLE(position));
        return end;
      };
    case 'string':
      return (input, position, writer) => {
        const length = readLong(input, position);
        const start = varintEnd;
        const end = spanEnd(input, start, length);
        if (!writer.utf8String(input, start, end)) writer.value(input.toString('utf8', start, end));
        return end;
      };
    case 'bytes':
    case 'fixed': {
      const read = valueReader(type)!;
      return (input, position, writer) => (writer.base64(read(input, position) as Buffer), valueEnd);
    }
    case 'enum': {
      const symbols = (type as avro.types.EnumType).symbols;
      return (input, position, writer) => {
        const symbol = symbols[readLong(input, position)];
        if (symbol === undefined) throw MALFORMED;
        writer.string(symbol);
        return varintEnd;
      };
    }
    case 'array':
      return arrayStep(stepOf((type as avro.types.ArrayType).itemsType, steps));
    case 'union:unwrapped': {
      const branches = (type as avro.types.UnwrappedUnionType).types.map((branch) => stepOf(branch, steps));
      return (input, position, writer) => {
        const branch = branches[readLong(input, position)];
        if (!branch) throw MALFORMED;
        return branch(input, varintEnd, writer);
      };
    }
    default:
      // Maps, wrapped unions and anything else: decoded by avsc, written by JSON.stringify.
      return (input, position, writer) => {
        const decoded = type.decode(input, position);
        if (decoded.offset < 0) throw MALFORMED;
        writer.value(decoded.value);
        return decoded.offset;
      };
  }
}

function arrayStep(items: Step): Step {
  return (input, position, writer) => {
    let at = position;
    let first = true;
    writer.byte(0x5b);
    for (;;) {
      let count = readLong(input, at);
      at = varintEnd;
      if (count === 0) break;
      if (count < 0) {
        // A negative count is followed by the block's size in bytes.
        count = -count;
        readLong(input, at);
        at = varintEnd;
      }
      // Items take a byte or more but for nulls: a longer count is left to avsc (which bounds it).
      if (count > input.length - at) throw MALFORMED;
      for (let i = 0; i < count; i++) {
        if (!first) writer.byte(0x2c);
        first = false;
        at = items(input, at, writer);
      }
    }
    writer.byte(0x5d);
    return at;
  };
}
