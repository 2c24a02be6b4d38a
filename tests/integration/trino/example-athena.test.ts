/**
 * The example project, unchanged, built and tested with `--target athena` on Athena's
 * engine (Trino, through the Athena API test host), reading the Bronze tables the
 * ingester's Glue registrar registers over the lake in S3, and reconciled with the
 * generator's tally exactly as the DuckDB and Redshift builds are.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GeneratorTally } from '../../../ingest/generator/index.js';
import { withWarehouse } from '../../conformance/warehouse.js';
import { strata, type CliResult } from '../../e2e/cli.js';
import { exampleSchemas, expectFactsMatchTally, expectLayersMatchTally, STAGING_MODEL_BY_TOPIC, type QueryOne } from '../../e2e/example-reconciliation.js';
import { startAthenaStack, type AthenaTestStack } from '../../services/athena-api/test-target.js';
import { describeWithService } from '../../services/integration.js';
import { awsBehindTrino } from './athena-stack.js';
import { publishBronzeToGlue } from './bronze-glue.js';
import { castsForTrino } from './trino-sql.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC);
const GOLD_MODELS = ['orders_daily_summary', 'payment_daily_summary', 'user_daily_activity_summary', 'customer_daily_metrics', 'hourly_trends', 'top_customers', 'sales_by_country', 'channel_performance', 'funnel_breakdown'];

describeWithService('trino', 'the example project on Athena (API test host on Trino, Bronze in Glue)', (trino) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-example-athena-'));
  const schema = `example_${randomUUID().slice(0, 8)}`;
  const saved = { ...process.env };
  let stack: AthenaTestStack;
  let tally: GeneratorTally;
  let build: CliResult;

  const env = () => ({
    ...stack.env,
    STRATA_ATHENA_REGION: String(stack.settings['region']),
    STRATA_ATHENA_S3_STAGING_DIR: String(stack.settings['s3_staging_dir']),
    STRATA_ATHENA_S3_DATA_DIR: String(stack.settings['s3_data_dir']),
    STRATA_ATHENA_ENDPOINT: String(stack.settings['athena_endpoint']),
    STRATA_ATHENA_GLUE_ENDPOINT: String(stack.settings['glue_endpoint']),
    STRATA_ATHENA_S3_ENDPOINT: String(stack.settings['s3_endpoint']),
    STRATA_ATHENA_SCHEMA: schema,
  });
  const sql: QueryOne = async (text) =>
    withWarehouse(dir, 'shop', 'athena', env(), async ({ connection }) => normalize((await connection.query(castsForTrino(text))).rows[0] ?? {}));

  beforeAll(async () => {
    const aws = awsBehindTrino();
    stack = await startAthenaStack(trino, aws, `example-${randomUUID().slice(0, 8)}`);
    // the reconciliation reads through the adapter in this process: the SDK's default chain finds these
    Object.assign(process.env, stack.env);
    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests']) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    const generated = await strata(['generate', '--seed', '7', '--users', '300', '--days', '2'], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    tally = JSON.parse(readFileSync(join(dir, 'lake/_generator/tally.json'), 'utf8')) as GeneratorTally;
    const files = await publishBronzeToGlue(aws, join(dir, 'lake'), stack.bucket, 'bronze', TOPICS);
    for (const topic of TOPICS) expect(files[topic], `${topic} files uploaded`).toBeGreaterThan(0);
    build = await strata(['build', '--target', 'athena'], { cwd: dir, env: env() });
  }, 900_000);

  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every model and passes every data test', () => {
    expect(withoutSdkNodeWarning(build.stderr)).toBe('');
    expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 TOTAL=\d+/);
    expect(build.code).toBe(0);
    for (const model of GOLD_MODELS) expect(build.stdout).toContain(`OK created sql table model ${schema}_gold.${model}`);
    expect(build.stdout).toMatch(new RegExp(`OK created sql table model ${schema}_silver\\.silver_clickstream_events`));
    expect(build.stdout).toMatch(new RegExp(`OK created sql incremental model ${schema}_marts\\.fct_orders`));
  });

  it('reconciles staging, marts and gold with what the generator produced', async () => {
    const layers = exampleSchemas(schema);
    await expectFactsMatchTally(sql, tally, layers);
    expect(await sql(`select count(*)::int as n from ${layers.staging}.stg_invalid_events`)).toEqual({ n: tally.malformed.total });
    await expectLayersMatchTally(sql, tally, {}, layers);
  });

  it('writes the docs catalog from Glue: every built model with its columns and types', async () => {
    const docs = await strata(['docs', 'generate', '--target', 'athena'], { cwd: dir, env: env() });
    expect(docs.code, docs.stdout + docs.stderr).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as { nodes: Record<string, { metadata: { type: string }; columns: Record<string, { type: string }> }> };
    const summary = catalog.nodes['model.shop.orders_daily_summary'];
    expect(summary?.metadata.type).toBe('BASE TABLE');
    expect(summary?.columns['order_date']?.type).toBe('date');
    const staged = catalog.nodes['model.shop.stg_orders'];
    expect(staged?.metadata.type).toBe('VIEW');
    expect(Object.keys(staged?.columns ?? {}).length).toBeGreaterThan(3);
  });

  it('re-runs the incremental fact without duplicating rows', async () => {
    const again = await strata(['run', '-s', 'fct_orders', '--target', 'athena'], { cwd: dir, env: env() });
    expect(withoutSdkNodeWarning(again.stderr)).toBe('');
    expect(again.code).toBe(0);
    const counts = await sql(`select count(*)::int as n, count(distinct order_id)::int as d from ${schema}_marts.fct_orders`);
    expect(counts).toEqual({ n: tally.orders.valid, d: tally.orders.valid });
  });
});

/** Counts and sums as plain numbers, whichever way the driver returns them. */
function normalize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value]));
}

/** The AWS SDK warns on stderr about the Node version it will need next; nothing of ours. */
function withoutSdkNodeWarning(stderr: string): string {
  return stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/g, '');
}
