/**
 * Decides, for one Kafka record, whether it lands as a Bronze line or is rejected, and in
 * which hour partition. Checks run cheapest first: a value at all (a tombstone has none),
 * size, UTF-8, JSON, the topic's schema (or, for avro and protobuf topics, the Schema
 * Registry decoding, `ingest/formats/`), then the event time (the payload's, within the
 * topic's window around the Kafka timestamp; else the Kafka timestamp when the topic
 * allows it). The record's headers travel with it into either line.
 */
import { isUtf8 } from 'node:buffer';
import type { TopicConfig } from '../config/ingest-config.js';
import { describeSchemaError } from '../config/topic-schema.js';
import type { Decoded } from '../formats/registry-decoder.js';
import { bronzeLine, type EventTimeSource } from './bronze-line.js';
import { inRange, parseEventTime } from './event-time.js';
import { outsideEventTimeWindow } from './event-time-window.js';
import { headersJson, type KafkaHeaders } from './kafka-headers.js';
import { hourPartition, type HourPartition } from './lake-paths.js';
import { isoMillis } from './utc-instant.js';
import { rejectionLine, type RecordOrigin, type RejectionReason } from './rejection.js';

/** The parts of a Kafka message the classifier reads (kafkajs's `KafkaMessage` has them). */
export interface KafkaRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** milliseconds since the epoch as a decimal string; `-1` when the record has none */
  timestamp: string;
  offset: string;
  headers?: KafkaHeaders;
}

/** Turns a Schema Registry value (avro, protobuf, json-schema) into its JSON payload. */
export interface ValueDecoder {
  /** undefined: the value is plain JSON text (a json-schema topic takes both) */
  decode(value: Buffer): Decoded | undefined;
}

export type ClassifiedRecord =
  | { kind: 'bronze'; part: HourPartition; line: string; source: EventTimeSource; eventMs: number }
  | { kind: 'rejected'; part: HourPartition; line: string; reason: RejectionReason };

const SAFE_DT = /^\d{4}-\d{2}-\d{2}$/;
const SAFE_HOUR = /^\d{2}$/;
/** Where rejected records without any usable time go: deterministic, so a replay finds the file it already landed. */
const NO_TIME = 0;

/** Classifies the records of one topic. */
export class RecordClassifier {
  private readonly fieldPath: string[];

  constructor(
    private readonly topic: TopicConfig,
    private readonly maxRecordBytes: number,
    /** the topic's Schema Registry decoder; JSON text when undefined */
    private readonly decoder?: ValueDecoder,
    /** how the source names a record's own time in rejection reasons (Kinesis: its arrival time) */
    private readonly recordTime = 'Kafka timestamp',
  ) {
    this.fieldPath = topic.eventTimeField.split('.');
  }

  classify(record: KafkaRecord, partition: number, ingestedAt: string): ClassifiedRecord {
    const kafkaMs = Number(record.timestamp);
    const kafkaUsable = inRange(kafkaMs);
    const origin: RecordOrigin = {
      topic: this.topic.name,
      partition,
      offset: record.offset,
      kafkaTimestamp: kafkaUsable ? isoMillis(kafkaMs) : null,
      ingestedAt,
    };
    const headers = headersJson(record.headers);
    const reject = (reason: RejectionReason, detail: string): ClassifiedRecord => ({
      kind: 'rejected',
      part: hourPartition(kafkaUsable ? kafkaMs : NO_TIME),
      line: rejectionLine(origin, reason, detail, record.key, record.value, headers),
      reason,
    });

    const value = record.value;
    if (value === null)
      return reject('tombstone', 'the record has no value (a tombstone: a deletion marker on a compacted topic)');
    if (value.length > this.maxRecordBytes) {
      return reject('too_large', `${value.length} bytes, more than the limit of ${this.maxRecordBytes}`);
    }
    let text = '';
    let parsed: unknown;
    /** the payload as the JSON string literal the line embeds: decoders write it, JSON text is quoted last */
    let literal: string | undefined;
    const decoded = this.decoder?.decode(value);
    if (decoded) {
      if (!decoded.ok) return reject(decoded.reason, decoded.detail);
      ({ literal, parsed } = decoded);
    } else {
      if (!isUtf8(value)) return reject('not_utf8', 'the value is not valid UTF-8');
      text = value.toString('utf8');
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        return reject('not_json', (error as Error).message.slice(0, 300));
      }
    }
    // On an avro or protobuf topic, the JSON Schema holds the rules its format cannot say (minimums, patterns).
    const validate = this.topic.validate;
    if (validate && !validate(parsed)) return reject('schema', describeSchemaError(validate));

    let source: EventTimeSource = 'payload';
    let eventMs = parseEventTime(this.fieldValue(parsed), this.topic.eventTimeFormat, this.topic.timeZone);
    if (eventMs === undefined) {
      if (this.topic.onMissingEventTime === 'reject') {
        return reject('no_event_time', `no usable "${this.topic.eventTimeField}" in the payload`);
      }
      if (!kafkaUsable) {
        return reject(
          'no_event_time',
          `no usable "${this.topic.eventTimeField}" in the payload and no ${this.recordTime}`,
        );
      }
      eventMs = kafkaMs;
      source = 'kafka';
    } else if (kafkaUsable) {
      const outside = outsideEventTimeWindow(eventMs, kafkaMs, this.topic.eventTimeWindow, this.recordTime);
      if (outside) return reject('event_time_out_of_window', outside);
    }
    const part = hourPartition(eventMs);
    // Unreachable by construction (both come from a number); checked so a future change cannot escape the lake.
    if (!SAFE_DT.test(part.dt) || !SAFE_HOUR.test(part.hour))
      return reject('unsafe_path', `dt=${part.dt} hour=${part.hour}`);
    return {
      kind: 'bronze',
      part,
      line: bronzeLine(origin, source, literal ?? JSON.stringify(text), headers),
      source,
      eventMs,
    };
  }

  private fieldValue(parsed: unknown): unknown {
    let current = parsed;
    for (const key of this.fieldPath) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  }
}
