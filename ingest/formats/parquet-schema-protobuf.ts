/**
 * Typed Parquet columns from a Protobuf schema: the first message of the topic's reader
 * .proto file (the one Confluent's serializers name with message index 0). Messages
 * become structs, repeated fields lists, map fields maps, enums strings; 64-bit integers
 * are BIGINT (uint64 DECIMAL(20,0), which holds all of it); `google.protobuf.Timestamp`
 * (its RFC 3339 text in the payload) is a timestamp (UTC-adjusted), the wrapper types
 * (`google.protobuf.Int64Value`, ...) their value, `Duration` its text (`1.500s`),
 * `google.protobuf.Struct` / `Value` / `ListValue` / `Any` their JSON text, bytes bytes.
 * A message that contains itself keeps its JSON text.
 */
import protobuf from 'protobufjs';
import { parseProto } from './protobuf-decoder.js';
import { BASE64_BYTES, JSON_TEXT, scalar, type ParquetField, type ParquetType } from './parquet-schema.js';

const SCALARS: Record<string, ParquetType> = {
  double: scalar('DOUBLE', 'double'),
  float: scalar('FLOAT', 'float'),
  int32: scalar('INTEGER', 'int'),
  sint32: scalar('INTEGER', 'int'),
  sfixed32: scalar('INTEGER', 'int'),
  uint32: scalar('BIGINT', 'bigint'),
  fixed32: scalar('BIGINT', 'bigint'),
  int64: scalar('BIGINT', 'bigint'),
  sint64: scalar('BIGINT', 'bigint'),
  sfixed64: scalar('BIGINT', 'bigint'),
  uint64: scalar('DECIMAL(20,0)', 'decimal(20,0)'),
  fixed64: scalar('DECIMAL(20,0)', 'decimal(20,0)'),
  bool: scalar('BOOLEAN', 'boolean'),
  string: scalar('VARCHAR', 'string'),
  bytes: BASE64_BYTES,
};

/** A Timestamp lands as its RFC 3339 text (protobuf-well-known.ts), read as a timestamp. */
const TIMESTAMP = scalar('TIMESTAMPTZ', 'timestamp');

const WRAPPERS: Record<string, string> = {
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

/** The columns of the first message of a .proto file (its text as the registry serves it). */
export function protobufSchemaFields(schemaText: string): ParquetField[] {
  const message = parseProto(schemaText).messages[0];
  if (!message) throw new Error('the Protobuf schema has no message');
  return messageFields(message, new Set());
}

function messageFields(message: protobuf.Type, seen: Set<protobuf.Type>): ParquetField[] {
  const inner = new Set([...seen, message]);
  return message.fieldsArray.map((field) => {
    const value = valueType(field, inner);
    const type: ParquetType = field.map
      ? { kind: 'map', value }
      : field.repeated
        ? { kind: 'list', element: value }
        : value;
    return { name: field.name, type };
  });
}

function valueType(field: protobuf.Field, seen: Set<protobuf.Type>): ParquetType {
  field.resolve();
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return scalar('VARCHAR', 'string');
  if (!(resolved instanceof protobuf.Type)) return SCALARS[field.type] ?? JSON_TEXT;
  if (resolved.fullName === '.google.protobuf.Timestamp') return TIMESTAMP;
  const wrapped = WRAPPERS[resolved.fullName];
  // a wrapper lands as its bare value (protobuf-well-known.ts)
  if (wrapped) return SCALARS[wrapped]!;
  if (resolved.fullName.startsWith('.google.protobuf.') || seen.has(resolved)) return JSON_TEXT;
  return { kind: 'struct', fields: messageFields(resolved, seen) };
}
