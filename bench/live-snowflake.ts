/**
 * The live benchmark on the Snowflake-protocol server: the ingester lands a local lake; the
 * stand-in's loader copies each batch of commits into the Bronze tables on the server and
 * re-publishes its records (snowflake-bronze-loader.ts); the watcher follows that feed by
 * polling. Counted: the watcher's protocol calls (a counting proxy) and the loader's time per
 * batch.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createAdapter } from '../src/adapters/registry.js';
import { loadTarget } from '../src/config/profiles.js';
import { snowflakeTargetEnv } from '../tests/services/snowflake/snowflake-client.js';
import { createSnowflakeBronze } from '../tests/services/stand-ins/snowflake/bronze-tables.js';
import { CountingProxy, snowflakeCall } from '../tests/support/counting-proxy.js';
import {
  describeCalls,
  percentile,
  rewriteSources,
  warehouseProbe,
  type LiveTarget,
  type LiveTargetContext,
} from './live-target.js';
import { SnowflakeBronzeLoader } from './snowflake-bronze-loader.js';

export async function snowflakeTarget({ dir, prefix, topics, services }: LiveTargetContext): Promise<LiveTarget> {
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
