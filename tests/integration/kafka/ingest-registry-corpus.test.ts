/**
 * The malformed corpus of the Schema Registry formats through the real broker and the real
 * registry: an Avro and a Protobuf topic, good records and broken ones (truncated, unknown
 * schema id, wrong magic byte, Protobuf with fields its schema does not know). The ingester
 * first finds the registry unreachable (its URL is a loopback port nobody listens on): it
 * lands and commits nothing, and loses nothing. Once a forwarder to the registry listens on
 * that port, every record lands exactly once, in Bronze or in rejected/ with its reason, and
 * consumed = written + rejected.
 */
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { avroType } from '../../../ingest/formats/avro-decoder.js';
import { messagePath, parseProto } from '../../../ingest/formats/protobuf-decoder.js';
import { wireHeader, writeMessageIndexes } from '../../../ingest/formats/wire-format.js';
import { freePort } from '../../services/lifecycle/free-port.js';
import { describeWithService, requireService } from '../../services/lifecycle/integration.js';
import { schemaRegistryUrl } from '../../services/schema-registry/schema-registry-service.js';
import {
  IngesterProcess,
  committedCount,
  metricSum,
  produce,
  readLake,
  sleep,
  waitUntil,
  writeIngestConfig,
} from '../../support/ingest-harness.js';
import { registerSchema } from '../../support/schema-registry.js';
import { ID_EVENT_SCHEMA } from './avro-ids.js';
import { useKafkaSuite } from './kafka-suite.js';

const KAFKA_TIME = Date.parse('2026-01-05T14:20:00.000Z');
const PROTO = `syntax = "proto3";
package shop;
message Click { int32 id = 1; string event_time = 2; string page_path = 3; }`;

interface Entry {
  value: Buffer;
  /** `bronze`, or the rejection reason */
  expected: string;
}

describeWithService('kafka', 'strata ingest: Avro and Protobuf corpus, registry unreachable then back', (service) => {
  const registry = requireService('schema-registry');
  const kafkaSuite = useKafkaSuite(service);
  const avroTopic = `sr-avro-${kafkaSuite.run}`;
  const protoTopic = `sr-proto-${kafkaSuite.run}`;
  const corpora = new Map<string, Entry[]>();
  let forwarder: Server | undefined;

  beforeAll(async () => {
    if (!registry) return;
    const url = schemaRegistryUrl(registry);
    await kafkaSuite.createTopic(avroTopic, 2);
    await kafkaSuite.createTopic(protoTopic, 2);
    const avroId = await registerSchema(url, `${avroTopic}-value`, ID_EVENT_SCHEMA);
    const protoId = await registerSchema(url, `${protoTopic}-value`, PROTO, 'PROTOBUF');
    const type = avroType(JSON.stringify(ID_EVENT_SCHEMA));
    const avro = (id: number) =>
      type.toBuffer({
        id,
        event_type: 'page_view',
        event_time: '2026-01-05T09:15:00.000Z',
        user_id: 'u1',
        page_path: '/p',
      });
    const framed = (id: number, body: Buffer) => Buffer.concat([wireHeader(id), body]);
    const good = avro(1);
    corpora.set(avroTopic, [
      ...Array.from({ length: 20 }, (_, index) => ({ value: framed(avroId, avro(index)), expected: 'bronze' })),
      { value: framed(avroId, good.subarray(0, good.length - 2)), expected: 'not_decodable' },
      { value: framed(987_654, good), expected: 'unknown_schema' },
      { value: Buffer.concat([Buffer.from([7]), framed(avroId, good).subarray(1)]), expected: 'wire_format' },
      { value: Buffer.from('{"id":1}'), expected: 'wire_format' },
    ]);
    // A producer whose schema has a field the registered one lacks (field 9).
    const newer = parseProto(PROTO.replace('string page_path = 3;', 'string page_path = 3; string referrer = 9;'));
    const click = newer.root.lookupType('shop.Click');
    const clickBody = (id: number) =>
      Buffer.from(
        click
          .encode(click.fromObject({ id, event_time: '2026-01-05T09:15:00Z', page_path: '/p', referrer: '/ad' }))
          .finish(),
      );
    const proto = (id: number, body: Buffer) =>
      Buffer.concat([wireHeader(id), writeMessageIndexes(messagePath(newer, click)), body]);
    corpora.set(protoTopic, [
      ...Array.from({ length: 20 }, (_, index) => ({ value: proto(protoId, clickBody(index)), expected: 'bronze' })),
      { value: proto(protoId, clickBody(1).subarray(0, 5)), expected: 'not_decodable' },
      { value: proto(987_655, clickBody(1)), expected: 'unknown_schema' },
      { value: Buffer.concat([Buffer.from([1]), proto(protoId, clickBody(1)).subarray(1)]), expected: 'wire_format' },
    ]);
    for (const [topic, corpus] of corpora) {
      await produce(kafkaSuite.producer, topic, corpus.length, (index) => ({
        value: corpus[index]!.value,
        timestamp: KAFKA_TIME,
        partition: index % 2,
      }));
    }
  });

  afterAll(async () => {
    await new Promise((done) => (forwarder ? forwarder.close(done) : done(undefined)));
  });

  it.skipIf(!registry)('waits for the registry, then lands every record once', { timeout: 120_000 }, async () => {
    const target = new URL(schemaRegistryUrl(registry!));
    const port = await freePort();
    const groupId = `sr-corpus-${randomUUID().slice(0, 8)}`;
    const setup = writeIngestConfig({
      broker: kafkaSuite.broker,
      groupId,
      topics: [
        { name: avroTopic, format: 'avro' },
        { name: protoTopic, format: 'protobuf' },
      ],
      schemaRegistry: `http://127.0.0.1:${port}${target.pathname}`,
      rotation: { maxSeconds: 1 },
    });
    const ingester = await IngesterProcess.start(setup.config);
    await ingester.waitForLog(
      (line) => line.msg?.toString().startsWith('schema registry unavailable') ?? false,
      30_000,
    );
    await sleep(2_000);
    // Nothing was judged without its schema: no file, no commit.
    expect(readLake(setup.lake).files).toEqual([]);
    expect(await committedCount(kafkaSuite.admin, groupId, avroTopic)).toBe(0);
    expect(await committedCount(kafkaSuite.admin, groupId, protoTopic)).toBe(0);

    forwarder = createServer((socket) => {
      const upstream = connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((done) => forwarder!.listen(port, '127.0.0.1', done));
    for (const [topic, corpus] of corpora) {
      await waitUntil(
        async () => (await committedCount(kafkaSuite.admin, groupId, topic)) === corpus.length,
        60_000,
        `${topic} to be committed`,
      );
    }
    const samples = await ingester.metrics();
    ingester.kill('SIGTERM');
    expect((await ingester.exited).code).toBe(0);

    const lake = readLake(setup.lake);
    for (const [topic, corpus] of corpora) {
      const consumed = metricSum(samples, 'strata_ingest_records_consumed_total', { topic });
      const written = metricSum(samples, 'strata_ingest_records_written_total', { topic });
      const rejected = metricSum(samples, 'strata_ingest_records_rejected_total', { topic });
      expect(consumed).toBe(corpus.length);
      expect(written + rejected).toBe(consumed);
      const outcome = new Map<number, string[]>();
      for (const file of lake.files) {
        if (!file.path.startsWith(topic) && !file.path.startsWith(`rejected/${topic}/`)) continue;
        for (const line of file.lines) {
          const index = (line.offset as number) * 2 + (line.partition as number);
          const seen = outcome.get(index) ?? [];
          seen.push(file.path.startsWith('rejected/') ? (line.reason as string) : 'bronze');
          outcome.set(index, seen);
          if (!file.path.startsWith('rejected/')) {
            const payload = JSON.parse(line.payload as string) as { id: number; event_time: string };
            expect(payload.event_time).toMatch(/^2026-01-05T09:15:00/);
            expect(Object.keys(payload)).not.toContain('referrer');
          } else {
            expect(Buffer.from(line.original_base64 as string, 'base64')).toEqual(corpus[index]!.value);
          }
        }
      }
      // Each record once, with the outcome it should have.
      expect(
        corpus.map((_, index) => outcome.get(index)),
        topic,
      ).toEqual(corpus.map((entry) => [entry.expected]));
    }
  });
});
