import { describe, expect, it } from 'vitest';
import {
  RecordClassifier,
  type ClassifiedRecord,
  type KafkaRecord,
} from '../../../../ingest/records/record-classifier.js';
import type { KafkaHeaders } from '../../../../ingest/records/kafka-headers.js';
import { topicConfig } from './topic-config.js';

const INGESTED = '2026-11-22T10:00:00.000Z';
const KAFKA_MS = Date.parse('2026-01-05T10:00:01.500Z');
const SCHEMA = {
  type: 'object',
  required: ['order_id', 'total_amount'],
  properties: { order_id: { type: 'string' }, total_amount: { type: 'number', minimum: 0 } },
};

function record(
  value: Buffer | string | null,
  offset = 7,
  timestamp = String(KAFKA_MS),
  headers?: KafkaHeaders,
): KafkaRecord {
  return {
    key: Buffer.from('u_000001'),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    timestamp,
    offset: String(offset),
    ...(headers ? { headers } : {}),
  };
}

function classify(
  value: Buffer | string | null,
  options: Parameters<typeof topicConfig>[0] = {},
  timestamp?: string,
  headers?: KafkaHeaders,
): ClassifiedRecord {
  return new RecordClassifier(topicConfig({ schema: SCHEMA, ...options }), 1024).classify(
    record(value, 7, timestamp, headers),
    2,
    INGESTED,
  );
}

const DAY_MS = 86_400_000;

/** A valid order whose event time is `offsetMs` from the Kafka timestamp. */
function orderAt(offsetMs: number): string {
  return JSON.stringify({ order_id: 'o1', total_amount: 1, event_time: new Date(KAFKA_MS + offsetMs).toISOString() });
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
      '{"topic":"orders","partition":2,"offset":7,"kafka_timestamp":"2026-01-05T10:00:01.500Z",' +
        `"ingested_at":"${INGESTED}","event_time_source":"payload","payload":${JSON.stringify(VALID)},"headers":[]}`,
    );
    expect(Object.keys(JSON.parse(result.line))).toEqual([
      'topic',
      'partition',
      'offset',
      'kafka_timestamp',
      'ingested_at',
      'event_time_source',
      'payload',
      'headers',
    ]);
  });

  it('keep the payload byte for byte, whitespace and unicode included', () => {
    const payload = '{ "order_id" : "o-é✓", "total_amount": 1e2, "note": "line\\nbreak \\u2028" }';
    const result = classify(payload);
    expect((JSON.parse(result.line) as { payload: string }).payload).toBe(payload);
  });

  it('fall back to the Kafka timestamp without a usable event time, and say so', () => {
    for (const eventTime of ['"05/01/2026 10:00"', '"2026-01-05T25:61:00Z"', '1767607200000', '""', 'null']) {
      const result = classify(`{"order_id":"o1","total_amount":1,"event_time":${eventTime}}`);
      expect(result, eventTime).toMatchObject({
        kind: 'bronze',
        source: 'kafka',
        part: { dt: '2026-01-05', hour: '10' },
      });
      expect(result.line).toContain('"event_time_source":"kafka"');
    }
  });

  it('read a nested event-time field in the topic zone', () => {
    const result = classify('{"order_id":"o1","total_amount":1,"meta":{"at":"2026-01-05T00:30:00"}}', {
      eventTimeField: 'meta.at',
      timeZone: 'Europe/Paris',
    });
    expect(result).toMatchObject({ kind: 'bronze', source: 'payload', part: { dt: '2026-01-04', hour: '23' } });
  });

  it('never take a folder from the payload: ../ in fields lands in a normal hour folder', () => {
    const result = classify(
      '{"order_id":"../../etc","total_amount":1,"event_time":"../../../etc/passwd","dt":"../..","hour":"/x"}',
    );
    expect(result).toMatchObject({ kind: 'bronze', source: 'kafka', part: { dt: '2026-01-05', hour: '10' } });
  });
});

describe('rejections keep the reason, the origin and the original bytes', () => {
  it('too large', () => {
    const big = JSON.stringify({ order_id: 'o1', total_amount: 1, pad: 'x'.repeat(2000) });
    const line = rejected(classify(big));
    expect(line).toMatchObject({
      reason: 'too_large',
      topic: 'orders',
      partition: 2,
      offset: 7,
      kafka_timestamp: '2026-01-05T10:00:01.500Z',
      ingested_at: INGESTED,
    });
    expect(Buffer.from(line.original_base64 as string, 'base64').toString()).toBe(big);
    expect(Buffer.from(line.key_base64 as string, 'base64').toString()).toBe('u_000001');
  });

  it('not UTF-8', () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0xfe, 0x7d]);
    const line = rejected(classify(bytes));
    expect(line.reason).toBe('not_utf8');
    expect(Buffer.from(line.original_base64 as string, 'base64').equals(bytes)).toBe(true);
  });

  it('not JSON: truncated, empty', () => {
    expect(rejected(classify(VALID.slice(0, 30))).reason).toBe('not_json');
    expect(rejected(classify('')).reason).toBe('not_json');
  });

  it('a tombstone (no value) under its own reason, apart from an empty value', () => {
    const tombstone = rejected(classify(null));
    expect(tombstone).toMatchObject({
      reason: 'tombstone',
      original_base64: null,
      key_base64: Buffer.from('u_000001').toString('base64'),
    });
    expect(tombstone.detail).toContain('tombstone');
    expect(classify(null).part).toEqual({ dt: '2026-01-05', hour: '10' });
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

describe('the event-time window around the Kafka timestamp', () => {
  it('rejects an event time years in the future or decades in the past, saying by how much and which side', () => {
    const future = classify(orderAt(3 * 365 * DAY_MS));
    expect(future.part).toEqual({ dt: '2026-01-05', hour: '10' });
    const line = rejected(future);
    expect(line.reason).toBe('event_time_out_of_window');
    expect(line.detail).toBe(
      'event time 2029-01-04T10:00:01.500Z is more than 1d after the Kafka timestamp 2026-01-05T10:00:01.500Z ' +
        '(event_time_window.future)',
    );
    const past = rejected(
      classify(JSON.stringify({ order_id: 'o1', total_amount: 1, event_time: '1970-01-01T00:00:00Z' })),
    );
    expect(past).toMatchObject({ reason: 'event_time_out_of_window' });
    expect(past.detail).toContain('more than 3650d before the Kafka timestamp');
  });

  it('keeps event times inside the default window: clock skew ahead, late and backfilled events behind', () => {
    for (const offset of [DAY_MS - 1, 0, -30 * DAY_MS, -3_000 * DAY_MS]) {
      expect(classify(orderAt(offset)), String(offset)).toMatchObject({ kind: 'bronze', source: 'payload' });
    }
    expect(classify(orderAt(DAY_MS)).kind).toBe('bronze');
    expect(classify(orderAt(DAY_MS + 1)).kind).toBe('rejected');
  });

  it('follows the topic window, and a side without a limit lets anything through', () => {
    const tight = { eventTimeWindow: { futureMs: 60_000, pastMs: 3_600_000 } };
    expect(classify(orderAt(120_000), tight).kind).toBe('rejected');
    expect(classify(orderAt(-7_200_000), tight).kind).toBe('rejected');
    expect(classify(orderAt(-1_800_000), tight).kind).toBe('bronze');
    const open = { eventTimeWindow: {} };
    expect(classify(orderAt(50 * 365 * DAY_MS), open).kind).toBe('bronze');
    expect(
      classify(JSON.stringify({ order_id: 'o1', total_amount: 1, event_time: '1970-01-01T00:00:00Z' }), open).kind,
    ).toBe('bronze');
  });

  it('cannot judge a record without a Kafka timestamp, so keeps its event time', () => {
    expect(classify(orderAt(10 * 365 * DAY_MS), {}, '-1')).toMatchObject({ kind: 'bronze', source: 'payload' });
  });

  it('does not apply to the Kafka timestamp itself (no event time in the payload)', () => {
    expect(
      classify('{"order_id":"o1","total_amount":1}', { eventTimeWindow: { futureMs: 1, pastMs: 1 } }),
    ).toMatchObject({ kind: 'bronze', source: 'kafka' });
  });
});

describe('Kafka headers', () => {
  const headers: KafkaHeaders = {
    'trace-id': Buffer.from('abc-123'),
    'content-type': Buffer.from('application/json; charset=é'),
    binary: Buffer.from([0xff, 0x00, 0xfe]),
    empty: Buffer.alloc(0),
    missing: null,
    repeated: [Buffer.from('first'), Buffer.from([0xc3, 0x28])],
  };
  const expected = [
    { key: 'trace-id', value: 'abc-123', value_base64: null },
    { key: 'content-type', value: 'application/json; charset=é', value_base64: null },
    { key: 'binary', value: null, value_base64: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') },
    { key: 'empty', value: '', value_base64: null },
    { key: 'missing', value: null, value_base64: null },
    { key: 'repeated', value: 'first', value_base64: null },
    { key: 'repeated', value: null, value_base64: Buffer.from([0xc3, 0x28]).toString('base64') },
  ];

  it('are kept in the Bronze line: text as text, anything else as base64, repeated keys in order', () => {
    const line = JSON.parse(classify(VALID, {}, undefined, headers).line) as { headers: unknown };
    expect(line.headers).toEqual(expected);
  });

  it('survive byte for byte', () => {
    const line = JSON.parse(classify(VALID, {}, undefined, headers).line) as {
      headers: Array<{ value: string | null; value_base64: string | null }>;
    };
    const bytes = line.headers.map((header) =>
      header.value_base64 !== null
        ? Buffer.from(header.value_base64, 'base64')
        : header.value === null
          ? null
          : Buffer.from(header.value, 'utf8'),
    );
    expect(bytes).toEqual([
      headers['trace-id'],
      headers['content-type'],
      headers.binary,
      headers.empty,
      null,
      ...(headers.repeated as Buffer[]),
    ]);
  });

  it('are kept in rejected lines too, so a fixed record can be produced again with them', () => {
    expect(rejected(classify('nope', {}, undefined, headers)).headers).toEqual(expected);
    expect(rejected(classify(null, {}, undefined, headers)).headers).toEqual(expected);
    expect(rejected(classify('nope')).headers).toEqual([]);
  });
});

describe('a topic without a schema', () => {
  it('lands any JSON', () => {
    const classifier = new RecordClassifier(topicConfig(), 1024);
    expect(classifier.classify(record('[1,2,3]'), 0, INGESTED)).toMatchObject({ kind: 'bronze', source: 'kafka' });
    expect(classifier.classify(record('{"x":'), 0, INGESTED).kind).toBe('rejected');
  });
});
