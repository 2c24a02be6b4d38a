/**
 * Event-to-gold latency of the live example (issue 19): the shop's events produced to
 * Kafka at a fixed rate, landed by `strata ingest` (ingest/ingest-live.yml) and turned
 * into the gold tables by `strata run --watch`, each as its own process, as
 * `npm run example:live` runs them. Not a test.
 *
 *   npm run build && node dist/bench/live-latency.js [--rate 1000] [--seconds 90]
 *     [--flush-seconds 1] [--poll-seconds 0.5] [--probe-ms 200] [--probe hook|read]
 *     [--target duckdb|athena|snowflake]
 *
 * Each event is timestamped when the broker acknowledges it (the generator runs in this
 * process). The project gets one extra model, `bench_visible_offsets`: per topic partition
 * the last offset the run's Bronze tables read; it refs the gold tables, so every run
 * builds it after them, from the same Bronze tables. With `--probe hook` (the default) its
 * post-hook copies it to `target/live/visible.csv` once it is built, so after the gold tables
 * committed, and the probe takes the file's modification time as the moment the offsets in
 * it became visible (a bound from above); with `--probe read` the probe opens the DuckDB file
 * itself every `--probe-ms`, which it can only do between the watcher's runs, so that wait is
 * in its figures too. An event is visible in gold once its offset is at or below what the
 * probe saw: its latency is that moment minus its acknowledgement. Users events are left
 * out: no gold table of the selection reads them. Reports p50/p95/p99 (and per minute, to
 * show growth; and from the watcher's first run on, without its start), the watcher's run
 * times, and each process's CPU and RSS while the generator sends.
 *
 * The broker is the test services' (`npm run services -- start kafka`). `--target athena` or
 * `snowflake` runs the same on Athena's engine or the Snowflake-protocol server (see
 * live-targets.ts for how commits reach each, how the probe reads, and the floor it reports;
 * `npm run services -- start trino snowflake`).
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildEventStream, withModelDefaults } from '../ingest/generator/events.js';
import { generateToKafka } from '../ingest/generator/kafka-generate.js';
import { KafkaPlacements } from '../ingest/generator/kafka-messages.js';
import { LIVE_SELECTION, LIVE_VARS } from '../ingest/live/live-example.js';
import { deleteTopics, liveTopics, resetTopics } from '../ingest/live/live-reset.js';
import { StrataProcess } from '../ingest/live/strata-process.js';
import { kafkaBroker } from '../tests/services/kafka/kafka-service.js';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { readServicesFile } from '../tests/services/lifecycle/services-file.js';
import { percentile } from './live-target.js';
import { openLiveTarget, type LiveTarget, type WarehouseName } from './live-targets.js';
import { breakdownByMinute, modelBuilds, type WalSample } from './live-breakdown.js';
import { UsageSampler, type ProcessUsage } from './process-usage.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const RATE = Number(argument('--rate', '1000'));
const SECONDS = Number(argument('--seconds', '90'));
const FLUSH_SECONDS = Number(argument('--flush-seconds', '1'));
const POLL_SECONDS = Number(argument('--poll-seconds', '0.5'));
const PROBE_MS = Number(argument('--probe-ms', '200'));
const PROBE = argument('--probe', 'hook') as 'hook' | 'read';
const TARGET = argument('--target', 'duckdb') as 'duckdb' | WarehouseName;
/** How often the hook probe looks at its file's modification time. */
const HOOK_PROBE_MS = 20;
/** How often the size of DuckDB's write-ahead log is sampled. */
const WAL_SAMPLE_MS = 250;
const PARTITIONS = 3;
const SEED = 42;
/** Events the default stream holds per user (2,000 users: about 57,000 events over 7 days). */
const EVENTS_PER_USER = 28;
/** How long the stream may take to become visible after the generator stopped. */
const DRAIN_MS = 600_000;
/** The drain ends sooner when no event became visible for this long (a watcher run can take a minute). */
const STALL_MS = 180_000;
const REPO = resolve(import.meta.dirname, '../..');
const MEASURED_TOPICS = ['clickstream', 'orders', 'payments'];

const copyHook = (file: string) => `{{ config(post_hook="copy {{ this }} to '${file}' (header false)") }}\n`;

/**
 * Per topic partition, the last offset this run's Bronze tables read. On DuckDB the base tables
 * are commit-fed: their cursors (stored with their rows) say it without reading the tables, whose
 * scan would grow with the run; elsewhere they are rebuilt each run, so the probe reads them.
 */
const lastOffsets = (prefix: string) =>
  TARGET === 'duckdb'
    ? `select replace(topic, '${prefix}', '') as topic, "partition" as kafka_partition, ` +
      `end_offset - 1 as last_offset\n` +
      `from {{ ref('base_bronze__${MEASURED_TOPICS[0]}').schema }}.strata_commit_state\n` +
      `where model in (${MEASURED_TOPICS.map((topic) => `'model.shop.base_bronze__${topic}'`).join(', ')})`
    : MEASURED_TOPICS.map(
        (topic) =>
          `select '${topic}' as topic, kafka_partition, max(kafka_offset) as last_offset\n` +
          `from {{ ref('base_bronze__${topic}') }} group by kafka_partition`,
      ).join('\nunion all\n');

/** The probe model; `visibleFile` set: it copies itself there once built (the hook probe). */
const probeModel = (
  prefix: string,
  visibleFile?: string,
) => `-- The bench's probe: per topic partition, the last offset this run's Bronze tables read.
-- It reads the gold tables (no rows), so every run builds it after them.
${visibleFile ? copyHook(visibleFile) : ''}${lastOffsets(prefix)}
${['orders_daily_summary', 'hourly_trends', 'funnel_breakdown']
  .map((model) => `union all\nselect null, null, null from {{ ref('${model}') }} where false`)
  .join('\n')}
`;

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return (
    `p50 ${s(percentile(sorted, 0.5))} s, p95 ${s(percentile(sorted, 0.95))} s, ` +
    `p99 ${s(percentile(sorted, 0.99))} s, max ${s(sorted.at(-1) ?? NaN)} s (${sorted.length} events)`
  );
}

/** A copy of the example project reading this run's topics, with the probe model. */
function benchProject(prefix: string): string {
  const dir = resolve(tmpdir(), `strata-live-bench-${prefix}`);
  for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests', 'ingest'])
    cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  const sources = join(dir, 'models/staging/_sources.yml');
  writeFileSync(
    sources,
    readFileSync(sources, 'utf8').replace(/location: lake\/(\w+),/g, `location: lake/${prefix}$1,`),
  );
  mkdirSync(join(dir, 'models/bench'), { recursive: true });
  const visibleFile = PROBE === 'hook' && TARGET === 'duckdb' ? join(dir, 'target/live/visible.csv') : undefined;
  writeFileSync(join(dir, 'models/bench/bench_visible_offsets.sql'), probeModel(prefix, visibleFile));
  return dir;
}

/** The gzip files of the records the ingester set aside in a local lake. */
function localRejectedFiles(lake: string): Buffer[] {
  const root = join(lake, 'rejected');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.jsonl.gz'))
    .map((name) => readFileSync(join(root, name)));
}

/** `topic/partition/offset` of every record the ingester set aside (they never reach a Bronze table). */
function rejectedRecords(files: Buffer[], prefix: string): Set<string> {
  const rejected = new Set<string>();
  for (const file of files) {
    for (const line of gunzipSync(file).toString().split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as { topic: string; partition: number; offset: number };
      rejected.add(`${record.topic.slice(prefix.length)}/${record.partition}/${record.offset}`);
    }
  }
  return rejected;
}

/** The hook probe's file when it changed since `after` (ms): topic/partition -> last offset, and when. */
function readVisibleFile(file: string, after: number): { visible: Map<string, number>; at: number } | undefined {
  let at: number;
  try {
    at = statSync(file).mtimeMs;
  } catch {
    return undefined; // before the first run built it
  }
  if (at <= after) return undefined;
  const visible = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [topic, partition, offset] = line.split(',');
    if (topic && partition && offset) visible.set(`${topic}/${Number(partition)}`, Number(offset));
  }
  return { visible, at };
}

/** The probe's read: topic/partition -> last visible offset; undefined while the watcher holds the file. */
async function readVisible(database: string): Promise<Map<string, number> | undefined> {
  if (!existsSync(database)) return undefined;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(database, { access_mode: 'READ_ONLY' });
  } catch {
    return undefined;
  }
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      'select topic, kafka_partition, last_offset from bench_visible_offsets',
    );
    const visible = new Map<string, number>();
    for (const row of reader.getRowObjectsJS())
      visible.set(`${String(row.topic)}/${Number(row.kafka_partition)}`, Number(row.last_offset));
    return visible;
  } catch {
    return undefined; // before the first run built it
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function main(): Promise<void> {
  const info = readServicesFile(serviceCacheDir()).kafka;
  if (!info) throw new Error('no Kafka service: npm run services -- start kafka');
  const broker = kafkaBroker(info);
  const prefix = `bench${randomUUID().slice(0, 6)}-`;
  const dir = benchProject(prefix);
  const services = readServicesFile(serviceCacheDir());
  const target: LiveTarget | undefined =
    TARGET === 'duckdb'
      ? undefined
      : await openLiveTarget(TARGET, { dir, prefix, topics: liveTopics('').map(String), services });
  const count = Math.round(RATE * SECONDS);
  const users = Math.ceil(count / EVENTS_PER_USER);
  process.stdout.write(
    `Live latency: ${RATE} events/s for ${SECONDS} s (${count} events, ${users} users), ` +
      `flush ${FLUSH_SECONDS} s, watcher ${target?.wakes ?? `poll ${POLL_SECONDS} s + push`}, ` +
      `${target?.label ?? 'DuckDB'}, ` +
      `project in ${dir}\n`,
  );

  // every event's topic partition and offset: the topics are new, so offsets count from 0
  const model = withModelDefaults({ seed: SEED, users });
  const records = buildEventStream(model).slice(0, count);
  const placements = new KafkaPlacements(PARTITIONS);
  const eventAt = new Map<string, number[]>(); // topic/partition -> offset -> event index
  const measured: boolean[] = [];
  records.forEach((record, index) => {
    const place = placements.place(record);
    const key = `${place.topic}/${place.partition}`;
    const offsets = eventAt.get(key) ?? [];
    offsets[place.offset] = index;
    eventAt.set(key, offsets);
    measured[index] = MEASURED_TOPICS.includes(record.topic);
  });
  const ackedAt = new Float64Array(records.length).fill(NaN);
  const visibleAt = new Float64Array(records.length).fill(NaN);

  await resetTopics([broker], liveTopics(prefix));
  const seed = new StrataProcess({
    name: 'seed',
    args: ['seed', ...(target?.args ?? [])],
    cwd: dir,
    env: target?.env,
    logFile: join(dir, 'target/live/seed.log'),
  });
  if ((await seed.exited) !== 0) throw new Error(`strata seed failed:\n${seed.tail(10).join('\n')}`);
  const ingestPort = 20_000 + Math.floor(Math.random() * 20_000);
  const ingester = new StrataProcess({
    name: 'ingest',
    args: ['ingest', '--config', target?.ingestConfig ?? 'ingest/ingest-live.yml'],
    cwd: dir,
    env: {
      ...target?.ingestEnv,
      KAFKA_BROKERS: broker,
      STRATA_INGEST_GROUP: `bench-${prefix}`,
      STRATA_TOPIC_PREFIX: prefix,
      STRATA_LAKE: join(dir, 'lake'),
      STRATA_INGEST_HTTP_PORT: String(ingestPort),
      STRATA_LIVE_FLUSH_SECONDS: String(FLUSH_SECONDS),
    },
    logFile: join(dir, 'target/live/ingest.log'),
  });
  await target?.start();
  let watcher: StrataProcess | undefined;
  const startWatcher = () =>
    new StrataProcess({
      name: 'watch',
      args: [
        ...['run', '--watch', ...(target ? target.args : LIVE_VARS)],
        ...['--select', ...LIVE_SELECTION, '+bench_visible_offsets', '--poll-interval', String(POLL_SECONDS)],
        ...(target?.watchArgs(ingestPort) ?? ['--feed-url', `http://127.0.0.1:${ingestPort}/commits`]),
      ],
      cwd: dir,
      env: target?.env,
      logFile: join(dir, 'target/live/watch.log'),
    });

  const database = join(dir, 'target/shop.duckdb');
  const seen = new Map<string, number>();
  let probing = false;
  // when the watcher first waits for commits: it has started and built the selection once
  let warmAt = NaN;
  // the probe reads only while the watcher lets go of the file: how often it got in shows its share of a latency
  const probeReads: number[] = [];
  /** Offsets seen visible at `at` (performance clock): the events up to them get that moment. */
  const noteVisible = (visible: Map<string, number>, at: number) => {
    if (at >= warmAt) probeReads.push(at);
    for (const [key, last] of visible) {
      const offsets = eventAt.get(key) ?? [];
      for (let offset = (seen.get(key) ?? -1) + 1; offset <= last; offset += 1) {
        const index = offsets[offset];
        if (index !== undefined && Number.isNaN(visibleAt[index]!)) visibleAt[index] = at;
      }
      seen.set(key, Math.max(seen.get(key) ?? -1, last));
    }
  };
  const visibleFile = join(dir, 'target/live/visible.csv');
  let fileAt = 0;
  // the DuckDB log's size over the run: a drop is a checkpoint (WAL_SAMPLE_MS apart, from the watcher's start)
  const walSamples: WalSample[] = [];
  let watcherStartedAt = NaN;
  const walSampler = setInterval(() => {
    if (target || Number.isNaN(watcherStartedAt)) return;
    let bytes = 0;
    try {
      bytes = statSync(`${database}.wal`).size;
    } catch {
      // no log: nothing written since the last checkpoint
    }
    walSamples.push({ at: (performance.now() - watcherStartedAt) / 1000, bytes });
  }, WAL_SAMPLE_MS);
  const probe = setInterval(
    () => {
      if (Number.isNaN(warmAt) && watcher?.tail(40).some((line) => line.includes('Waiting for commits...')))
        warmAt = performance.now();
      if (PROBE === 'hook' && !target) {
        const read = readVisibleFile(visibleFile, fileAt);
        if (!read) return;
        fileAt = read.at;
        // the file's time is wall-clock: the same instant on the performance clock
        noteVisible(read.visible, read.at - performance.timeOrigin);
        return;
      }
      if (probing) return;
      probing = true;
      // a warehouse's probe query takes time: the offsets count as visible when it answered (a bound from above)
      void (target?.readVisible() ?? readVisible(database))
        .then((visible) => {
          if (visible) noteVisible(visible, performance.now());
        })
        .finally(() => (probing = false));
    },
    target ? target.probeMs : PROBE === 'hook' ? HOOK_PROBE_MS : PROBE_MS,
  );

  const samplers: UsageSampler[] = [];
  let sentAt = 0;
  let started = 0;
  const generating = generateToKafka({
    ...model,
    brokers: [broker],
    count,
    rate: RATE,
    topicPrefix: prefix,
    partitions: PARTITIONS,
    onProgress: (state) => {
      const now = performance.now();
      if (started === 0) started = now;
      ackedAt.fill(now, sentAt, state.sent);
      sentAt = state.sent;
      // the watcher starts once the first flushes are in: its first run reads every topic's folder
      if (!watcher && now - started > (FLUSH_SECONDS + 1) * 1000) {
        watcher = startWatcher();
        watcherStartedAt = now;
        samplers.push(
          new UsageSampler('ingester (strata ingest)', ingester.child.pid!),
          new UsageSampler(`watcher (strata run --watch, ${target?.label ?? 'DuckDB'})`, watcher.child.pid!),
          new UsageSampler('generator + probe (this process)', process.pid),
          ...(target?.servers ?? []).map((server) => new UsageSampler(server.name, server.pid)),
        );
        for (const sampler of samplers) sampler.start();
      }
    },
  });
  const generated = await generating;
  const usage: ProcessUsage[] = samplers.map((sampler) => sampler.stop());
  process.stdout.write(
    `Produced ${generated.sent} events in ${(generated.elapsedMs / 1000).toFixed(1)} s ` +
      `(${(generated.sent / (generated.elapsedMs / 1000)).toFixed(0)} events/s)\n`,
  );

  const deadline = Date.now() + DRAIN_MS;
  // a record the ingester rejected never becomes visible: stop waiting once nothing new shows for a while
  const pending = () => records.some((_, index) => measured[index] && Number.isNaN(visibleAt[index]!));
  let progressAt = Date.now();
  let visibleCount = -1;
  const progressing = () => {
    const count = visibleAt.reduce((sum, at) => sum + (Number.isNaN(at) ? 0 : 1), 0);
    if (count !== visibleCount) [visibleCount, progressAt] = [count, Date.now()];
    return Date.now() - progressAt < STALL_MS;
  };
  while (pending() && progressing() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 500));
  clearInterval(probe);
  clearInterval(walSampler);
  (watcher as StrataProcess | undefined)?.signal('SIGTERM');
  await (watcher as StrataProcess | undefined)?.exited;
  ingester.signal('SIGTERM');
  await ingester.exited;
  await deleteTopics([broker], liveTopics(prefix));

  const rejected = rejectedRecords((await target?.rejectedFiles?.()) ?? localRejectedFiles(join(dir, 'lake')), prefix);
  const placed = new Map<number, string>();
  for (const [key, offsets] of eventAt) offsets.forEach((index, offset) => placed.set(index, `${key}/${offset}`));
  const latencies: number[] = [];
  const byMinute = new Map<number, number[]>();
  const afterFirstRun: number[] = [];
  let missing = 0;
  for (let index = 0; index < records.length; index += 1) {
    if (!measured[index] || rejected.has(placed.get(index)!)) continue;
    const latency = visibleAt[index]! - ackedAt[index]!;
    if (Number.isNaN(latency)) {
      missing += 1;
      continue;
    }
    latencies.push(latency);
    if (ackedAt[index]! >= warmAt) afterFirstRun.push(latency);
    const minute = Math.floor((ackedAt[index]! - started) / 60_000);
    const values = byMinute.get(minute) ?? [];
    values.push(latency);
    byMinute.set(minute, values);
  }
  const [load1, load5] = loadavg();
  process.stdout.write(`Machine load average at the end: ${load1!.toFixed(1)} (1 min), ${load5!.toFixed(1)} (5 min)\n`);
  process.stdout.write(`Event to gold: ${summary(latencies)}${missing > 0 ? `; ${missing} never visible` : ''}\n`);
  process.stdout.write(
    `  acknowledged after the watcher's first run (${((warmAt - started) / 1000).toFixed(1)} s in): ` +
      `${summary(afterFirstRun)}\n`,
  );
  if (byMinute.size > 1)
    for (const [minute, values] of [...byMinute].sort((a, b) => a[0] - b[0]))
      process.stdout.write(`  minute ${minute + 1}: ${summary(values)}\n`);

  const watchLog = readFileSync(join(dir, 'target/live/watch.log'), 'utf8');
  process.stdout.write(`Per model by minute of the watcher, median build (rows written):\n`);
  for (const line of breakdownByMinute(modelBuilds(watchLog), walSamples)) process.stdout.write(`${line}\n`);
  const runs = [...watchLog.matchAll(/ \((\d+(?:\.\d+)?)s\)\.$/gm)].map((match) => Number(match[1]));
  const sortedRuns = [...runs].sort((a, b) => a - b);
  process.stdout.write(
    `Watcher runs: ${runs.length}, duration p50 ${percentile(sortedRuns, 0.5)} s, ` +
      `p95 ${percentile(sortedRuns, 0.95)} s, max ${sortedRuns.at(-1)} s\n`,
  );
  const gaps = summary(probeReads.slice(1).map((at, index) => at - probeReads[index]!)).replace(/events\)$/, 'gaps)');
  process.stdout.write(`Probe reads after the first run: ${probeReads.length}, time between reads ${gaps}\n`);
  for (const entry of usage)
    process.stdout.write(
      `  ${entry.name.padEnd(40)} CPU ${(entry.cpuCores * 100).toFixed(0)}% of a core, ` +
        `RSS avg ${entry.avgRssMb.toFixed(0)} MiB, peak ${entry.peakRssMb.toFixed(0)} MiB\n`,
    );
  if (target) {
    for (const line of await target.floor(runs.length, generated.elapsedMs / 1000)) process.stdout.write(`${line}\n`);
    await target.close();
  }
}

await main();
