/**
 * Records the ingester cannot land as Bronze, and the line that keeps them: the reason,
 * where the record came from, and its original bytes (base64) and headers, so that
 * nothing is lost and a fixed record can be produced again.
 */

/** Why a record was set aside; the `reason` label of the rejected-records metric. */
export type RejectionReason =
  | 'tombstone'
  | 'too_large'
  | 'not_utf8'
  | 'not_json'
  | 'schema'
  | 'no_event_time'
  | 'event_time_out_of_window'
  | 'unsafe_path'
  // Schema Registry formats (avro, protobuf): see ingest/formats/
  | 'wire_format'
  | 'unknown_schema'
  | 'schema_incompatible'
  | 'not_decodable'
  | 'registry_unavailable';

/** Where a Kafka record came from, as written in both kinds of lines. */
export interface RecordOrigin {
  topic: string;
  partition: number;
  /** the offset as Kafka's decimal string */
  offset: string;
  /** ISO-8601 UTC, or null when the record has no usable timestamp */
  kafkaTimestamp: string | null;
  ingestedAt: string;
}

/** One JSON line of a rejected-records file; `headers` is the JSON text of the record's headers. */
export function rejectionLine(
  origin: RecordOrigin,
  reason: RejectionReason,
  detail: string,
  key: Buffer | null,
  value: Buffer | null,
  headers: string,
): string {
  const fields = JSON.stringify({
    reason,
    detail,
    topic: origin.topic,
    partition: origin.partition,
    offset: Number(origin.offset),
    kafka_timestamp: origin.kafkaTimestamp,
    ingested_at: origin.ingestedAt,
    key_base64: key === null ? null : key.toString('base64'),
    original_base64: value === null ? null : value.toString('base64'),
  });
  return `${fields.slice(0, -1)},"headers":${headers}}`;
}
