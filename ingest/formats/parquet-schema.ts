/**
 * The columns of a typed Bronze Parquet file, derived from a topic's schema (JSON Schema,
 * Avro or Protobuf; see parquet-schema-*.ts), and what each needs to be written: the
 * DuckDB type of the column, the Glue type of the catalog column, the shape DuckDB's
 * `json_transform` reads the payload's JSON into, and the SQL that turns that shape into
 * the column's value when they differ (a Protobuf Timestamp message into a timestamp,
 * base64 text into bytes).
 */

/** A column's type. `parse` and `convert` are set only where the JSON value is not the column's value as is. */
export type ParquetType =
  | {
      kind: 'scalar';
      /** the DuckDB type of the column, e.g. `TIMESTAMPTZ`, `DECIMAL(38,2)` */
      duckdb: string;
      /** the Glue (Hive) type, e.g. `timestamp`, `decimal(38,2)` */
      glue: string;
      /** the type `json_transform` reads the JSON value as, when not `duckdb` */
      parse?: ParquetType;
      /** SQL giving the column's value from `expr`, the value read as `parse` */
      convert?: (expr: string) => string;
    }
  | { kind: 'struct'; fields: ParquetField[] }
  | { kind: 'list'; element: ParquetType }
  | { kind: 'map'; value: ParquetType };

/** A named column or struct field. */
export interface ParquetField {
  name: string;
  type: ParquetType;
}

/** The payload columns of one topic's typed Bronze files. */
export interface TypedSchema {
  /** where the columns come from, for messages (`orders.schema.json`, `orders-value version 3`) */
  source: string;
  fields: ParquetField[];
}

/** A scalar column. */
export function scalar(duckdb: string, glue: string): ParquetType {
  return { kind: 'scalar', duckdb, glue };
}

/** Any JSON value, kept as its JSON text (a string value as the string itself). */
export const JSON_TEXT = scalar('VARCHAR', 'string');

/** Bytes written in the payload as base64 text. */
export const BASE64_BYTES: ParquetType = {
  kind: 'scalar',
  duckdb: 'BLOB',
  glue: 'binary',
  parse: scalar('VARCHAR', 'string'),
  convert: (expr) => `from_base64(${expr})`,
};

/** A decimal type DuckDB can hold (at most 38 digits), or the exact decimal text when it cannot. */
export function decimal(precision: number, scale: number): ParquetType {
  if (!Number.isInteger(precision) || precision < 1 || precision > 38) return JSON_TEXT;
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) return JSON_TEXT;
  return scalar(`DECIMAL(${precision},${scale})`, `decimal(${precision},${scale})`);
}

/** A SQL identifier, quoted. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The DuckDB type of a column. */
export function duckdbType(type: ParquetType): string {
  switch (type.kind) {
    case 'scalar':
      return type.duckdb;
    case 'struct':
      return structType(type.fields, duckdbType);
    case 'list':
      return `${duckdbType(type.element)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${duckdbType(type.value)})`;
  }
}

/** The Glue (Hive DDL) type of a column, as Athena and Redshift Spectrum read it. */
export function glueType(type: ParquetType): string {
  switch (type.kind) {
    case 'scalar':
      return type.glue;
    case 'struct':
      return `struct<${type.fields.map((field) => `${field.name}:${glueType(field.type)}`).join(',')}>`;
    case 'list':
      return `array<${glueType(type.element)}>`;
    case 'map':
      return `map<string,${glueType(type.value)}>`;
  }
}

/** The `json_transform` structure of a record with `fields` (a JSON object of type names). */
export function jsonStructure(fields: ParquetField[]): string {
  return JSON.stringify(Object.fromEntries(fields.map((field) => [field.name, parseShape(field.type)])));
}

/** SQL for each column of `fields`, from the struct `record` that `json_transform` made. */
export function columnExpressions(fields: ParquetField[], record: string): string[] {
  return fields.map((field) => {
    const value = `${record}.${quoteIdentifier(field.name)}`;
    return `${conversion(field.type, value) ?? value} AS ${quoteIdentifier(field.name)}`;
  });
}

function structType(fields: ParquetField[], render: (type: ParquetType) => string): string {
  return `STRUCT(${fields.map((field) => `${quoteIdentifier(field.name)} ${render(field.type)}`).join(', ')})`;
}

/** The type the JSON value is read as. */
function parseType(type: ParquetType): string {
  switch (type.kind) {
    case 'scalar':
      return type.parse ? parseType(type.parse) : type.duckdb;
    case 'struct':
      return structType(type.fields, parseType);
    case 'list':
      return `${parseType(type.element)}[]`;
    case 'map':
      return `MAP(VARCHAR, ${parseType(type.value)})`;
  }
}

type Shape = string | Shape[] | { [name: string]: Shape };

function parseShape(type: ParquetType): Shape {
  switch (type.kind) {
    case 'scalar':
      return parseType(type);
    case 'struct':
      return Object.fromEntries(type.fields.map((field) => [field.name, parseShape(field.type)]));
    case 'list':
      return [parseShape(type.element)];
    case 'map':
      return parseType(type);
  }
}

/** SQL turning the parsed value `expr` into the column's value; undefined when it already is. */
function conversion(type: ParquetType, expr: string): string | undefined {
  switch (type.kind) {
    case 'scalar':
      return type.convert?.(expr);
    case 'struct': {
      const converted = type.fields.map((field) => {
        const value = `${expr}.${quoteIdentifier(field.name)}`;
        return { field, sql: conversion(field.type, value), value };
      });
      if (converted.every((entry) => entry.sql === undefined)) return undefined;
      const packed = converted.map(({ field, sql, value }) => `${quoteIdentifier(field.name)} := ${sql ?? value}`);
      return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${packed.join(', ')}) END`;
    }
    case 'list': {
      const element = conversion(type.element, 'element');
      return element === undefined ? undefined : `list_transform(${expr}, element -> ${element})`;
    }
    case 'map': {
      const value = conversion(type.value, 'entry.value');
      if (value === undefined) return undefined;
      return `map_from_entries(list_transform(map_entries(${expr}), entry -> {'key': entry.key, 'value': ${value}}))`;
    }
  }
}
