/**
 * Avro records from a Schema Registry: each writer schema is resolved to the topic's
 * reader schema with avsc's resolver (Avro's schema-resolution rules: added fields take
 * their defaults, removed fields are skipped, numeric types promote), and the decoded
 * record becomes the JSON text of the Bronze payload (logical types as in
 * `avro-logical-types.ts`, bytes and fixed as base64). A record written with the reader's
 * own schema (the usual case), or with a version that only adds or removes fields
 * (`avro-resolved-payload.ts`), has its payload written from its bytes
 * (`avro-payload-literal.ts`), decoding only the field its event time is read from unless
 * the topic's JSON Schema must check the whole record; another resolved one is decoded and
 * goes through JSON.stringify.
 */
import avro from 'avsc';
import type { Decoded, ReferencedSchema } from './registry-decoder.js';
import { RegistryDecoder } from './registry-decoder.js';
import type { RegistrySchema } from './registry-client.js';
import { JSON_LOGICAL_TYPES } from './avro-logical-types.js';
import { AvroPayloadReader } from './avro-payload-literal.js';
import { resolvedPayloadReader } from './avro-resolved-payload.js';
import { binaryAsBase64 } from './payload-literal.js';

/** A writer schema compiled for reading: the type records decode into and the resolver from the writer. */
interface AvroWriter {
  type: avro.Type;
  resolver?: avro.Resolver;
  /** the type holds bytes or fixed values, which need base64 in JSON */
  binary: boolean;
  /** writes the payload literal from the record's bytes (a resolved record: when it is plainly resolved) */
  payload?: AvroPayloadReader;
}

/**
 * Parses an Avro schema as the registry serves it, with JSON-friendly logical types; the
 * schemas it refers to (`referenced`, each before its users) define the named types it uses.
 */
export function avroType(schema: string, referenced: readonly ReferencedSchema[] = []): avro.Type {
  const options: Partial<avro.ForSchemaOptions> = {
    logicalTypes: JSON_LOGICAL_TYPES,
    wrapUnions: 'auto',
    registry: {},
  };
  for (const other of referenced) avro.Type.forSchema(JSON.parse(other.schema) as avro.Schema, options);
  return avro.Type.forSchema(JSON.parse(schema) as avro.Schema, options);
}

/** Decodes one Avro topic. */
export class AvroDecoder extends RegistryDecoder<avro.Type, AvroWriter> {
  protected compileReader(schema: RegistrySchema, referenced: ReferencedSchema[]): avro.Type {
    return avroType(schema.schema, referenced);
  }

  protected compileWriter(
    schema: RegistrySchema,
    reader: avro.Type | null,
    referenced: ReferencedSchema[],
  ): AvroWriter {
    const writer = avroType(schema.schema, referenced);
    if (!reader || sameSchema(reader, writer)) {
      return { type: writer, binary: holdsBinary(writer), payload: new AvroPayloadReader(writer, this.capture()) };
    }
    // Throws when the writer cannot be read as the reader (Avro's resolution rules).
    const resolver = reader.createResolver(writer);
    const payload = resolvedPayloadReader(writer, reader, this.capture());
    return { type: reader, resolver, binary: holdsBinary(reader), payload };
  }

  /** The field decoded beside writing the payload: the record need not be decoded whole when only it is read. */
  private capture(): string | undefined {
    return this.topic.validate ? undefined : this.topic.eventTimeField.split('.')[0];
  }

  protected decodeBody(writer: AvroWriter, value: Buffer, start: number): Decoded {
    const payload = writer.payload;
    if (payload?.capturing) {
      const literal = payload.read(value, start);
      if (literal !== undefined) return { ok: true, parsed: payload.fields(), literal };
      // Not a record of the schema: avsc says why below.
    }
    let parsed: unknown;
    let end: number;
    try {
      ({ value: parsed, offset: end } = writer.type.decode(value, start, writer.resolver));
    } catch (error) {
      return notDecodable((error as Error).message);
    }
    // The record must fill the value exactly (what avsc's fromBuffer checks, in its words).
    if (end < 0) return notDecodable('truncated buffer');
    if (end !== value.length) return notDecodable('trailing data');
    const literal = payload?.read(value, start);
    if (literal !== undefined) return { ok: true, parsed, literal };
    const text = writer.binary ? JSON.stringify(parsed, binaryAsBase64) : JSON.stringify(parsed);
    return { ok: true, parsed, literal: JSON.stringify(text) };
  }
}

function notDecodable(why: string): Decoded {
  return { ok: false, reason: 'not_decodable', detail: `Avro: ${why}`.slice(0, 300) };
}

/** Whether two types are the same schema, logical types and all (then reading needs no resolution). */
function sameSchema(a: avro.Type, b: avro.Type): boolean {
  return JSON.stringify(a.schema({ exportAttrs: true })) === JSON.stringify(b.schema({ exportAttrs: true }));
}

/** Whether values of `type` can hold raw bytes (outside a logical type that converts them). */
function holdsBinary(type: avro.Type, seen = new Set<avro.Type>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  const name = type.typeName;
  if (name.startsWith('logical:')) return false;
  if (name === 'bytes' || name === 'fixed') return true;
  if (type instanceof avro.types.RecordType) return type.fields.some((field) => holdsBinary(field.type, seen));
  if (type instanceof avro.types.ArrayType) return holdsBinary(type.itemsType, seen);
  if (type instanceof avro.types.MapType) return holdsBinary(type.valuesType, seen);
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    return type.types.some((branch) => holdsBinary(branch, seen));
  }
  return false;
}
