/**
 * Ingester throughput (issue: the ingester): pre-fill a topic with ~500-byte JSON events,
 * then time `strata ingest` draining it into the local lake (or another destination).
 * Prints events/s (wall), events per CPU-second of the ingester process (user + system,
 * all threads: the figure per core) and its peak RSS. Not a test.
 *
 *   npm run build && node dist/bench/ingest-throughput.js [--events 1000000] [--partitions 6]
 *     [--brokers host:port] [--max-buffered-bytes 256MiB] [--max-records 100000]
 *     [--format jsonl.gz|parquet] [--gzip-level 1..9] [--s3] [--verify] [--record-format json|avro|protobuf]
 *     [--parquet-layout payload|typed] [--json-schema]
 *
 * The broker defaults to the one the test services run (`npm run services -- start kafka`);
 * `--s3` writes to a new bucket on the services' S3 endpoint (`npm run services -- start aws`).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { readServicesFile } from '../tests/services/lifecycle/services-file.js';
import { kafkaBroker } from '../tests/services/kafka/kafka-service.js';
import { awsClientConfig } from '../tests/services/aws/aws-service.js';
import { avroEncoder, registryFromServices } from './avro-events.js';
import { writeEventSchema } from './event-schema.js';
import { clickstreamEvent } from './clickstream-event.js';
import { protobufEncoder } from './protobuf-events.js';
import { CreateBucketCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import {
  IngesterProcess,
  committedCount,
  createTopic,
  fastProducer,
  kafkaClient,
  metricSum,
  produce,
  readLake,
  sleep,
  writeIngestConfig,
} from '../tests/support/ingest-harness.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const EVENTS = Number(argument('--events', '1000000'));
const PARTITIONS = Number(argument('--partitions', '6'));
const FORMAT = argument('--format', 'jsonl.gz') as 'jsonl.gz' | 'parquet';
/** How the events are written to Kafka: JSON text, or Avro or Protobuf through the services' Schema Registry. */
const RECORD_FORMAT = argument('--record-format', 'json') as 'json' | 'avro' | 'protobuf';
/**
 * Parquet columns: the payload string, or one per field of the topic's schema (a JSON topic's then);
 * unset, the ingester's default: typed for a topic with a schema, payload for plain JSON.
 */
const LAYOUT_ARGUMENT = argument('--parquet-layout', '') as '' | 'payload' | 'typed';
/** JSON events checked against their JSON Schema (bench/event-schema.ts); implied by a typed JSON topic. */
const JSON_SCHEMA = RECORD_FORMAT === 'json' && (process.argv.includes('--json-schema') || LAYOUT_ARGUMENT === 'typed');
const PARQUET_LAYOUT = LAYOUT_ARGUMENT || (RECORD_FORMAT === 'json' && !JSON_SCHEMA ? 'payload' : 'typed');

async function main(): Promise<void> {
  const broker = argument('--brokers', '') || brokerFromServices();
  const kafka = kafkaClient(broker, 'strata-bench');
  const admin = kafka.admin();
  await admin.connect();
  const run = randomUUID().slice(0, 8);
  const topic = `bench-events-${run}`;
  await createTopic(admin, topic, PARTITIONS);
  const producer = fastProducer(kafka);
  await producer.connect();
  const registry = RECORD_FORMAT === 'json' ? undefined : registryFromServices();
  const encode = await encoder(registry, topic);
  const make = (index: number) => {
    const json = clickstreamEvent(index, EVENTS);
    return { ...json, value: encode(json.value) };
  };
  const sample = Buffer.byteLength(make(0).value);
  console.log(
    `filling ${topic}: ${EVENTS.toLocaleString('en-US')} ${RECORD_FORMAT} events of ~${sample} bytes, ` +
      `${PARTITIONS} partitions ...`,
  );
  const fillStarted = performance.now();
  await produce(producer, topic, EVENTS, make, 10_000, 4);
  await producer.disconnect();
  console.log(`  filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

  const groupId = `bench-${run}`;
  const s3 = process.argv.includes('--s3') ? await s3Bucket(`bench-${run}`) : undefined;
  const destination = s3 ? `s3://${s3.bucket}/lake` : '';
  const setup = writeIngestConfig({
    broker,
    groupId,
    topics: [
      JSON_SCHEMA
        ? { name: topic, format: 'json-schema', schema: writeEventSchema(mkdtempSync(join(tmpdir(), 'strata-bench-'))) }
        : { name: topic, format: RECORD_FORMAT },
    ],
    ...(registry ? { schemaRegistry: registry } : {}),
    rotation: {
      maxRecords: Number(argument('--max-records', '100000')),
      maxSeconds: Number(argument('--max-seconds', '5')),
    },
    maxBufferedBytes: argument('--max-buffered-bytes', '256MiB'),
    format: FORMAT,
    ...(FORMAT === 'parquet' && LAYOUT_ARGUMENT ? { parquetLayout: LAYOUT_ARGUMENT } : {}),
    gzipLevel: Number(argument('--gzip-level', '6')),
    ...(s3 ? { destination, s3: { endpoint: s3.endpoint, region: s3.region } } : {}),
  });
  const started = performance.now();
  const ingester = await IngesterProcess.start(setup.config, { timeoutMs: 60_000, env: s3?.env ?? {} });
  // Consumption starts at the join: the figures below run from here, startup apart.
  const joined = performance.now();
  const atJoin = metricSum(await ingester.metrics(), 'process_cpu_seconds_total');
  const idleRss = metricSum(await ingester.metrics(), 'process_resident_memory_bytes');
  let last = { consumed: 0, cpu: 0, peakRss: 0 };
  const peaks = { heap: 0, external: 0, buffered: 0 };
  for (;;) {
    const samples = await ingester.metrics();
    last = {
      consumed: metricSum(samples, 'strata_ingest_records_consumed_total'),
      cpu: metricSum(samples, 'process_cpu_seconds_total'),
      peakRss: metricSum(samples, 'process_max_resident_memory_bytes'),
    };
    peaks.heap = Math.max(peaks.heap, metricSum(samples, 'nodejs_heap_total_bytes'));
    peaks.external = Math.max(peaks.external, metricSum(samples, 'nodejs_external_memory_bytes'));
    peaks.buffered = Math.max(peaks.buffered, metricSum(samples, 'strata_ingest_buffered_bytes'));
    if (last.consumed >= EVENTS) break;
    await sleep(50);
  }
  const finished = performance.now();
  ingester.kill('SIGTERM');
  const exit = await ingester.exited;
  const committed = await committedCount(admin, groupId, topic);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();

  const total = (finished - started) / 1000;
  const drain = (finished - joined) / 1000;
  const drainCpu = last.cpu - atJoin;
  const mb = (EVENTS * sample) / 1e6;
  console.log(
    `ingest ${EVENTS.toLocaleString('en-US')} events (${mb.toFixed(0)} MB of payload) ` +
      `from ${JSON_SCHEMA ? 'json-schema' : RECORD_FORMAT} into ${destination || 'the local lake'} as ${FORMAT} ` +
      (FORMAT === 'parquet' ? `(${PARQUET_LAYOUT} layout) ` : '') +
      `(gzip level ${argument('--gzip-level', '6')})`,
  );
  console.log(`  drain, join to last commit      ${drain.toFixed(2)} s   ${(EVENTS / drain).toFixed(0)} events/s`);
  console.log(
    `  CPU of the ingester meanwhile   ${drainCpu.toFixed(2)} s   ` +
      `${(EVENTS / drainCpu).toFixed(0)} events per CPU-second (per core)`,
  );
  console.log(`  cores busy on average           ${(drainCpu / drain).toFixed(2)}`);
  // Per-CPU-second figures drift with what else runs: the machine's load says how far to trust them.
  const load = loadavg().map((average) => average.toFixed(2));
  console.log(`  load average (1, 5, 15 min)     ${load.join(', ')}`);
  console.log(
    `  with startup (process start)    ${total.toFixed(2)} s, ${last.cpu.toFixed(2)} s CPU   ` +
      `${(EVENTS / last.cpu).toFixed(0)} events per CPU-second`,
  );
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const sampledPeaks = [
    `V8 heap ${mib(peaks.heap)}`,
    `external ${mib(peaks.external)}`,
    `buffered ${mib(peaks.buffered)}`,
  ].join(', ');
  console.log(
    `  peak RSS                        ${mib(last.peakRss)}   ` +
      `(at the join: ${mib(idleRss)}; sampled peaks: ${sampledPeaks})`,
  );
  console.log(`  committed offsets               ${committed.toLocaleString('en-US')}   exit code ${exit.code}`);
  if (s3) {
    let objects = 0;
    for await (const page of paginateListObjectsV2({ client: s3.client }, { Bucket: s3.bucket }))
      objects += page.KeyCount ?? 0;
    console.log(`  S3 objects                      ${objects}`);
    s3.client.destroy();
  }
  if (process.argv.includes('--verify') && !s3) {
    const lake = readLake(setup.lake);
    const lines = lake.files.reduce((sum, file) => sum + file.lines.length, 0);
    console.log(`  lake                            ${lake.files.length} files, ${lines.toLocaleString('en-US')} lines`);
  }
  if (!s3) console.log(`  lake size                       ${mib(lakeBytes(setup.lake))}`);
  rmSync(setup.dir, { recursive: true, force: true });
}

/** Bytes of the Bronze files under a local lake. */
function lakeBytes(root: string): number {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(parquet|jsonl\.gz)$/.test(path))
    .reduce((sum, path) => sum + statSync(join(root, path)).size, 0);
}

/** How JSON event text becomes a Kafka value in the benchmark's record format. */
async function encoder(registry: string | undefined, topic: string): Promise<(json: string) => string | Buffer> {
  if (!registry) return (json) => json;
  return RECORD_FORMAT === 'avro' ? avroEncoder(registry, topic) : protobufEncoder(registry, topic);
}

/** A fresh bucket on the test services' S3 endpoint, and the environment the ingester needs for it. */
async function s3Bucket(bucket: string) {
  const info = readServicesFile(serviceCacheDir()).aws;
  if (!info) throw new Error('no S3 endpoint: start one with `npm run services -- start aws`');
  const config = awsClientConfig(info);
  const client = new S3Client(config);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const env = {
    AWS_ACCESS_KEY_ID: config.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
  };
  return { bucket, client, endpoint: config.endpoint, region: config.region, env };
}

function brokerFromServices(): string {
  const info = readServicesFile(serviceCacheDir()).kafka;
  if (!info)
    throw new Error('no Kafka broker: pass --brokers host:port or start one with `npm run services -- start kafka`');
  return kafkaBroker(info);
}

await main();
