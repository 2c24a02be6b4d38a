/**
 * One Bronze line: the ingest envelope around the payload, kept byte-for-byte as the
 * string it was produced as. Key order and types match the engine's Bronze sample
 * (`ingest/generator/lake-sink.ts`): topic, partition, offset, kafka_timestamp,
 * ingested_at, event_time_source, payload, headers.
 */
import type { RecordOrigin } from './rejection.js';

/** Which time placed the record in its `dt=/hour=` folder. */
export type EventTimeSource = 'payload' | 'kafka';

/**
 * The JSON line for a record; built by hand because this is the ingester's hot path.
 * `payload` is the payload text as a JSON string literal (`JSON.stringify(text)`: Schema
 * Registry decoders write it directly); `headers` the JSON text of the record's headers
 * (`kafka-headers.ts`).
 */
export function bronzeLine(origin: RecordOrigin, source: EventTimeSource, payload: string, headers: string): string {
  const timestamp = origin.kafkaTimestamp === null ? 'null' : `"${origin.kafkaTimestamp}"`;
  return (
    `{"topic":${JSON.stringify(origin.topic)},"partition":${origin.partition},"offset":${origin.offset},` +
    `"kafka_timestamp":${timestamp},"ingested_at":"${origin.ingestedAt}","event_time_source":"${source}",` +
    `"payload":${payload},"headers":${headers}}`
  );
}
