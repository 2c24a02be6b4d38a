/**
 * Typed Parquet columns from an Avro schema (the topic's reader schema, which every
 * record is resolved to): records become structs, arrays lists, maps maps, enums strings;
 * `timestamp-millis` / `timestamp-micros` are timestamps (UTC-adjusted), `date` dates,
 * `decimal` decimals of its precision and scale; bytes and fixed are bytes. `["null", x]`
 * is x; any other union keeps its JSON text (as the payload writes it).
 */
import avro from 'avsc';
import { JSON_LOGICAL_TYPES } from './avro-logical-types.js';
import { BASE64_BYTES, JSON_TEXT, decimal, scalar, type ParquetField, type ParquetType } from './parquet-schema.js';

const PRIMITIVES: Record<string, ParquetType> = {
  string: scalar('VARCHAR', 'string'),
  int: scalar('INTEGER', 'int'),
  long: scalar('BIGINT', 'bigint'),
  float: scalar('FLOAT', 'float'),
  double: scalar('DOUBLE', 'double'),
  boolean: scalar('BOOLEAN', 'boolean'),
  bytes: BASE64_BYTES,
  fixed: BASE64_BYTES,
  enum: scalar('VARCHAR', 'string'),
};

/** The columns of the records of an Avro schema (its text as the registry serves it). */
export function avroSchemaFields(schemaText: string): ParquetField[] {
  // The decoder's types (avro-decoder.ts), keeping each decimal's precision and scale, which avsc does not export.
  const decimals = new WeakMap<avro.Type, { precision?: number; scale?: number }>();
  const typeHook = (schema: avro.Schema, options: avro.ForSchemaOptions): avro.Type | undefined => {
    const spec = schema as { logicalType?: string; precision?: number; scale?: number };
    if (typeof schema !== 'object' || spec.logicalType !== 'decimal') return undefined;
    const type = new JSON_LOGICAL_TYPES.decimal!(schema, { ...options, typeHook: undefined });
    decimals.set(type, spec);
    return type;
  };
  const root = avro.Type.forSchema(JSON.parse(schemaText) as avro.Schema, {
    logicalTypes: JSON_LOGICAL_TYPES,
    wrapUnions: 'auto',
    typeHook,
  });
  const type = typeOf(root, new Set(), decimals);
  if (type.kind !== 'struct') throw new Error('the Avro schema is not a record');
  return type.fields;
}

type Decimals = WeakMap<avro.Type, { precision?: number; scale?: number }>;

function typeOf(type: avro.Type, seen: Set<avro.Type>, decimals: Decimals): ParquetType {
  if (type instanceof avro.types.LogicalType) return logicalType(type, seen, decimals);
  if (type instanceof avro.types.RecordType) {
    // A record that contains itself has no finite column type.
    if (seen.has(type)) return JSON_TEXT;
    const inner = new Set([...seen, type]);
    return {
      kind: 'struct',
      fields: type.fields.map((field) => ({ name: field.name, type: typeOf(field.type, inner, decimals) })),
    };
  }
  if (type instanceof avro.types.ArrayType) return { kind: 'list', element: typeOf(type.itemsType, seen, decimals) };
  if (type instanceof avro.types.MapType) return { kind: 'map', value: typeOf(type.valuesType, seen, decimals) };
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    const branches = type.types.filter((branch) => branch.typeName !== 'null');
    return branches.length === 1 && type instanceof avro.types.UnwrappedUnionType
      ? typeOf(branches[0]!, seen, decimals)
      : JSON_TEXT;
  }
  return PRIMITIVES[type.typeName] ?? JSON_TEXT;
}

function logicalType(type: avro.types.LogicalType, seen: Set<avro.Type>, decimals: Decimals): ParquetType {
  const decimalSpec = decimals.get(type);
  if (decimalSpec) return decimal(decimalSpec.precision ?? 0, decimalSpec.scale ?? 0);
  switch (type.typeName.replace(/^logical:/, '')) {
    case 'timestamp-millis':
    case 'timestamp-micros':
      return scalar('TIMESTAMPTZ', 'timestamp');
    case 'date':
      return scalar('DATE', 'date');
    default:
      return typeOf(type.underlyingType, seen, decimals);
  }
}
