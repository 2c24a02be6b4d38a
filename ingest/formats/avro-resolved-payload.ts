/**
 * The payload literal of an Avro record written with another version of the topic's reader
 * schema, from its bytes (`avro-payload-literal.ts`), for the common evolution: fields added
 * with a default, fields removed, the fields both have of the same type in the same order.
 * The literal has the reader's fields in the reader's order, as avsc's resolver reads them:
 * a field the writer has is written from its bytes, one it lacks is its default, and the
 * writer's other fields are read past. Any other difference (a promoted or changed type,
 * fields met by alias or reordered) leaves the record to avsc's resolver.
 */
import avro from 'avsc';
import { AvroPayloadReader, capturingStep, stepOf, type Capture, type Step } from './avro-payload-literal.js';
import { PayloadLiteral, valueLiteral } from './payload-literal.js';

/** A field of the reader: read from the writer's field at `writerIndex`, or (-1) its default. */
interface ReaderField {
  field: avro.types.Field;
  writerIndex: number;
}

/** Where the writer's fields the reader does not have are written, to be dropped. */
const skipped = new PayloadLiteral();

/**
 * The payload reader of records written with `writer` and read as `reader`, or undefined
 * when their difference is not one read here. `capture`: as {@link AvroPayloadReader}'s.
 */
export function resolvedPayloadReader(
  writer: avro.Type,
  reader: avro.Type,
  capture?: string,
): AvroPayloadReader | undefined {
  if (!(writer instanceof avro.types.RecordType) || !(reader instanceof avro.types.RecordType)) return undefined;
  const fields = readerFields(writer, reader);
  if (!fields) return undefined;
  return new AvroPayloadReader(writer, capture, (type, steps, captured) =>
    resolvingStep(type, fields, steps, captured),
  );
}

/** The reader's fields matched to the writer's, or undefined when they are not matched plainly. */
function readerFields(writer: avro.types.RecordType, reader: avro.types.RecordType): ReaderField[] | undefined {
  const fields: ReaderField[] = [];
  let last = -1;
  for (const field of reader.fields) {
    const writerIndex = writer.fields.findIndex((candidate) => candidate.name === field.name);
    if (writerIndex < 0) {
      // A field met by one of its aliases is the resolver's to read.
      if (field.aliases.length || field.defaultValue() === undefined) return undefined;
    } else {
      if (writerIndex < last || !sameType(writer.fields[writerIndex]!.type, field.type)) return undefined;
      last = writerIndex;
    }
    fields.push({ field, writerIndex });
  }
  return fields;
}

function sameType(a: avro.Type, b: avro.Type): boolean {
  return JSON.stringify(a.schema({ exportAttrs: true })) === JSON.stringify(b.schema({ exportAttrs: true }));
}

/** Writes the reader's fields in order, reading the writer's fields up to each one it takes from them. */
function resolvingStep(
  writer: avro.types.RecordType,
  fields: ReaderField[],
  steps: Map<avro.Type, Step>,
  capture?: Capture,
): Step {
  const writerSteps = writer.fields.map((field) => stepOf(field.type, steps));
  const parts = fields.map(({ field, writerIndex }, index) => {
    const prefix = Buffer.from(`${index === 0 ? '{' : ','}\\"${field.name}\\":`, 'latin1');
    const captured = field.name === capture?.name ? capture : undefined;
    if (writerIndex >= 0) {
      const step = writerSteps[writerIndex]!;
      const read = captured ? capturingStep(field.type, step, captured.into) : step;
      return { prefix, writerIndex, read, fallback: '', ascii: true, field, captured: undefined };
    }
    // avsc's resolver gives the default's value: the literal of that value, the same for every record.
    const fallback = valueLiteral(field.defaultValue());
    return { prefix, writerIndex, read: undefined, fallback, ascii: /^[\x20-\x7e]*$/.test(fallback), field, captured };
  });
  return (input, position, out) => {
    let at = position;
    let next = 0;
    skipped.begin();
    if (parts.length === 0) out.byte(0x7b);
    for (const part of parts) {
      out.ascii(part.prefix);
      if (!part.read) {
        if (part.ascii) out.raw(part.fallback);
        else out.value(part.field.defaultValue());
        part.captured?.into(part.field.defaultValue());
        continue;
      }
      // The writer's fields before this one that the reader does not have.
      for (; next < part.writerIndex; next++) at = writerSteps[next]!(input, at, skipped);
      at = part.read(input, at, out);
      next++;
    }
    for (; next < writerSteps.length; next++) at = writerSteps[next]!(input, at, skipped);
    out.byte(0x7d);
    return at;
  };
}
