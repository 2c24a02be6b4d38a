/**
 * What the ingester suites and the throughput bench share: topics filled fast through
 * kafkajs, a config file in a temp folder, the built CLI (`node bin/strata.js ingest`) as
 * a child process with its JSON logs and `/metrics`, and the lake read back from disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CompressionTypes, Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';

/** The repository root, from the sources or from their build under dist/. */
function repositoryRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const REPO = repositoryRoot();
const BIN = join(REPO, 'bin/strata.js');
export const SCHEMAS_DIR = join(REPO, 'ingest/schemas');

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export function kafkaClient(broker: string, clientId = 'strata-ingest-tests'): Kafka {
  return new Kafka({ clientId, brokers: [broker], logLevel: logLevel.NOTHING });
}

export function fastProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
}

/**
 * A topic that keeps every record: events carry timestamps from the generator's calendar,
 * and the broker's default time retention (7 days) would delete those within minutes.
 */
export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({
    topics: [
      {
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      },
    ],
    waitForLeaders: true,
  });
}

export interface OutgoingMessage {
  key?: string | null;
  value: string | Buffer | null;
  /** the Kafka timestamp, ms */
  timestamp?: number;
  partition?: number;
}

/** Send `count` messages built by `make`, in batches with a few requests in flight (acks=1, no compression). */
export async function produce(
  producer: Producer,
  topic: string,
  count: number,
  make: (index: number) => OutgoingMessage,
  batchSize = 5_000,
  inFlight = 4,
): Promise<void> {
  const pending: Array<Promise<unknown>> = [];
  for (let start = 0; start < count; start += batchSize) {
    const messages = [];
    for (let index = start; index < Math.min(count, start + batchSize); index += 1) {
      const message = make(index);
      messages.push({
        key: message.key ?? null,
        value: message.value,
        ...(message.timestamp === undefined ? {} : { timestamp: String(message.timestamp) }),
        ...(message.partition === undefined ? {} : { partition: message.partition }),
      });
    }
    pending.push(producer.send({ topic, messages, acks: 1, compression: CompressionTypes.None }));
    if (pending.length >= inFlight) await pending.shift();
  }
  await Promise.all(pending);
}

/** Sum of the partition end offsets: how many records a topic holds (nothing is deleted in tests). */
export async function topicSize(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
}

/** Sum of the group's committed offsets on a topic (-1, none, counts as 0). */
export async function committedCount(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
}

export interface TopicSpec {
  name: string;
  /** the record format; json when absent */
  format?: 'json' | 'json-schema' | 'avro' | 'protobuf';
  schema?: string;
  eventTimeField?: string;
  onMissingEventTime?: 'kafka_timestamp' | 'reject';
}

export interface IngestSetup {
  broker: string;
  groupId: string;
  topics: TopicSpec[];
  rotation?: { maxRecords?: number; maxBytes?: string | number; maxSeconds?: number };
  maxBufferedBytes?: string | number;
  maxRecordBytes?: string | number;
  sessionTimeoutMs?: number;
  shutdownTimeoutSeconds?: number;
  /** `destination.path`; default `lake` in the temp folder */
  destination?: string;
  /** S3 endpoint and region, for an `s3://` destination */
  s3?: { endpoint: string; region: string };
  glue?: { database: string; createTable: boolean };
  format?: 'jsonl.gz' | 'parquet';
  /** `parquet_layout` of every topic (with `format: parquet`) */
  parquetLayout?: 'payload' | 'typed';
  gzipLevel?: number;
  /** the Schema Registry URL of avro and protobuf topics */
  schemaRegistry?: string;
  /** `commit_feed: true` */
  commitFeed?: boolean;
}

/** A temp folder with `ingest.yml`; returns the folder, the config path and the lake path. */
export function writeIngestConfig(setup: IngestSetup): { dir: string; config: string; lake: string } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-ingest-'));
  const topic = (spec: TopicSpec): string =>
    [
      `  - name: ${spec.name}`,
      spec.format ? `    format: ${spec.format}` : '',
      spec.schema ? `    schema: ${spec.schema}` : '',
      spec.eventTimeField ? `    event_time_field: ${spec.eventTimeField}` : '',
      spec.onMissingEventTime ? `    on_missing_event_time: ${spec.onMissingEventTime}` : '',
    ]
      .filter(Boolean)
      .join('\n');
  const rotation = setup.rotation ?? {};
  const s3Endpoint = setup.s3 ? `, endpoint: "${setup.s3.endpoint}", region: ${setup.s3.region}` : '';
  const lines = [
    `brokers: ${setup.broker}`,
    `group_id: ${setup.groupId}`,
    `kafka: { session_timeout_ms: ${setup.sessionTimeoutMs ?? 10_000} }`,
    'topics:',
    ...setup.topics.map(topic),
    setup.schemaRegistry ? `schema_registry: { url: "${setup.schemaRegistry}" }` : '',
    `destination: { path: ${setup.destination ?? 'lake'}${s3Endpoint} }`,
    setup.glue
      ? `glue: { enabled: true, database: ${setup.glue.database}, create_table: ${setup.glue.createTable} }`
      : '',
    `format: ${setup.format ?? 'jsonl.gz'}`,
    setup.parquetLayout ? `parquet_layout: ${setup.parquetLayout}` : '',
    setup.gzipLevel === undefined ? '' : `gzip_level: ${setup.gzipLevel}`,
    'rotation:',
    `  max_records: ${rotation.maxRecords ?? 100_000}`,
    `  max_bytes: ${rotation.maxBytes ?? '128MiB'}`,
    `  max_seconds: ${rotation.maxSeconds ?? 2}`,
    `memory: { max_buffered_bytes: ${setup.maxBufferedBytes ?? '256MiB'} }`,
    `max_record_bytes: ${setup.maxRecordBytes ?? '1MiB'}`,
    `shutdown_timeout_seconds: ${setup.shutdownTimeoutSeconds ?? 10}`,
    'http: { port: 0 }',
    setup.commitFeed ? 'commit_feed: true' : '',
  ].filter(Boolean);
  const config = join(dir, 'ingest.yml');
  writeFileSync(config, `${lines.join('\n')}\n`);
  return { dir, config, lake: join(dir, setup.destination ?? 'lake') };
}

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** `strata ingest` running as a child process. */
/** How many partitions a `joined the consumer group` log line says the instance was given. */
export function assignedPartitions(line: LogLine): number {
  return Object.values(line.assignment as Record<string, number[]>).reduce(
    (sum, partitions) => sum + partitions.length,
    0,
  );
}

export class IngesterProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  port?: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  private constructor(config: string, cwd: string, args: string[], env: Record<string, string>) {
    this.child = spawn(process.execPath, [BIN, 'ingest', '--config', config, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as LogLine;
        this.logs.push(entry);
        if (entry.msg === 'http listening') this.port = Number(entry.port);
      }
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((done) => this.child.on('close', (code, signal) => done({ code, signal })));
  }

  /** Start the ingester and wait until it has joined the group. */
  static async start(
    config: string,
    options: {
      cwd?: string;
      args?: string[];
      env?: Record<string, string>;
      timeoutMs?: number;
      /** the log message that says the ingester is consuming (a Kinesis worker says another) */
      ready?: string;
    } = {},
  ): Promise<IngesterProcess> {
    const ingester = new IngesterProcess(
      config,
      options.cwd ?? join(config, '..'),
      options.args ?? [],
      options.env ?? {},
    );
    const ready = options.ready ?? 'joined the consumer group';
    await ingester.waitForLog((line) => line.msg === ready, options.timeoutMs ?? 30_000);
    return ingester;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const found = this.logs.find(match);
      if (found) return found;
      if (exited) throw new Error(`the ingester exited before the expected log line\n${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for a log line\n${this.describe()}`);
      await sleep(50);
    }
  }

  async metrics(): Promise<MetricSample[]> {
    if (this.port === undefined) throw new Error('the ingester has no HTTP port yet');
    const response = await fetch(`http://127.0.0.1:${this.port}/metrics`);
    return parseMetrics(await response.text());
  }

  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${this.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The last log lines and stderr, for failure messages. */
  describe(): string {
    return [...this.logs.slice(-15).map((line) => JSON.stringify(line)), this.stderr.slice(-2_000)].join('\n');
  }
}

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, '$1');
    samples.push({ name: match[1] as string, labels, value: Number(match[4]) });
  }
  return samples;
}

/** Sum of a metric's samples whose labels include `labels`. */
export function metricSum(samples: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter(
      (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

export interface LakeFile {
  /** relative to the lake root, `/`-separated */
  path: string;
  lines: Array<Record<string, unknown>>;
}

/** Every `.jsonl.gz` file under `root`, parsed; temporary files are reported separately. */
export function readLake(root: string): { files: LakeFile[]; other: string[] } {
  const files: LakeFile[] = [];
  const other: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.jsonl.gz') && !entry.name.startsWith('.')) {
        const text = gunzipSync(readFileSync(full)).toString('utf8');
        const lines = text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>);
        files.push({ path: relative(root, full).split('\\').join('/'), lines });
      } else other.push(relative(root, full));
    }
  };
  walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, other };
}

/**
 * Every file under `root`, relative and with forward slashes, without reading any: cheap
 * enough to poll while an ingester flushes, where `readLake` would parse the whole lake.
 */
export function lakePaths(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** Poll `check` until it returns true. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
