/**
 * Shared set-up of the Kinesis ingest suites: a Kinesis client on the `aws` test service
 * (moto) or the `kinesis-efo` one (ferrokinesis, which serves enhanced fan-out), streams,
 * records put in batches, an ingest config whose source is Kinesis, and
 * what the lake holds afterwards (ids per Bronze line, rejected lines, leases).
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { awsClientConfig } from '../services/aws/aws-service.js';
import type { ServiceInfo } from '../services/lifecycle/service.js';
import { IngesterProcess, readLake, waitUntil } from './ingest-harness.js';

/** The log line of a Kinesis worker that is running. */
export const KINESIS_READY = 'kinesis worker started';

export interface KinesisService {
  client: KinesisClient;
  endpoint: string;
  region: string;
  /** the environment an ingester process needs to reach the service */
  env: Record<string, string>;
}

export function kinesisService(service: ServiceInfo): KinesisService {
  const config = awsClientConfig(service);
  const client = new KinesisClient({
    endpoint: config.endpoint,
    region: config.region,
    credentials: config.credentials,
    requestHandler: new NodeHttpHandler(),
  });
  return {
    client,
    endpoint: config.endpoint,
    region: config.region,
    env: {
      AWS_ACCESS_KEY_ID: config.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: config.credentials.secretAccessKey,
      AWS_REGION: config.region,
    },
  };
}

/** A stream with a fresh name and `shards` shards, active. */
export async function createStream(client: KinesisClient, prefix: string, shards: number): Promise<string> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  await waitUntil(
    async () =>
      (await client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary
        ?.StreamStatus === 'ACTIVE',
    30_000,
    `stream ${name} to be active`,
  );
  return name;
}

/** Put records `from` .. `from + count - 1` made by `record`, 500 per call, in order. */
export async function putRecords(
  client: KinesisClient,
  stream: string,
  from: number,
  count: number,
  record: (index: number) => PutRecordsRequestEntry,
): Promise<void> {
  for (let start = from; start < from + count; start += 500) {
    const size = Math.min(500, from + count - start);
    const entries = Array.from({ length: size }, (_, index) => record(start + index));
    const answer = await client.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
    if (answer.FailedRecordCount) throw new Error(`${answer.FailedRecordCount} records were not put`);
  }
}

/** A JSON event with a unique id, keyed by one of 97 users, its event time spread over two hours. */
export function idRecord(index: number): PutRecordsRequestEntry {
  const at = Date.parse('2026-01-05T08:00:00.000Z') + (index % 7_200) * 1_000;
  const user = `u_${index % 97}`;
  const event = { id: index, event_type: 'page_view', event_time: new Date(at).toISOString(), user_id: user };
  return { PartitionKey: user, Data: Buffer.from(JSON.stringify(event)) };
}

export async function shardIds(client: KinesisClient, stream: string): Promise<string[]> {
  const answer = await client.send(new ListShardsCommand({ StreamName: stream }));
  return (answer.Shards ?? []).map((shard) => shard.ShardId ?? '');
}

export interface KinesisIngestSetup {
  service: KinesisService;
  streams: string[];
  rotation?: { maxRecords?: number; maxSeconds?: number };
  failoverTimeMs?: number;
  maxRecords?: number;
  /** `s3://bucket/prefix` on the same service; a local folder `lake` when undefined */
  s3Lake?: string;
  /** read by SubscribeToShard (`enhanced_fan_out: true`), as this consumer when named */
  enhancedFanOut?: boolean | { consumerName: string };
}

/** An ingest config reading `streams` into a fresh local lake. */
export function writeKinesisConfig(setup: KinesisIngestSetup): { dir: string; config: string; lake: string } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-kinesis-'));
  const lines = [
    'source: kinesis',
    'kinesis:',
    `  endpoint: "${setup.service.endpoint}"`,
    `  region: ${setup.service.region}`,
    `  failover_time_ms: ${setup.failoverTimeMs ?? 3_000}`,
    `  max_records: ${setup.maxRecords ?? 1_000}`,
    '  idle_time_between_reads_ms: 200',
    ...(setup.enhancedFanOut ? ['  enhanced_fan_out: true'] : []),
    ...(typeof setup.enhancedFanOut === 'object' ? [`  consumer_name: ${setup.enhancedFanOut.consumerName}`] : []),
    'topics:',
    ...setup.streams.map((stream) => `  - { name: ${stream}, on_missing_event_time: reject }`),
    setup.s3Lake
      ? `destination: { path: "${setup.s3Lake}", endpoint: "${setup.service.endpoint}", ` +
        `region: ${setup.service.region} }`
      : 'destination: { path: lake }',
    'rotation:',
    `  max_records: ${setup.rotation?.maxRecords ?? 100_000}`,
    `  max_seconds: ${setup.rotation?.maxSeconds ?? 1}`,
    'shutdown_timeout_seconds: 20',
    'http: { port: 0 }',
  ];
  const config = join(dir, 'ingest.yml');
  writeFileSync(config, `${lines.join('\n')}\n`);
  return { dir, config, lake: join(dir, 'lake') };
}

/** Run `strata ingest` on a config that is expected to fail before its worker runs: exit status and stderr. */
export function runFailingIngester(config: string, service: KinesisService): { status: number | null; stderr: string } {
  const bin = fileURLToPath(new URL('../../bin/strata.js', import.meta.url));
  const run = spawnSync(process.execPath, [bin, 'ingest', '--config', config], {
    cwd: dirname(config),
    env: { ...process.env, ...service.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stderr: run.stderr };
}

/** Start `strata ingest` on a Kinesis config and wait until its worker runs. */
export function startKinesisIngester(
  config: string,
  service: KinesisService,
  env: Record<string, string> = {},
): Promise<IngesterProcess> {
  return IngesterProcess.start(config, { ready: KINESIS_READY, timeoutMs: 60_000, env: { ...service.env, ...env } });
}

export interface KinesisLake {
  /** how many Bronze lines carry each id */
  counts: Map<number, number>;
  bronzeLines: Array<Record<string, unknown>>;
  rejectedLines: Array<Record<string, unknown>>;
  files: string[];
}

/** The Bronze and rejected lines of a lake (leases and temporary files are not lake files). */
export function readKinesisLake(lake: string): KinesisLake {
  const { files } = readLake(lake);
  const counts = new Map<number, number>();
  const bronzeLines: Array<Record<string, unknown>> = [];
  const rejectedLines: Array<Record<string, unknown>> = [];
  for (const file of files) {
    if (file.path.startsWith('rejected/')) {
      rejectedLines.push(...file.lines);
      continue;
    }
    for (const line of file.lines) {
      bronzeLines.push(line);
      const id = (JSON.parse(line.payload as string) as { id: number }).id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return { counts, bronzeLines, rejectedLines, files: files.map((file) => file.path) };
}

/** Ids in `0 .. total - 1` missing from the lake or found more than once. */
export function idProblems(counts: Map<number, number>, total: number): { missing: number[]; doubled: number[] } {
  const missing: number[] = [];
  const doubled: number[] = [];
  for (let id = 0; id < total; id += 1) {
    const count = counts.get(id) ?? 0;
    if (count === 0) missing.push(id);
    if (count > 1) doubled.push(id);
  }
  return { missing: missing.slice(0, 10), doubled: doubled.slice(0, 10) };
}

/** The current lease of each shard in the lake's lease table: owner and checkpoint. */
export function readLeases(lake: string): Map<string, { owner: string | null; checkpoint: unknown }> {
  const leases = new Map<string, { owner: string | null; checkpoint: unknown }>();
  const root = join(lake, '.strata-leases');
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const versions = entries.filter((entry) => entry.isFile() && /^\d{16}\.json$/.test(entry.name));
    const latest = versions
      .map((entry) => entry.name)
      .sort()
      .at(-1);
    if (latest) {
      const lease = JSON.parse(readFileSync(join(dir, latest), 'utf8')) as {
        owner: string | null;
        checkpoint: unknown;
      };
      leases.set(relative(root, dir), lease);
    }
    for (const entry of entries) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
  return leases;
}

/** Wait until the lake holds `total` Bronze plus rejected lines. */
export async function waitForLines(lake: string, total: number, timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const { bronzeLines, rejectedLines } = readKinesisLake(lake);
      return bronzeLines.length + rejectedLines.length >= total;
    },
    timeoutMs,
    `${total} lines in the lake`,
  );
}
