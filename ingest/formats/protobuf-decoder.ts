/**
 * Protobuf records from a Schema Registry. The message indexes after the header name the
 * message type within the writer's .proto file; the record is decoded with the topic's
 * reader schema's message of the same full name when the topic has one (Protobuf's own
 * evolution: fields the reader does not know are skipped, fields the writer did not send
 * take their defaults), else with the writer's. The payload is the message's JSON in the
 * proto3 mapping's spirit: field names as written, 64-bit integers and enums as strings,
 * bytes as base64, defaults present, well-known types as the mapping writes them
 * (`protobuf-well-known.ts`). Unknown fields are dropped, as the JSON mapping does. A message
 * of a proto3 type (proto2 ones without groups, closed enums or required fields too) has
 * its payload written from its bytes
 * (`protobuf-payload-literal.ts`), decoding only the field its event time is read from unless
 * the topic's JSON Schema must check the whole record.
 */
import protobuf from 'protobufjs';
import type { RegistrySchema } from './registry-client.js';
import { RegistryDecoder, type Decoded, type ReferencedSchema } from './registry-decoder.js';
import { readMessageIndexes } from './wire-format.js';
import { installWellKnownTypes } from './protobuf-well-known.js';
import { ProtobufPayloadReader } from './protobuf-payload-literal.js';
import { TO_OBJECT } from './protobuf-field-values.js';

installWellKnownTypes();

/** The message-index path of a file's first message. */
const FIRST_MESSAGE = [0];

/** A parsed .proto file and its message types in declaration order (what message indexes count). */
interface ProtoFile {
  root: protobuf.Root;
  messages: protobuf.Type[];
}

interface ProtoWriter {
  file: ProtoFile;
  reader: ProtoFile | null;
  /** decoding types by message-index path, resolved on first use */
  byPath: Map<string, DecodingType | string>;
}

/** The type a message is decoded as, and the writer of its payload from its bytes when the type has one. */
interface DecodingType {
  type: protobuf.Type;
  payload: ProtobufPayloadReader | undefined;
}

/** The JSON mapping of decoded messages (the generator checks its encodings against it). */
export { TO_OBJECT };

/**
 * Parses a .proto file as the registry serves it: the well-known types it imports, and the
 * files it imports that the registry holds under other subjects (`referenced`, Confluent's
 * schema references by import path), in one root. `messages` are the file's own.
 */
export function parseProto(text: string, referenced: readonly ReferencedSchema[] = []): ProtoFile {
  const root = new protobuf.Root();
  const imports = new Set<string>();
  for (const file of [...referenced.map((other) => other.schema), text]) {
    for (const name of protobuf.parse(file, root, { keepCase: true }).imports ?? []) imports.add(name);
  }
  for (const name of imports) {
    const common = protobuf.common.get(name);
    if (common?.nested) root.addJSON(common.nested);
  }
  root.resolveAll();
  // Message indexes count the file's own messages: read them from the file alone.
  const own = protobuf.parse(text, new protobuf.Root(), { keepCase: true });
  const namespace = own.package ? own.root.lookup(own.package) : own.root;
  const messages = namespace instanceof protobuf.Namespace ? messageTypes(namespace) : [];
  return { root, messages: messages.map((type) => root.lookupType(type.fullName)) };
}

/** The message-index path of `type` in `file` (what a producer writes after the header). */
export function messagePath(file: ProtoFile, type: protobuf.Type): number[] {
  const path: number[] = [];
  let current: protobuf.ReflectionObject | null = type;
  while (current instanceof protobuf.Type) {
    const parent: protobuf.ReflectionObject | null = current.parent;
    const siblings = parent instanceof protobuf.Type ? messageTypes(parent) : file.messages;
    path.unshift(siblings.indexOf(current));
    current = parent instanceof protobuf.Type ? parent : null;
  }
  return path;
}

/** Decodes one Protobuf topic. */
export class ProtobufDecoder extends RegistryDecoder<ProtoFile, ProtoWriter> {
  protected compileReader(schema: RegistrySchema, referenced: ReferencedSchema[]): ProtoFile {
    return parseProto(schema.schema, referenced);
  }

  protected compileWriter(
    schema: RegistrySchema,
    reader: ProtoFile | null,
    referenced: ReferencedSchema[],
  ): ProtoWriter {
    return { file: parseProto(schema.schema, referenced), reader, byPath: new Map() };
  }

  protected decodeBody(writer: ProtoWriter, value: Buffer, start: number): Decoded {
    // Most records are of the file's first message: one 0 byte, read without allocating.
    const indexes = value[start] === 0 ? { path: FIRST_MESSAGE, next: start + 1 } : readMessageIndexes(value, start);
    if (!indexes) return { ok: false, reason: 'not_decodable', detail: 'Protobuf: unreadable message indexes' };
    const decoding = this.decodingType(writer, indexes.path);
    if (typeof decoding === 'string') return { ok: false, reason: 'schema_incompatible', detail: decoding };
    const { type, payload } = decoding;
    if (payload) {
      const literal = payload.read(value, indexes.next);
      if (literal !== undefined) return { ok: true, parsed: payload.fields(), literal };
      // Not plainly a message of the type: protobufjs reads it, or says why not, below.
    }
    let parsed: unknown;
    try {
      parsed = type.toObject(type.decode(value.subarray(indexes.next)), TO_OBJECT);
    } catch (error) {
      return { ok: false, reason: 'not_decodable', detail: `Protobuf: ${(error as Error).message}`.slice(0, 300) };
    }
    // JSON.stringify twice beats walking the object here: protobufjs builds its strings in pieces.
    return { ok: true, parsed, literal: JSON.stringify(JSON.stringify(parsed)) };
  }

  private decodingType(writer: ProtoWriter, path: number[]): DecodingType | string {
    const key = path === FIRST_MESSAGE ? '0' : path.join('.');
    let decoding = writer.byPath.get(key);
    if (decoding === undefined) {
      const type = resolveType(writer, path);
      decoding = typeof type === 'string' ? type : { type, payload: this.payloadReader(type) };
      writer.byPath.set(key, decoding);
    }
    return decoding;
  }

  /** The fast writer of the payload, for a topic whose JSON Schema need not check the whole record. */
  private payloadReader(type: protobuf.Type): ProtobufPayloadReader | undefined {
    return this.topic.validate ? undefined : ProtobufPayloadReader.of(type, this.topic.eventTimeField.split('.')[0]);
  }
}

function resolveType(writer: ProtoWriter, path: number[]): protobuf.Type | string {
  let candidates = writer.file.messages;
  let type: protobuf.Type | undefined;
  for (const index of path) {
    type = candidates[index];
    if (!type) return `message index ${path.join('.')} is not in the writer's schema`;
    candidates = messageTypes(type);
  }
  if (!type || !writer.reader) return type ?? 'no message index';
  const readerType = writer.reader.root.lookup(type.fullName);
  return readerType instanceof protobuf.Type
    ? readerType
    : `the reader schema has no message ${type.fullName.replace(/^\./, '')}`;
}

function messageTypes(namespace: protobuf.Namespace): protobuf.Type[] {
  return namespace.nestedArray.filter((nested): nested is protobuf.Type => nested instanceof protobuf.Type);
}
