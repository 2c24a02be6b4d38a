/**
 * The payload literal of a Protobuf message (`payload-literal.ts`), written from the
 * message's bytes without building protobufjs's message and its JSON object: each message
 * is scanned once for where its fields' values are (the last one of a singular field, every
 * one of a repeated field), then written in the order the JSON mapping writes its keys
 * (`TO_OBJECT` of `protobuf-decoder.ts`: repeated fields, then singular fields with their
 * defaults, then the set member of each oneof or proto3 `optional` field, each group by
 * field number). Values are written as protobufjs converts them (`protobuf-field-values.ts`),
 * maps as the object protobufjs builds (`protobuf-map-entries.ts`).
 *
 * Only what reads one plain way is read here: a message field met twice (protobufjs merges
 * the two), two members of one oneof, groups, a varint or tag that is too long, a string
 * that is not UTF-8, anything past its end, give no literal, and the caller decodes the
 * record with protobufjs (which says what is wrong, or reads it its way). Types with closed
 * enums, groups or required fields (proto2 only) have no fast path at all.
 */
import protobuf from 'protobufjs';
import { PayloadLiteral } from './payload-literal.js';
import { entriesWriter, type EntriesWriter } from './protobuf-map-entries.js';
import {
  TIMESTAMP,
  TO_OBJECT,
  convertedWriter,
  scalarWriter,
  timestampWriter,
  valueReader,
  type ValueWriter,
} from './protobuf-field-values.js';
import { DELIMITED, FIXED32, FIXED64, MALFORMED, readSize, readVarint, valueEnd, varint } from './protobuf-wire.js';

/** Deeper messages are left to protobufjs (which stops at its recursion limit). */
const MAX_DEPTH = 32;

interface FieldPlan {
  name: string;
  /** `\"name\":` */
  key: Buffer;
  repeated: boolean;
  /** the wire type of one value; a repeated field of a scalar type also takes its packed form */
  wire: number;
  packable: boolean;
  /** the fixed size of a packed item (4 or 8), or 0 for varints */
  packedSize: number;
  /** the field's own oneof (index in the message's), or -1 */
  oneof: number;
  /** a singular field of message type: met twice, protobufjs merges the two */
  merges: boolean;
  write: ValueWriter;
  /** a map field: writes the object of its entries */
  entries?: EntriesWriter;
  /** the JSON mapping's value when absent (singular fields outside oneofs; undefined: no key) */
  absentValue: unknown;
  /** the same as literal text */
  absent: string;
  /** the field's index among the message's fields */
  slot: number;
}

interface MessagePlan {
  /** the fields by field number (a sparse array) */
  byNumber: (FieldPlan | undefined)[];
  /** where singular fields' values are, one array per nesting depth (reused from message to message) */
  spans: Int32Array[];
  /** the fields in the JSON mapping's key order */
  ordered: FieldPlan[];
  fieldCount: number;
  oneofCount: number;
}

const out = new PayloadLiteral();

/** Writes the payload literal of messages of one type from their bytes. */
export class ProtobufPayloadReader {
  private captured: unknown;

  private constructor(
    private readonly plan: MessagePlan,
    /** the top-level field whose JSON-mapped value {@link fields} returns */
    private readonly capture: FieldPlan | undefined,
    private readonly captureName: string | undefined,
    private readonly captureValue: ((input: Buffer, start: number, end: number) => unknown) | undefined,
  ) {}

  /**
   * The reader of messages of `type`, or undefined when the type has what is only read by
   * protobufjs. `capture`: a top-level field whose value to give by {@link fields} (the
   * field the event time is read from; a repeated one has no fast path).
   */
  static of(type: protobuf.Type, capture?: string): ProtobufPayloadReader | undefined {
    const plans = new Map<protobuf.Type, MessagePlan>();
    const plan = planOf(type, plans);
    if (!plan) return undefined;
    const field = capture === undefined ? undefined : plan.ordered.find((candidate) => candidate.name === capture);
    if (field?.repeated) return undefined;
    const reflected = field && type.fields[field.name];
    return new ProtobufPayloadReader(plan, field, capture, reflected && valueReader(reflected));
  }

  /** The literal of the message in `input` from `start` to its end; undefined when it is not plainly one. */
  read(input: Buffer, start: number): string | undefined {
    this.captured = undefined;
    out.begin();
    try {
      const spans = writeMessage(this.plan, input, start, input.length, out, 0);
      const field = this.capture;
      if (field && spans[2 * field.slot]! >= 0) {
        this.captured = this.captureValue!(input, spans[2 * field.slot]!, spans[2 * field.slot + 1]!);
      }
    } catch {
      // MALFORMED, or what a well-known type's conversion throws: protobufjs reports it.
      return undefined;
    }
    return out.end();
  }

  /** The message of the last {@link read} as far as it was decoded: an object with the captured field only. */
  fields(): Record<string, unknown> {
    if (this.captureName === undefined) return {};
    // An absent field has the mapping's default.
    return { [this.captureName]: this.captured === undefined ? this.capture?.absentValue : this.captured };
  }
}

/**
 * Scans one message in `input[start, end)` and writes its literal; returns where its singular
 * fields' last values are (start and end per field slot, -1 when absent).
 */
function writeMessage(
  plan: MessagePlan,
  input: Buffer,
  start: number,
  end: number,
  writer: PayloadLiteral,
  depth: number,
): Int32Array {
  if (depth > MAX_DEPTH) throw MALFORMED;
  let spans = plan.spans[depth];
  if (!spans) plan.spans[depth] = spans = new Int32Array(2 * plan.fieldCount);
  spans.fill(-1);
  const chosen = plan.oneofCount ? new Int32Array(plan.oneofCount).fill(-1) : undefined;
  let repeated: number[][] | undefined;
  let at = start;
  while (at < end) {
    // Tags and lengths of one byte are the common case.
    let tag = input[at]!;
    if (tag < 0x80) at++;
    else {
      tag = readSize(input, at, end);
      at = varint.end;
    }
    const number = tag >>> 3;
    const wire = tag & 7;
    if (number === 0) throw MALFORMED;
    let valueStart = at;
    let next: number;
    if (wire === DELIMITED) {
      let length = at < end ? input[at]! : 0x80;
      if (length < 0x80) valueStart = at + 1;
      else {
        length = readSize(input, at, end);
        valueStart = varint.end;
      }
      next = valueStart + length;
      if (next > end) throw MALFORMED;
    } else next = valueEnd(input, wire, at, end);
    at = next;
    const field = plan.byNumber[number];
    if (!field) continue;
    if (field.repeated) {
      if (wire !== field.wire && !(field.packable && wire === DELIMITED)) continue;
      repeated ??= [];
      (repeated[field.slot] ??= []).push(wire, valueStart, next);
      continue;
    }
    // A value of another wire type is skipped as an unknown field is.
    if (wire !== field.wire) continue;
    const slot = 2 * field.slot;
    if (field.merges && spans[slot]! >= 0) throw MALFORMED;
    if (field.oneof >= 0) {
      const previous = chosen![field.oneof]!;
      if (previous >= 0 && previous !== field.slot) throw MALFORMED;
      chosen![field.oneof] = field.slot;
    }
    spans[slot] = valueStart;
    spans[slot + 1] = next;
  }
  if (at !== end) throw MALFORMED;
  let first = true;
  for (const field of plan.ordered) {
    const slot = 2 * field.slot;
    if (field.oneof >= 0 && spans[slot]! < 0) continue;
    writer.byte(first ? 0x7b : 0x2c);
    first = false;
    writer.ascii(field.key);
    if (field.entries) field.entries(input, repeated?.[field.slot], writer);
    else if (field.repeated) writeRepeated(field, repeated?.[field.slot], input, writer, depth);
    else if (spans[slot]! >= 0) field.write(input, spans[slot]!, spans[slot + 1]!, writer, depth);
    else writer.raw(field.absent);
  }
  if (first) writer.byte(0x7b);
  writer.byte(0x7d);
  return spans;
}

function writeRepeated(
  field: FieldPlan,
  values: number[] | undefined,
  input: Buffer,
  writer: PayloadLiteral,
  depth: number,
): void {
  writer.byte(0x5b);
  let first = true;
  for (let i = 0; values && i < values.length; i += 3) {
    const start = values[i + 1]!;
    const end = values[i + 2]!;
    if (values[i] === field.wire) {
      if (!first) writer.byte(0x2c);
      first = false;
      field.write(input, start, end, writer, depth);
      continue;
    }
    // Packed: the items one after another.
    for (let at = start; at < end;) {
      const itemEnd = field.packedSize ? at + field.packedSize : (readVarint(input, at, end), varint.end);
      if (itemEnd > end) throw MALFORMED;
      if (!first) writer.byte(0x2c);
      first = false;
      field.write(input, at, itemEnd, writer, depth);
      at = itemEnd;
    }
  }
  writer.byte(0x5d);
}

function planOf(type: protobuf.Type, plans: Map<protobuf.Type, MessagePlan>): MessagePlan | undefined {
  const known = plans.get(type);
  if (known) return known;
  // protobufjs checks required fields, and rejects an empty message of a type with them.
  if (type.fieldsArray.some((field) => field.required)) return undefined;
  // The defaults protobufjs gives an empty message: the key order and values of fields outside oneofs.
  const defaults = type.toObject(type.decode(new Uint8Array(0)), TO_OBJECT);
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  const plan: MessagePlan = {
    byNumber: [],
    spans: [],
    ordered: [],
    fieldCount: fields.length,
    oneofCount: type.oneofsArray.length,
  };
  plans.set(type, plan);
  const planned: FieldPlan[] = [];
  for (const [slot, field] of fields.entries()) {
    const fieldPlan = fieldPlanOf(type, field, slot, defaults, plans);
    if (!fieldPlan) {
      plans.delete(type);
      return undefined;
    }
    plan.byNumber[field.id] = fieldPlan;
    planned.push(fieldPlan);
  }
  const byName = new Map(planned.map((field) => [field.name, field]));
  plan.ordered = [
    ...Object.keys(defaults).map((name) => byName.get(name)!),
    ...planned.filter((field) => field.oneof >= 0),
  ];
  return plan.ordered.length === planned.length && plan.ordered.every(Boolean) ? plan : undefined;
}

function fieldPlanOf(
  type: protobuf.Type,
  field: protobuf.Field,
  slot: number,
  defaults: Record<string, unknown>,
  plans: Map<protobuf.Type, MessagePlan>,
): FieldPlan | undefined {
  field.resolve();
  const features = (field as unknown as { _features?: Record<string, string> })._features ?? {};
  const resolved = field.resolvedType;
  if (field.required || field.delimited || !/^\w+$/.test(field.name)) return undefined;
  if (resolved instanceof protobuf.Enum && features.enum_type === 'CLOSED') return undefined;
  if (field instanceof protobuf.MapField) return mapPlan(field, features, slot);
  const scalar = resolved instanceof protobuf.Type ? undefined : scalarWriter(field, features);
  let write: ValueWriter | undefined = scalar?.write;
  if (resolved instanceof protobuf.Type) {
    if (resolved.fullName === TIMESTAMP) write = timestampWriter;
    else if (protobuf.wrappers[resolved.fullName]) write = convertedWriter(resolved);
    else {
      const nested = planOf(resolved, plans);
      write =
        nested &&
        ((input, start, end, writer, depth) => void writeMessage(nested, input, start, end, writer, depth + 1));
    }
  }
  if (!write) return undefined;
  const oneof = field.partOf ? type.oneofsArray.indexOf(field.partOf) : -1;
  const absentValue = oneof >= 0 || field.repeated ? undefined : defaults[field.name];
  const absent = absentValue === undefined ? '' : literalOf(absentValue);
  // A default written as it is must be ASCII (proto2 may declare another).
  if (!/^[\x20-\x7e]*$/.test(absent)) return undefined;
  return {
    name: field.name,
    key: Buffer.from(`\\"${field.name}\\":`, 'latin1'),
    repeated: field.repeated,
    wire: scalar ? scalar.wire : DELIMITED,
    packable: field.repeated && scalar !== undefined && scalar.wire !== DELIMITED,
    packedSize: scalar?.wire === FIXED32 ? 4 : scalar?.wire === FIXED64 ? 8 : 0,
    oneof,
    merges: !scalar,
    write,
    absentValue,
    absent,
    slot,
  };
}

function mapPlan(field: protobuf.MapField, features: Record<string, string>, slot: number): FieldPlan | undefined {
  const wire = field.resolvedType instanceof protobuf.Type ? DELIMITED : scalarWriter(field, features)?.wire;
  const entries = wire === undefined ? undefined : entriesWriter(field, wire, valueReader(field));
  if (!entries) return undefined;
  return {
    name: field.name,
    key: Buffer.from(`\\"${field.name}\\":`, 'latin1'),
    // Met once per entry, as a repeated field's values are.
    repeated: true,
    wire: DELIMITED,
    packable: false,
    packedSize: 0,
    oneof: -1,
    merges: false,
    write: () => undefined,
    entries,
    absentValue: undefined,
    absent: '',
    slot,
  };
}

/** A value as the payload literal holds it (ASCII only: the JSON text escaped as a string's content). */
function literalOf(value: unknown): string {
  return JSON.stringify(JSON.stringify(value)).slice(1, -1);
}
