/**
 * The shapes shared by the event model and its sinks: topics, events as the shop's
 * services emit them, and records as a Kafka producer would send them.
 */

/** Kafka topics the shop produces to; every record is keyed by user id. */
export const TOPICS = ['users', 'clickstream', 'orders', 'payments'] as const;
export type Topic = (typeof TOPICS)[number];

/** A JSON object as a service would serialize it; key order is kept as written. */
export type Payload = Record<string, unknown>;

/** One business event, before delivery (no duplicates, no corruption, no delay). */
export interface ShopEvent {
  topic: Topic;
  /** the record key: the user the event belongs to */
  userId: string;
  eventTimeMs: number;
  payload: Payload;
}

/** How a record relates to the business events: the event itself, a re-send, or a broken copy. */
export type RecordKind = 'valid' | 'duplicate' | 'malformed';

/** What a broken copy got wrong. */
export type MalformedReason = 'missing_id' | 'wrong_type' | 'negative_value' | 'unknown_event_type' | 'bad_timestamp';

/** A record as the producer sends it to Kafka. */
export interface ProducedRecord {
  topic: Topic;
  key: string;
  /** the serialized payload, byte-for-byte what lands in the lake's `payload` field */
  value: string;
  /** the Kafka record timestamp (producer time) */
  timestampMs: number;
  kind: RecordKind;
  /** delivered hours after its event time */
  late: boolean;
  malformedReason?: MalformedReason;
}

/** Milliseconds since the epoch as an ISO-8601 UTC string with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
