import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithService } from '../../services/lifecycle/integration.js';
import {
  IngesterProcess,
  SCHEMAS_DIR,
  metricSum,
  readLake,
  waitUntil,
  writeIngestConfig,
  type MetricSample,
} from '../../support/ingest-harness.js';
import { useKafkaSuite } from './kafka-suite.js';

/** What should become of a corpus record: a Bronze line (by payload or Kafka time) or a rejection. */
type Expected =
  | 'payload'
  | 'kafka'
  | 'tombstone'
  | 'too_large'
  | 'not_utf8'
  | 'not_json'
  | 'schema'
  | 'no_event_time'
  | 'event_time_out_of_window';

const REASONS = [
  'tombstone',
  'too_large',
  'not_utf8',
  'not_json',
  'schema',
  'no_event_time',
  'event_time_out_of_window',
];

interface CorpusRecord {
  what: string;
  value: Buffer | null;
  timestamp: number;
  headers?: Record<string, Buffer>;
  expected: Expected;
  /** the folder the record must land in */
  dt: string;
  hour: string;
}

const KAFKA_TIME = Date.parse('2026-01-05T14:20:00.000Z');

function order(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    event_type: 'order_placed',
    event_time: '2026-01-05T09:15:00.000Z',
    order_id: randomUUID(),
    user_id: 'u_000042',
    currency: 'EUR',
    items: [{ product_id: 'P0001', quantity: 2, unit_price: 9.5 }],
    subtotal: 19,
    discount_amount: 0,
    shipping_amount: 4.99,
    total_amount: 23.99,
    coupon_code: null,
    shipping_country: 'DE',
    shipping_city: 'Berlin',
    ...fields,
  };
}

function entry(
  what: string,
  value: Buffer | string | null,
  expected: Expected,
  hour: string,
  timestamp = KAFKA_TIME,
  dt = '2026-01-05',
): CorpusRecord {
  return { what, value: typeof value === 'string' ? Buffer.from(value) : value, timestamp, expected, dt, hour };
}

/** Headers of every kind: text, binary, empty, and one key twice. */
const HEADERS = {
  'trace-id': Buffer.from('4bf92f3577b34da6'),
  signature: Buffer.from([0x00, 0xff, 0x10, 0x80]),
  empty: Buffer.alloc(0),
};

/** The headers as the lake keeps them (see ingest/CONTEXT.md). */
function storedHeaders(headers: Record<string, Buffer> | undefined): unknown[] {
  return Object.entries(headers ?? {}).map(([key, value]) =>
    key === 'signature'
      ? { key, value: null, value_base64: value.toString('base64') }
      : { key, value: value.toString('utf8'), value_base64: null },
  );
}

/** The orders corpus: valid events, and every way a record can be bad. */
function ordersCorpus(): CorpusRecord[] {
  const valid = JSON.stringify(order());
  const records: CorpusRecord[] = [];
  for (let index = 0; index < 30; index += 1) {
    const hour = String(8 + (index % 3)).padStart(2, '0');
    records.push(
      entry(
        `valid ${index}`,
        JSON.stringify(order({ event_time: `2026-01-05T${hour}:${String(index).padStart(2, '0')}:00.000Z` })),
        'payload',
        hour,
      ),
    );
  }
  records.push(
    entry(
      'valid, offset in the event time',
      JSON.stringify(order({ event_time: '2026-01-05T23:30:00+02:00' })),
      'payload',
      '21',
    ),
    entry('unparseable event time', JSON.stringify(order({ event_time: '05/01/2026 09:15' })), 'kafka', '14'),
    entry('impossible event time', JSON.stringify(order({ event_time: '2026-01-05T25:61:00Z' })), 'kafka', '14'),
    entry('event time as a number', JSON.stringify(order({ event_time: 1767604500000 })), 'kafka', '14'),
    entry('no event time', JSON.stringify(order({ event_time: undefined })), 'kafka', '14'),
    entry(
      '../ in every field',
      JSON.stringify(
        order({
          order_id: '../../../etc/passwd',
          event_time: '../../../../tmp/escape',
          shipping_city: '../',
          dt: '../..',
          hour: '../x',
        }),
      ),
      'kafka',
      '14',
    ),
    entry(
      '../ in fields, good event time',
      JSON.stringify(order({ user_id: '..', shipping_city: '/etc/hosts', event_time: '2026-01-05T10:00:00Z' })),
      'payload',
      '10',
    ),
    entry('truncated JSON', valid.slice(0, Math.floor(valid.length / 2)), 'not_json', '14'),
    entry('a byte order mark', `\uFEFF${valid}`, 'not_json', '14'),
    entry('empty value', '', 'not_json', '14'),
    entry('a tombstone (no value)', null, 'tombstone', '14'),
    entry(
      'event time years in the future',
      JSON.stringify(order({ event_time: '2099-01-05T09:15:00.000Z' })),
      'event_time_out_of_window',
      '14',
    ),
    entry(
      'event time decades before the Kafka timestamp',
      JSON.stringify(order({ event_time: '1970-01-01T00:00:00.000Z' })),
      'event_time_out_of_window',
      '14',
    ),
    entry(
      'event time within the default day ahead',
      JSON.stringify(order({ event_time: '2026-01-06T13:00:00.000Z' })),
      'payload',
      '13',
      KAFKA_TIME,
      '2026-01-06',
    ),
    {
      ...entry(
        'valid, with headers',
        JSON.stringify(order({ event_time: '2026-01-05T11:00:00.000Z' })),
        'payload',
        '11',
      ),
      headers: HEADERS,
    },
    { ...entry('rejected, with headers', '{"broken": ', 'not_json', '14'), headers: HEADERS },
    entry(
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from(valid.slice(0, 40)),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
        Buffer.from(valid.slice(40)),
      ]),
      'not_utf8',
      '14',
    ),
    entry('wrong type', JSON.stringify(order({ total_amount: '23,99' })), 'schema', '14'),
    entry(
      'negative quantity',
      JSON.stringify(order({ items: [{ product_id: 'P0001', quantity: -2, unit_price: 9.5 }] })),
      'schema',
      '14',
    ),
    entry('missing order id', JSON.stringify(order({ order_id: undefined })), 'schema', '14'),
    entry('unknown event type', JSON.stringify(order({ event_type: 'order_plcaed' })), 'schema', '14'),
    entry('not an object', '[1,2,3]', 'schema', '14'),
    entry('huge record', JSON.stringify(order({ note: 'x'.repeat(200_000) })), 'too_large', '14'),
    entry(
      'late Kafka timestamp, rejected',
      '{"broken": ',
      'not_json',
      '03',
      Date.parse('2026-01-06T03:00:00Z'),
      '2026-01-06',
    ),
  );
  return records;
}

/** A topic without a schema whose records must carry their own event time. */
function strictCorpus(): CorpusRecord[] {
  return [
    entry('event time', '{"id":1,"event_time":"2026-01-05T10:00:00Z"}', 'payload', '10'),
    entry('no event time', '{"id":2}', 'no_event_time', '14'),
    entry('../ as event time', '{"id":3,"event_time":"../../x"}', 'no_event_time', '14'),
    entry('any JSON', '"just a string"', 'no_event_time', '14'),
  ];
}

describeWithService(
  'kafka',
  'strata ingest: malformed inputs go to rejected/, consumed = written + rejected',
  (service) => {
    const kafkaSuite = useKafkaSuite(service);
    const { broker, producer, run } = kafkaSuite;
    const orders = `corpus-orders-${run}`;
    const strict = `corpus-strict-${run}`;
    const corpora = new Map([
      [orders, ordersCorpus()],
      [strict, strictCorpus()],
    ]);

    beforeAll(async () => {
      // One partition each: offsets are the corpus order.
      await kafkaSuite.createTopic(orders, 1);
      await kafkaSuite.createTopic(strict, 1);
      for (const [topic, corpus] of corpora) {
        await producer.send({
          topic,
          acks: -1,
          messages: corpus.map((record) => ({
            key: 'u_000042',
            value: record.value,
            timestamp: String(record.timestamp),
            ...(record.headers ? { headers: record.headers } : {}),
          })),
        });
      }
    });

    it('lands, rejects and counts every record of the corpus', async () => {
      const setup = writeIngestConfig({
        broker,
        groupId: `corpus-${run}`,
        topics: [
          { name: orders, schema: join(SCHEMAS_DIR, 'orders.schema.json') },
          { name: strict, onMissingEventTime: 'reject' },
        ],
        maxRecordBytes: '64KiB',
        rotation: { maxSeconds: 1 },
      });
      const total = [...corpora.values()].reduce((sum, corpus) => sum + corpus.length, 0);
      const ingester = await IngesterProcess.start(setup.config);
      let samples: MetricSample[] = [];
      await waitUntil(
        async () => {
          samples = await ingester.metrics();
          return metricSum(samples, 'strata_ingest_records_consumed_total') >= total;
        },
        30_000,
        'every record to be committed',
      );
      const health = await ingester.health();
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', connected: true, joined: true, assigned_partitions: 2 });

      // The metrics account for every record: consumed = written + rejected, by topic and reason.
      for (const [topic, corpus] of corpora) {
        const consumed = metricSum(samples, 'strata_ingest_records_consumed_total', { topic });
        const written = metricSum(samples, 'strata_ingest_records_written_total', { topic });
        const rejected = metricSum(samples, 'strata_ingest_records_rejected_total', { topic });
        expect(consumed).toBe(corpus.length);
        expect(written + rejected).toBe(consumed);
        expect(written).toBe(
          corpus.filter((record) => record.expected === 'payload' || record.expected === 'kafka').length,
        );
        for (const reason of REASONS) {
          expect(
            metricSum(samples, 'strata_ingest_records_rejected_total', { topic, reason }),
            `${topic} ${reason}`,
          ).toBe(corpus.filter((record) => record.expected === reason).length);
        }
      }

      ingester.kill('SIGTERM');
      expect((await ingester.exited).code).toBe(0);

      const lake = readLake(setup.lake);
      expect(lake.other).toEqual([]);
      const seen = new Map<string, number>();
      for (const file of lake.files) {
        const match =
          /^(rejected\/)?([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/([^/+]+)\+(\d+)\+(\d+)\.jsonl\.gz$/.exec(
            file.path,
          );
        expect(match, file.path).not.toBeNull();
        const [, rejectedArea, topic, dt, hour, nameTopic, partition, startOffset] = match as unknown as string[];
        expect(nameTopic).toBe(topic);
        const offsets = file.lines.map((line) => line.offset as number);
        expect(offsets[0]).toBe(Number(startOffset));
        expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
        const corpus = corpora.get(topic as string) as CorpusRecord[];
        for (const line of file.lines) {
          const offset = line.offset as number;
          const record = corpus[offset] as CorpusRecord;
          const key = `${topic}/${offset}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          expect(line.topic, record.what).toBe(topic);
          expect(line.partition).toBe(Number(partition));
          expect(`${dt}/${hour}`, record.what).toBe(`${record.dt}/${record.hour}`);
          expect(line.kafka_timestamp).toBe(new Date(record.timestamp).toISOString());
          if (rejectedArea) {
            expect(line.reason, record.what).toBe(record.expected);
            expect(typeof line.detail).toBe('string');
            const original =
              line.original_base64 === null ? null : Buffer.from(line.original_base64 as string, 'base64');
            expect(original === null ? record.value === null : record.value?.equals(original), record.what).toBe(true);
            expect(line.headers, record.what).toEqual(storedHeaders(record.headers));
          } else {
            expect(Object.keys(line)).toEqual([
              'topic',
              'partition',
              'offset',
              'kafka_timestamp',
              'ingested_at',
              'event_time_source',
              'payload',
              'headers',
            ]);
            expect(line.headers, record.what).toEqual(storedHeaders(record.headers));
            expect(line.event_time_source, record.what).toBe(record.expected);
            expect(line.payload).toBe(record.value?.toString('utf8'));
          }
        }
      }
      // Every record exactly once, in Bronze or in rejected/.
      expect(seen.size).toBe(total);
      expect([...seen.values()].every((count) => count === 1)).toBe(true);

      // Nothing was written outside the lake, whatever the payloads said.
      const everything: string[] = [];
      const walk = (dir: string): void => {
        for (const item of readdirSync(dir, { withFileTypes: true })) {
          const full = join(dir, item.name);
          if (item.isDirectory()) walk(full);
          else everything.push(relative(setup.dir, full));
        }
      };
      walk(setup.dir);
      for (const path of everything) expect(path === 'ingest.yml' || path.startsWith('lake/'), path).toBe(true);
      expect(everything.some((path) => path.includes('..'))).toBe(false);
    });
  },
);
