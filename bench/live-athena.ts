/**
 * The live benchmark on Athena's engine: the ingester lands the lake in S3 (moto) with the
 * commit feed and registers its tables and partitions in Glue; the watcher follows the feed
 * on S3, woken by the ingester's push, and runs through the Athena API test host on Trino.
 * Counted: the host's API calls and each statement's engine time, and every Glue call of the
 * watcher and of the ingester (a counting proxy in front of moto's Glue each).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthenaClient, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { LIVE_VARS } from '../ingest/live/live-example.js';
import { startAthenaHost } from '../tests/services/aws/athena-api/athena-host.js';
import { startAthenaStack } from '../tests/services/aws/athena-api/test-target.js';
import { awsClientConfig } from '../tests/services/aws/aws-service.js';
import { CountingProxy, glueOperation } from '../tests/support/counting-proxy.js';
import {
  describeCalls,
  percentile,
  rewriteSources,
  warehouseProbe,
  type LiveTarget,
  type LiveTargetContext,
} from './live-target.js';

export async function athenaTarget({ dir, services }: LiveTargetContext): Promise<LiveTarget> {
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
    // the example's live mode: commit-fed models, each run reading only the new commits' files
    args: ['--target', 'athena', ...LIVE_VARS],
    env,
    watchArgs: (port) => ['--feed-url', `http://127.0.0.1:${port}/commits`],
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
