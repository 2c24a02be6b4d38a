/**
 * The typed layout of a Bronze Parquet file: the ingest metadata columns (the envelope
 * without `payload`), then one column per top-level field of the topic's schema, read
 * from the payload's JSON by DuckDB's `json_transform` (a vectorized parse into the
 * schema's types) and converted where the JSON value is not the column's value as is.
 * Fields of the payload the schema does not name are not kept, as with Kafka Connect's
 * and Firehose's Parquet output.
 */
import { columnExpressions, jsonStructure, type TypedSchema } from '../formats/parquet-schema.js';

/** The envelope columns a typed file keeps, in order; no payload field may take one of these names. */
export const METADATA_COLUMNS = [
  'topic',
  'partition',
  'offset',
  'kafka_timestamp',
  'ingested_at',
  'event_time_source',
  'headers',
] as const;

/** The names of `typed`'s fields that are envelope column names too, which the typed layout cannot hold. */
export function collidingFields(typed: Pick<TypedSchema, 'fields'>): string[] {
  const taken = new Set<string>(METADATA_COLUMNS.map((name) => name.toLowerCase()));
  return typed.fields.map((field) => field.name).filter((name) => taken.has(name.toLowerCase()));
}

/** SELECT of the typed rows from `lines`, a relation of Bronze JSON lines with the payload as a string. */
export function typedBronzeSelect(typed: TypedSchema, lines: string): string {
  const colliding = collidingFields(typed);
  if (colliding.length > 0) {
    throw new Error(
      `the typed Parquet columns of ${typed.source} cannot hold the field(s) ${colliding.join(', ')}: ` +
        `the names of the ingest metadata columns (${METADATA_COLUMNS.join(', ')}); use parquet_layout: payload`,
    );
  }
  const structure = jsonStructure(typed.fields).replace(/'/g, "''");
  const metadata = METADATA_COLUMNS.map((name) => `"${name}"`).join(', ');
  const columns = columnExpressions(typed.fields, 'typed_payload');
  return (
    `SELECT ${metadata}, ${columns.join(', ')} ` +
    `FROM (SELECT *, json_transform(payload, '${structure}') AS typed_payload FROM ${lines})`
  );
}
