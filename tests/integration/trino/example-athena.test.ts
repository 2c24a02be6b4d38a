/**
 * The example project, unchanged, built and tested with `--target athena` on Athena's
 * engine (Trino, through the Athena API test host), reading the Bronze tables the
 * ingester's Glue registrar registers over the lake in S3, and reconciled with the
 * generator's tally exactly as the DuckDB and Redshift builds are.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GeneratorTally } from '../../../ingest/generator/index.js';
import { withWarehouse } from '../../conformance/warehouse.js';
import { strata, type CliResult } from '../../support/cli.js';
import {
  EXAMPLE_TOPICS,
  itBuildsAndReconcilesTheExample,
  countsRow,
  prepareExampleProject,
} from '../../support/example-on-warehouse.js';
import type { QueryOne } from '../../support/example-reconciliation.js';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';
import { publishBronzeToGlue } from './bronze-glue.js';
import { castsForTrino } from './trino-sql.js';

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
    withWarehouse(dir, 'shop', 'athena', env(), async ({ connection }) =>
      countsRow((await connection.query(castsForTrino(text))).rows[0] ?? {}),
    );

  beforeAll(async () => {
    const aws = awsBehindTrino();
    stack = await startAthenaStack(trino, aws, `example-${randomUUID().slice(0, 8)}`);
    // the reconciliation reads through the adapter in this process: the SDK's default chain finds these
    Object.assign(process.env, stack.env);
    tally = await prepareExampleProject(dir);
    const files = await publishBronzeToGlue(aws, join(dir, 'lake'), stack.bucket, 'bronze', EXAMPLE_TOPICS);
    for (const topic of EXAMPLE_TOPICS) expect(files[topic], `${topic} files uploaded`).toBeGreaterThan(0);
    build = await strata(['build', '--target', 'athena'], { cwd: dir, env: env() });
  }, 900_000);

  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  itBuildsAndReconcilesTheExample({ dir, target: 'athena', schema, env, sql, tally: () => tally, build: () => build });

  it('writes the docs catalog from Glue: every built model with its columns and types', async () => {
    const docs = await strata(['docs', 'generate', '--target', 'athena'], { cwd: dir, env: env() });
    expect(docs.code, docs.stdout + docs.stderr).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as {
      nodes: Record<string, { metadata: { type: string }; columns: Record<string, { type: string }> }>;
    };
    const summary = catalog.nodes['model.shop.orders_daily_summary'];
    expect(summary?.metadata.type).toBe('BASE TABLE');
    expect(summary?.columns['order_date']?.type).toBe('date');
    const staged = catalog.nodes['model.shop.stg_orders'];
    expect(staged?.metadata.type).toBe('VIEW');
    expect(Object.keys(staged?.columns ?? {}).length).toBeGreaterThan(3);
  });

  it('checks the freshness of the Bronze tables in Glue over the lake files: generated history is stale', async () => {
    const result = await strata(['source', 'freshness', '--target', 'athena'], { cwd: dir, env: env() });
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const sources = JSON.parse(readFileSync(join(dir, 'target/sources.json'), 'utf8')) as {
      results: Array<{ unique_id: string; status: string; max_loaded_at: string }>;
    };
    expect(sources.results.map((r) => [r.unique_id, r.status])).toEqual(
      [...EXAMPLE_TOPICS].sort().map((topic) => [`source.shop.bronze.${topic}`, 'error']),
    );
    // the newest ingested_at the generator wrote, read through Athena
    for (const r of sources.results) expect(r.max_loaded_at).toMatch(/^2026-01-\d\dT/);
  });
});
