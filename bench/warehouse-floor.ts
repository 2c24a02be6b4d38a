/**
 * The floor of event-to-gold latency on the warehouses other than DuckDB (issue 19): how
 * long one run of the live example's gold selection takes on the Snowflake-protocol server
 * and on Athena's engine (Trino behind the Athena API test host, Bronze in Glue), which is
 * what each commit costs the watcher at least. A small lake (300 users, 2 days), the seeds
 * and one warm-up run first; then `--runs` runs of the selection and of one small table.
 * Not a test; needs the test services (`npm run services -- start snowflake trino`).
 *
 *   npm run build && node dist/bench/warehouse-floor.js [--runs 3] [--only snowflake|athena]
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LIVE_SELECTION } from '../ingest/live/live-example.js';
import { withWarehouse } from '../tests/conformance/warehouse.js';
import { startAthenaStack } from '../tests/services/aws/athena-api/test-target.js';
import { serviceCacheDir } from '../tests/services/lifecycle/cache-dir.js';
import { readServicesFile } from '../tests/services/lifecycle/services-file.js';
import { snowflakeTargetEnv } from '../tests/services/snowflake/snowflake-client.js';
import { loadSnowflakeBronze } from '../tests/services/stand-ins/snowflake/bronze-tables.js';
import { publishBronzeToGlue } from '../tests/integration/trino/bronze-glue.js';
import { STRATA_BIN } from '../ingest/live/strata-process.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const RUNS = Number(argument('--runs', '3'));
const ONLY = argument('--only', '');
const REPO = resolve(import.meta.dirname, '../..');
const TOPICS = ['users', 'clickstream', 'orders', 'payments'];

/** Run the CLI of this checkout in `cwd`. */
function strata(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [STRATA_BIN, ...args],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A copy of the example project with a small Bronze lake. */
async function exampleProject(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-floor-'));
  for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests'])
    cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  const generated = await strata(['generate', '--seed', '7', '--users', '300', '--days', '2'], { cwd: dir });
  if (generated.code !== 0) throw new Error(generated.stderr);
  return dir;
}

/** Seconds of each run of `select` on `target` (the runner's own figure, and the CLI's wall time). */
async function timeRuns(dir: string, target: string, env: Record<string, string>, select: string[]): Promise<string> {
  const figures: string[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = await strata(['run', '--target', target, '--select', ...select], { cwd: dir, env });
    const wall = (performance.now() - started) / 1000;
    if (result.code !== 0) throw new Error(`${target} run failed:\n${result.stdout.slice(-2000)}`);
    const inRunner = /\((\d+(?:\.\d+)?)s\)\.$/m.exec(result.stdout)?.[1];
    figures.push(`${inRunner} s (CLI ${wall.toFixed(1)} s)`);
  }
  return figures.join(', ');
}

async function measure(target: string, dir: string, env: Record<string, string>): Promise<void> {
  for (const step of [['seed'], ['run', '--select', ...LIVE_SELECTION]]) {
    const result = await strata([...step, '--target', target], { cwd: dir, env });
    if (result.code !== 0) throw new Error(`${target} ${step[0]} failed:\n${result.stdout.slice(-2000)}`);
  }
  process.stdout.write(
    `${target}: the gold selection (14 models): ${await timeRuns(dir, target, env, LIVE_SELECTION)}\n`,
  );
  process.stdout.write(
    `${target}: one small table (dim_geography): ${await timeRuns(dir, target, env, ['dim_geography'])}\n`,
  );
}

async function main(): Promise<void> {
  const services = readServicesFile(serviceCacheDir());
  if (ONLY !== 'athena') {
    if (!services.snowflake) throw new Error('no snowflake service: npm run services -- start snowflake');
    const dir = await exampleProject();
    const env = {
      ...snowflakeTargetEnv(services.snowflake),
      STRATA_SNOWFLAKE_SCHEMA: `floor_${randomUUID().slice(0, 8)}`,
    };
    await withWarehouse(dir, 'shop', 'snowflake', { ...process.env, ...env }, ({ connection, dialect }) =>
      loadSnowflakeBronze(connection, dialect, join(dir, 'lake'), 'bronze', TOPICS),
    );
    await measure('snowflake', dir, env);
  }
  if (ONLY !== 'snowflake') {
    if (!services.trino || !services.aws) throw new Error('no trino service: npm run services -- start trino');
    const dir = await exampleProject();
    const stack = await startAthenaStack(services.trino, services.aws, `floor-${randomUUID().slice(0, 8)}`);
    try {
      await publishBronzeToGlue(services.aws, join(dir, 'lake'), stack.bucket, 'bronze', TOPICS);
      await measure('athena', dir, {
        ...stack.env,
        STRATA_ATHENA_REGION: String(stack.settings['region']),
        STRATA_ATHENA_S3_STAGING_DIR: String(stack.settings['s3_staging_dir']),
        STRATA_ATHENA_S3_DATA_DIR: String(stack.settings['s3_data_dir']),
        STRATA_ATHENA_ENDPOINT: String(stack.settings['athena_endpoint']),
        STRATA_ATHENA_GLUE_ENDPOINT: String(stack.settings['glue_endpoint']),
        STRATA_ATHENA_S3_ENDPOINT: String(stack.settings['s3_endpoint']),
        STRATA_ATHENA_SCHEMA: `floor_${randomUUID().slice(0, 8)}`,
      });
    } finally {
      await stack.host.close();
    }
  }
}

await main();
