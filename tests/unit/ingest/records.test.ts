import { describe, expect, it } from 'vitest';
import { RecordClassifier, type ClassifiedRecord, type KafkaRecord } from '../../../ingest/records/record-classifier.js';
import { topicConfig } from './topic-config.js';

const INGESTED = '2026-11-22T10:00:00.000Z';
const KAFKA_MS = Date.parse('2026-01-05T10:00:01.500Z');
const SCHEMA = {
  type: 'object',
  required: ['order_id', 'total_amount'],
  properties: { order_id: { type: 'string' }, total_amount: { type: 'number', minimum: 0 } },
};

function record(value: Buffer | string | null, offset = 7, timestamp = String(KAFKA_MS)): KafkaRecord {
  return { key: Buffer.from('u_000001'), value: typeof value === 'string' ? Buffer.from(value) : value, timestamp, offset: String(offset) };
}

function classify(value: Buffer | string | null, options: Parameters<typeof topicConfig>[0] = {}, timestamp?: string): ClassifiedRecord {
  return new RecordClassifier(topicConfig({ schema: SCHEMA, ...options }), 1024).classify(record(value, 7, timestamp), 2, INGESTED);
}

function rejected(result: ClassifiedRecord): Record<string, unknown> {
  expect(result.kind).toBe('rejected');
  return JSON.parse(result.line) as Record<string, unknown>;
}

const VALID = '{"order_id":"o1","total_amount":12.5,"event_time":"2026-01-05T09:59:58.000Z"}';

describe('Bronze lines', () => {
  it('wrap the payload, kept as its original string, in the ingest envelope', () => {
    const result = classify(VALID);
    expect(result).toMatchObject({ kind: 'bronze', part: { dt: '2026-01-05', hour: '09' }, source: 'payload' });
    expect(result.line).toBe(
      `{"topic":"orders","partition":2,"offset":7,"kafka_timestamp":"2026-01-05T10:00:01.500Z","ingested_at":"${INGESTED}","event_time_source":"payload","payload":${JSON.stringify(VALID)}}`,
    );
    expect(Object.keys(JSON.parse(result.line))).toEqual(['topic', 'partition', 'offset', 'kafka_timestamp', 'ingested_at', 'event_time_source', 'payload']);
  });

  it('keep the payload byte for byte, whitespace and unicode included', () => {
    const payload = '{ "order_id" : "o-é✓", "total_amount": 1e2, "note": "line\\nbreak \\u2028" }';
    const result = classify(payload);
    expect((JSON.parse(result.line) as { payload: string }).payload).toBe(payload);
  });

  it('fall back to the Kafka timestamp without a usable event time, and say so', () => {
    for (const eventTime of ['"05/01/2026 10:00"', '"2026-01-05T25:61:00Z"', '1767607200000', '""', 'null']) {
      const result = classify(`{"order_id":"o1","total_amount":1,"event_time":${eventTime}}`);
      expect(result, eventTime).toMatchObject({ kind: 'bronze', source: 'kafka', part: { dt: '2026-01-05', hour: '10' } });
      expect(result.line).toContain('"event_time_source":"kafka"');
    }
  });

  it('read a nested event-time field in the topic zone', () => {
    const result = classify('{"order_id":"o1","total_amount":1,"meta":{"at":"2026-01-05T00:30:00"}}', { eventTimeField: 'meta.at', timeZone: 'Europe/Paris' });
    expect(result).toMatchObject({ kind: 'bronze', source: 'payload', part: { dt: '2026-01-04', hour: '23' } });
  });

  it('never take a folder from the payload: ../ in fields lands in a normal hour folder', () => {
    const result = classify('{"order_id":"../../etc","total_amount":1,"event_time":"../../../etc/passwd","dt":"../..","hour":"/x"}');
    expect(result).toMatchObject({ kind: 'bronze', source: 'kafka', part: { dt: '2026-01-05', hour: '10' } });
  });
});

describe('rejections keep the reason, the origin and the original bytes', () => {
  it('too large', () => {
    const big = JSON.stringify({ order_id: 'o1', total_amount: 1, pad: 'x'.repeat(2000) });
    const line = rejected(classify(big));
    expect(line).toMatchObject({ reason: 'too_large', topic: 'orders', partition: 2, offset: 7, kafka_timestamp: '2026-01-05T10:00:01.500Z', ingested_at: INGESTED });
    expect(Buffer.from(line.original_base64 as string, 'base64').toString()).toBe(big);
    expect(Buffer.from(line.key_base64 as string, 'base64').toString()).toBe('u_000001');
  });

  it('not UTF-8', () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]);
    const line = rejected(classify(bytes));
    expect(line.reason).toBe('not_utf8');
    expect(Buffer.from(line.original_base64 as string, 'base64').equals(bytes)).toBe(true);
  });

  it('not JSON: truncated, empty, a tombstone', () => {
    expect(rejected(classify(VALID.slice(0, 30))).reason).toBe('not_json');
    expect(rejected(classify('')).reason).toBe('not_json');
    const tombstone = rejected(classify(null));
    expect(tombstone).toMatchObject({ reason: 'not_json', original_base64: null });
  });

  it('failing the schema: wrong types, missing fields, not an object', () => {
    const wrongType = rejected(classify('{"order_id":"o1","total_amount":"12,50"}'));
    expect(wrongType).toMatchObject({ reason: 'schema', detail: '/total_amount must be number' });
    expect(rejected(classify('{"total_amount":1}')).detail).toBe("(root) must have required property 'order_id'");
    expect(rejected(classify('{"order_id":"o1","total_amount":-3}')).reason).toBe('schema');
    expect(rejected(classify('42')).reason).toBe('schema');
  });

  it('no usable event time, when the topic requires one or the record has no Kafka timestamp', () => {
    const noTime = '{"order_id":"o1","total_amount":1}';
    expect(rejected(classify(noTime, { onMissingEventTime: 'reject' })).reason).toBe('no_event_time');
    const withoutTimestamp = classify(noTime, {}, '-1');
    expect(rejected(withoutTimestamp)).toMatchObject({ reason: 'no_event_time', kafka_timestamp: null });
    // Deterministic folder even without any time: replays overwrite the same file.
    expect(withoutTimestamp.part).toEqual({ dt: '1970-01-01', hour: '00' });
  });

  it('are placed by Kafka timestamp', () => {
    expect(classify('nope').part).toEqual({ dt: '2026-01-05', hour: '10' });
  });
});

describe('a topic without a schema', () => {
  it('lands any JSON', () => {
    const classifier = new RecordClassifier(topicConfig(), 1024);
    expect(classifier.classify(record('[1,2,3]'), 0, INGESTED)).toMatchObject({ kind: 'bronze', source: 'kafka' });
    expect(classifier.classify(record('{"x":'), 0, INGESTED).kind).toBe('rejected');
  });
});
