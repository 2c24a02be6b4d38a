/**
 * Records the ingester cannot land as Bronze, and the line that keeps them: the reason,
 * where the record came from, and its original bytes (base64), so that nothing is lost
 * and a fixed record can be produced again.
 */

/** Why a record was set aside; the `reason` label of the rejected-records metric. */
export type RejectionReason = 'too_large' | 'not_utf8' | 'not_json' | 'schema' | 'no_event_time' | 'unsafe_path';

export const REJECTION_REASONS: readonly RejectionReason[] = ['too_large', 'not_utf8', 'not_json', 'schema', 'no_event_time', 'unsafe_path'];

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

/** One JSON line of a rejected-records file. */
export function rejectionLine(
  origin: RecordOrigin,
  reason: RejectionReason,
  detail: string,
  key: Buffer | null,
  value: Buffer | null,
): string {
  return JSON.stringify({
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
}
