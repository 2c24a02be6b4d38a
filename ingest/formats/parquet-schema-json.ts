/**
 * Typed Parquet columns from a JSON Schema: objects with `properties` become structs,
 * arrays lists, `additionalProperties` objects maps; `integer` is BIGINT, `number` DOUBLE
 * (or DECIMAL(38,n) when `multipleOf` is 10^-n, the JSON Schema way of saying "n decimal
 * places"); strings with `format: date-time` are timestamps (UTC-adjusted), `format: date`
 * dates. `["x", "null"]` is x. Whatever has no single type (no `type`, several types,
 * `anyOf`, `true`) keeps its JSON text. Local `$ref`s (`#/$defs/...`, `#/definitions/...`)
 * are followed; a recursive one keeps its JSON text.
 */
import { JSON_TEXT, decimal, scalar, type ParquetField, type ParquetType } from './parquet-schema.js';

type Schema = Record<string, unknown>;

/** The columns of the records `schema` describes (the properties of its root object). */
export function jsonSchemaFields(schema: unknown): ParquetField[] {
  const root = asSchema(schema);
  const type = root ? typeOf(root, root, new Set()) : JSON_TEXT;
  if (type.kind !== 'struct') throw new Error('the schema does not describe an object with "properties"');
  return type.fields;
}

function typeOf(schema: Schema, root: Schema, refs: Set<string>): ParquetType {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = refs.has(ref) ? undefined : resolveRef(root, ref);
    return target ? typeOf(target, root, new Set([...refs, ref])) : JSON_TEXT;
  }
  const type = singleType(schema);
  switch (type) {
    case 'object':
      return objectType(schema, root, refs);
    case 'array': {
      const items = asSchema(schema.items);
      return { kind: 'list', element: items ? typeOf(items, root, refs) : JSON_TEXT };
    }
    case 'string':
      if (schema.format === 'date-time') return scalar('TIMESTAMPTZ', 'timestamp');
      if (schema.format === 'date') return scalar('DATE', 'date');
      return scalar('VARCHAR', 'string');
    case 'integer':
      return scalar('BIGINT', 'bigint');
    case 'number': {
      const places = decimalPlaces(schema.multipleOf);
      return places === undefined ? scalar('DOUBLE', 'double') : decimal(38, places);
    }
    case 'boolean':
      return scalar('BOOLEAN', 'boolean');
    default:
      return JSON_TEXT;
  }
}

function objectType(schema: Schema, root: Schema, refs: Set<string>): ParquetType {
  const properties = asSchema(schema.properties);
  if (properties && Object.keys(properties).length > 0) {
    const fields = Object.entries(properties).map(([name, property]) => {
      const child = asSchema(property);
      return { name, type: child ? typeOf(child, root, refs) : JSON_TEXT };
    });
    return { kind: 'struct', fields };
  }
  const values = asSchema(schema.additionalProperties);
  return values ? { kind: 'map', value: typeOf(values, root, refs) } : JSON_TEXT;
}

/** The one non-null type a schema allows (`const` and `enum` tell it too), if there is one. */
function singleType(schema: Schema): string | undefined {
  const declared = schema.type;
  if (typeof declared === 'string') return declared;
  if (Array.isArray(declared)) {
    const types = declared.filter((type) => type !== 'null');
    return types.length === 1 && typeof types[0] === 'string' ? types[0] : undefined;
  }
  const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : [];
  const kinds = new Set(values.filter((value) => value !== null).map(valueType));
  if (kinds.size === 1) return [...kinds][0];
  if (schema.properties !== undefined) return 'object';
  return undefined;
}

function valueType(value: unknown): string {
  if (Number.isInteger(value)) return 'integer';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** n when `multipleOf` is 10^-n (0.01 gives 2), else undefined. */
function decimalPlaces(multipleOf: unknown): number | undefined {
  if (typeof multipleOf !== 'number' || multipleOf <= 0 || multipleOf >= 1) return undefined;
  const places = Math.round(-Math.log10(multipleOf));
  return Math.abs(multipleOf - 10 ** -places) < 1e-15 ? places : undefined;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = root;
  for (const segment of ref
    .slice(1)
    .split('/')
    .filter((part) => part !== '')) {
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    current = asSchema(current)?.[key];
  }
  return asSchema(current);
}

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}
