/**
 * The warehouses of the live benchmark besides DuckDB (`bench/live-latency.ts --target`):
 * where Bronze lands, how commits reach the warehouse and the watcher, how the probe reads
 * the gold tables' offsets, and what each run's floor is made of. Not a test.
 *
 * - athena: the ingester lands the lake in S3 (moto) with the commit feed and registers its
 *   tables and partitions in Glue; the watcher follows the feed on S3 (pushed by the
 *   ingester's /commits) and runs the selection through the Athena API test host on Trino.
 *   Counted: the host's API calls and each statement's engine time, and every Glue call of
 *   the watcher and of the ingester (a counting proxy in front of moto's Glue).
 * - snowflake: the ingester lands a local lake; the stand-in's loader copies each commit
 *   into the Bronze tables on the Snowflake-protocol server and re-publishes its record
 *   (snowflake-bronze-loader.ts); the watcher follows that feed by polling. Counted: the
 *   watcher's protocol calls (a counting proxy) and the loader's time per batch.
 *
 * On both, every run rebuilds the selection from Bronze (`--full-refresh`: the commit-fed
 * incremental mode is DuckDB's), and the probe queries `bench_visible_offsets` every
 * `probeMs` on its own connection.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { Connection } from '../src/adapters/contract.js';
import { createAdapter } from '../src/adapters/registry.js';
import { loadTarget } from '../src/config/profiles.js';
import { startAthenaHost } from '../tests/services/aws/athena-api/athena-host.js';
import { startAthenaStack } from '../tests/services/aws/athena-api/test-target.js';
import { awsClientConfig } from '../tests/services/aws/aws-service.js';
import type { ServiceInfo } from '../tests/services/lifecycle/service.js';
import { snowflakeTargetEnv } from '../tests/services/snowflake/snowflake-client.js';
import { createSnowflakeBronze } from '../tests/services/stand-ins/snowflake/bronze-tables.js';
import { CountingProxy, glueOperation, snowflakeCall, type CallTally } from './counting-proxy.js';
import { SnowflakeBronzeLoader } from './snowflake-bronze-loader.js';

export type WarehouseName = 'athena' | 'snowflake';

/** One warehouse of the benchmark, set up for a bench project. */
export interface LiveTarget {
  /** e.g. "Athena on Trino" */
  label: string;
  /** arguments and environment of every `strata` command on the project */
  args: string[];
  env: Record<string, string>;
  /** the watcher's own arguments (how it is woken), and their description */
  watchArgs(ingestPort: number): string[];
  wakes: string;
  /** the ingester's config (relative to the project) and environment */
  ingestConfig: string;
  ingestEnv: Record<string, string>;
  /** once the ingester runs: start carrying commits to the warehouse */
  start(): Promise<void>;
  /** the service processes whose CPU and RSS count too */
  servers: Array<{ name: string; pid: number }>;
  /** how often the probe queries */
  probeMs: number;
  /** topic/partition -> last offset visible in gold; undefined before the probe table exists */
  readVisible(): Promise<Map<string, number> | undefined>;
  /** the gzip files of rejected records, when not in the local lake */
  rejectedFiles?(): Promise<Buffer[]>;
  /** lines describing what the watcher's `runs` runs (and the ingester over `seconds`) were made of */
  floor(runs: number, seconds: number): Promise<string[]>;
  close(): Promise<void>;
}

interface Context {
  /** the bench project (a copy of the example with the probe model) */
  dir: string;
  /** the run's topic prefix */
  prefix: string;
  /** the topics without prefix */
  topics: readonly string[];
  services: Record<string, ServiceInfo | undefined>;
}

/** Set `target` up for the bench project in `context.dir`. */
export function openLiveTarget(name: WarehouseName, context: Context): Promise<LiveTarget> {
  return name === 'athena' ? athenaTarget(context) : snowflakeTarget(context);
}

/** Point the project's Bronze sources at `location(topic)` in the schema (Glue database) `schema`. */
function rewriteSources(dir: string, schema: string, location: (folder: string) => string): void {
  const file = join(dir, 'models/staging/_sources.yml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8')
      .replace(/^ {4}schema: bronze$/m, `    schema: ${schema}`)
      .replace(/location: lake\/(\w[\w-]*),/g, (_, folder: string) => `location: ${location(folder)},`),
  );
}

/** A connection of the project's `targetName` that reads the probe table. */
async function warehouseProbe(dir: string, targetName: string, env: Record<string, string>, schema: string) {
  const { target } = loadTarget({ projectRoot: dir, profileName: 'shop', targetName, env: { ...process.env, ...env } });
  const adapter = await createAdapter(target, dir);
  const connection: Connection = await adapter.connect();
  return {
    async read(): Promise<Map<string, number> | undefined> {
      let rows: Array<Record<string, unknown>>;
      try {
        rows = (
          await connection.query(`select topic, kafka_partition, last_offset from ${schema}.bench_visible_offsets`)
        ).rows;
      } catch {
        return undefined; // before the first run built it
      }
      const visible = new Map<string, number>();
      for (const row of rows) {
        const value = (key: string) => row[key] ?? row[key.toUpperCase()];
        if (value('topic') !== null)
          visible.set(`${String(value('topic'))}/${Number(value('kafka_partition'))}`, Number(value('last_offset')));
      }
      return visible;
    },
    close: () => adapter.close(),
  };
}

function percentile(sorted: number[], share: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

/** "GetTable 12 (3.0/run, avg 35 ms, 0.11 s/run)" for each kind of call, per `unit` (a run, a second). */
function describeCalls(calls: ReadonlyMap<string, CallTally>, units: number, unit = 'run'): string {
  return [...calls]
    .sort((a, b) => b[1].count - a[1].count)
    .map(
      ([name, tally]) =>
        `${name} ${tally.count} (${(tally.count / units).toFixed(1)}/${unit}, ` +
        `avg ${(tally.totalMs / tally.count).toFixed(0)} ms, ${(tally.totalMs / 1000 / units).toFixed(2)} s/${unit})`,
    )
    .join(', ');
}

async function athenaTarget({ dir, services }: Context): Promise<LiveTarget> {
  const { trino, aws } = services;
  if (!trino || !aws) throw new Error('no trino service: npm run services -- start trino');
  const id = randomUUID().slice(0, 8);
  const awsConfig = awsClientConfig(aws);
  const stack = await startAthenaStack(trino, aws, `live-${id}`);
  // the adapters of this process (the probe) find moto's credentials through the SDK's default chain
  Object.assign(process.env, stack.env);
  const probeHost = await startAthenaHost({
    trinoEndpoint: String(trino.details['endpoint']),
    trinoCatalog: String(trino.details['catalog']),
  });
  const watcherGlue = await CountingProxy.start(awsConfig.endpoint, glueOperation);
  const ingesterGlue = await CountingProxy.start(awsConfig.endpoint, glueOperation);
  const database = `bronze_live_${id}`;
  const schema = `live_${id}`;
  const lake = `s3://${stack.bucket}/bronze`;
  rewriteSources(dir, database, (folder) => `${lake}/${folder}`);
  const ingestConfig = 'ingest/ingest-live-s3.yml';
  writeFileSync(
    join(dir, ingestConfig),
    readFileSync(join(dir, 'ingest/ingest-live.yml'), 'utf8').replace(
      /^destination:\n {2}path: .*$/m,
      `destination:\n  path: ${lake}\n  endpoint: "${awsConfig.endpoint}"\n  region: ${awsConfig.region}\n\n` +
        `glue: { enabled: true, database: ${database}, create_table: true, endpoint: "${ingesterGlue.url}" }`,
    ),
  );
  const settings = stack.settings;
  const env = {
    ...stack.env,
    STRATA_ATHENA_REGION: String(settings['region']),
    STRATA_ATHENA_S3_STAGING_DIR: String(settings['s3_staging_dir']),
    STRATA_ATHENA_S3_DATA_DIR: String(settings['s3_data_dir']),
    STRATA_ATHENA_ENDPOINT: String(settings['athena_endpoint']),
    STRATA_ATHENA_GLUE_ENDPOINT: watcherGlue.url,
    STRATA_ATHENA_S3_ENDPOINT: String(settings['s3_endpoint']),
    STRATA_ATHENA_SCHEMA: schema,
  };
  const probe = await warehouseProbe(dir, 'athena', { ...env, STRATA_ATHENA_ENDPOINT: probeHost.endpoint }, schema);
  const s3 = new S3Client(awsConfig);
  return {
    label: 'Athena on Trino',
    args: ['--target', 'athena'],
    env,
    watchArgs: (port) => ['--full-refresh', '--feed-url', `http://127.0.0.1:${port}/commits`],
    wakes: 'pushed by the ingester, feed on S3',
    ingestConfig,
    ingestEnv: stack.env,
    start: async () => undefined,
    servers: [
      { name: 'Trino server', pid: trino.pid },
      { name: 'moto (S3 + Glue)', pid: aws.pid },
    ],
    probeMs: 1000,
    readVisible: () => probe.read(),
    async rejectedFiles() {
      const files: Buffer[] = [];
      const pages = paginateListObjectsV2({ client: s3 }, { Bucket: stack.bucket, Prefix: 'bronze/rejected/' });
      for await (const page of pages)
        for (const object of page.Contents ?? []) {
          if (!object.Key!.endsWith('.jsonl.gz')) continue;
          const body = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: object.Key }));
          files.push(Buffer.from(await body.Body!.transformToByteArray()));
        }
      return files;
    },
    async floor(runs, seconds) {
      const executions = stack.host.executions();
      const athena = new AthenaClient({ region: awsConfig.region, endpoint: stack.host.endpoint });
      const engineMs: number[] = [];
      try {
        for (const execution of executions) {
          const answer = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: execution.id }));
          engineMs.push(Number(answer.QueryExecution?.Statistics?.EngineExecutionTimeInMillis ?? NaN));
        }
      } finally {
        athena.destroy();
      }
      const sorted = engineMs.sort((a, b) => a - b);
      const total = sorted.reduce((sum, ms) => sum + ms, 0);
      const calls = stack.host.calls;
      const polls = (calls['GetQueryExecution'] ?? 0) / Math.max(1, calls['StartQueryExecution'] ?? 0);
      return [
        `Athena API (watcher): ${executions.length} statements over ${runs} runs ` +
          `(${(executions.length / runs).toFixed(1)}/run); engine time per statement p50 ` +
          `${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms, ` +
          `sum ${(total / 1000 / runs).toFixed(1)} s/run; ${polls.toFixed(1)} GetQueryExecution polls per statement`,
        `  API calls: ${Object.entries(calls)
          .sort((a, b) => b[1] - a[1])
          .map(([name, count]) => `${name} ${count}`)
          .join(', ')}`,
        `Glue (watcher): ${describeCalls(watcherGlue.calls, runs)}`,
        `Glue (ingester, on its flush path): ${describeCalls(ingesterGlue.calls, seconds, 's')}`,
      ];
    },
    async close() {
      await probe.close();
      s3.destroy();
      await Promise.all([stack.host.close(), probeHost.close(), watcherGlue.close(), ingesterGlue.close()]);
    },
  };
}

async function snowflakeTarget({ dir, prefix, topics, services }: Context): Promise<LiveTarget> {
  const { snowflake } = services;
  if (!snowflake) throw new Error('no snowflake service: npm run services -- start snowflake');
  const id = randomUUID().slice(0, 8);
  const bronze = `bronze_live_${id}`;
  const schema = `live_${id}`;
  // the watcher talks to the server through the counting proxy; the loader and the probe directly
  const proxy = await CountingProxy.start(String(snowflake.details['accessUrl']), snowflakeCall);
  const direct = { ...snowflakeTargetEnv(snowflake), STRATA_SNOWFLAKE_SCHEMA: schema };
  const proxied = new URL(proxy.url);
  const env = { ...direct, STRATA_SNOWFLAKE_HOST: proxied.hostname, STRATA_SNOWFLAKE_PORT: proxied.port };
  rewriteSources(dir, bronze, (folder) => `lake/loaded/${folder}`);
  const probe = await warehouseProbe(dir, 'snowflake', direct, schema);
  const { target } = loadTarget({
    projectRoot: dir,
    profileName: 'shop',
    targetName: 'snowflake',
    env: { ...process.env, ...direct },
  });
  const adapter = await createAdapter(target, dir);
  const connection = await adapter.connect();
  await createSnowflakeBronze(connection, adapter.dialect, bronze, topics);
  const loader = new SnowflakeBronzeLoader({
    lake: join(dir, 'lake'),
    loaded: join(dir, 'lake/loaded'),
    topics: new Map(topics.map((topic) => [`${prefix}${topic}`, topic])),
    schema: bronze,
    connection,
    dialect: adapter.dialect,
    pollMs: 100,
  });
  return {
    label: 'Snowflake protocol, fakesnow',
    args: ['--target', 'snowflake'],
    env,
    // no push: the loader's feed is read every 0.1 s
    watchArgs: () => ['--full-refresh', '--poll-interval', '0.1'],
    wakes: "polling the loader's feed every 0.1 s",
    ingestConfig: 'ingest/ingest-live.yml',
    ingestEnv: {},
    start: async () => loader.start(),
    servers: [{ name: 'Snowflake-protocol server', pid: snowflake.pid }],
    probeMs: 250,
    readVisible: () => probe.read(),
    async floor(runs) {
      const loads = [...loader.loads].sort((a, b) => a - b);
      return [
        `Snowflake protocol (watcher): ${describeCalls(proxy.calls, runs)}`,
        `Stand-in loader: ${loads.length} batches, p50 ${percentile(loads, 0.5).toFixed(0)} ms, ` +
          `p95 ${percentile(loads, 0.95).toFixed(0)} ms per batch (not counted in the run times)`,
      ];
    },
    async close() {
      await loader.stop();
      await probe.close();
      await adapter.close();
      await proxy.close();
    },
  };
}
