import type { FieldDef } from 'pg';

/**
 * PostgreSQL results in the Data API's shapes: ColumnMetadata with Redshift type names
 * and records of Fields (`longValue` for integers, `doubleValue` for floats,
 * `booleanValue`, `isNull`, and `stringValue` for everything else: numeric, dates,
 * timestamps, character types). Values are PostgreSQL's text output, so nothing is
 * rounded on the way.
 */

/** PostgreSQL type names (pg_type.typname) that Redshift spells differently. */
const REDSHIFT_TYPE_NAMES: Record<string, string> = {
  text: 'varchar',
  bytea: 'varbyte',
  json: 'super',
  jsonb: 'super',
};

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
const FLOAT_TYPES = new Set(['float4', 'float8']);
const CHARACTER_TYPES = new Set(['varchar', 'bpchar', 'char', 'name', 'text']);

/** Display precision of fixed-size types, as Redshift's metadata reports them. */
const PRECISION: Record<string, number> = {
  bool: 1,
  int2: 5,
  int4: 10,
  int8: 19,
  float4: 8,
  float8: 17,
  date: 13,
  time: 15,
  timetz: 21,
  timestamp: 29,
  timestamptz: 35,
};

/** One column of a result: what the host needs to encode its values. */
export interface ResultColumn {
  typname: string;
  metadata: Record<string, unknown>;
}

/** ColumnMetadata for a pg field; `typeNames` maps type OIDs to pg_type.typname. */
export function describeColumn(field: FieldDef, typeNames: ReadonlyMap<number, string>): ResultColumn {
  const typname = typeNames.get(field.dataTypeID) ?? 'unknown';
  const typeName = REDSHIFT_TYPE_NAMES[typname] ?? typname;
  let precision = PRECISION[typname] ?? 0;
  let scale = 0;
  let length = 0;
  const modifier = field.dataTypeModifier;
  if (typname === 'numeric' && modifier >= 4) {
    precision = ((modifier - 4) >> 16) & 0xffff;
    scale = (modifier - 4) & 0xffff;
  } else if (CHARACTER_TYPES.has(typname)) {
    length = modifier >= 4 ? modifier - 4 : typname === 'text' ? 65535 : 0;
    precision = length;
  }
  return {
    typname,
    metadata: {
      isCaseSensitive: CHARACTER_TYPES.has(typname),
      isCurrency: false,
      isSigned: INTEGER_TYPES.has(typname) || FLOAT_TYPES.has(typname) || typname === 'numeric',
      label: field.name,
      length,
      name: field.name,
      nullable: 1,
      precision,
      scale,
      schemaName: '',
      tableName: '',
      typeName,
    },
  };
}

/**
 * One record as JSON text. Written by hand: a BIGINT beyond 2^53 must reach the wire as
 * its exact digits, which JSON.stringify of a JS number cannot do.
 */
export function encodeRecord(values: ReadonlyArray<string | null>, columns: readonly ResultColumn[]): string {
  return `[${values.map((value, i) => encodeField(value, columns[i]?.typname ?? 'unknown')).join(',')}]`;
}

function encodeField(value: string | null, typname: string): string {
  if (value === null) return '{"isNull":true}';
  if (typname === 'bool') return `{"booleanValue":${value === 't'}}`;
  if (INTEGER_TYPES.has(typname) && /^-?\d+$/.test(value)) return `{"longValue":${value}}`;
  if (FLOAT_TYPES.has(typname)) {
    const number = Number(value);
    if (Number.isFinite(number)) return `{"doubleValue":${JSON.stringify(number)}}`;
  }
  if (typname === 'bytea') return `{"stringValue":${JSON.stringify(value.replace(/^\\x/, ''))}}`;
  return `{"stringValue":${JSON.stringify(value)}}`;
}
