/**
 * The example project, unchanged, built and tested with `--target snowflake` through the
 * real snowflake-sdk on the Snowflake-protocol server, and reconciled with the generator's
 * tally exactly as the DuckDB build is. The server gets the Bronze lake loaded into tables
 * shaped like the external tables Snowflake would read (tests/services/snowflake-stand-in).
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
import { describeWithService } from '../../services/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake-client.js';
import { loadSnowflakeBronze } from '../../services/snowflake-stand-in/bronze-tables.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC);
const GOLD_MODELS = ['orders_daily_summary', 'payment_daily_summary', 'user_daily_activity_summary', 'customer_daily_metrics', 'hourly_trends', 'top_customers', 'sales_by_country', 'channel_performance', 'funnel_breakdown'];
const LAYERS = ['', '_staging', '_silver', '_marts', '_gold', '_reference'];

describeWithService('snowflake', 'the example project on Snowflake (Snowflake-protocol server)', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-example-snowflake-'));
  const schema = `example_${randomUUID().slice(0, 8)}`;
  const env = { ...snowflakeTargetEnv(service), STRATA_SNOWFLAKE_SCHEMA: schema };
  const warehouse = <T>(use: Parameters<typeof withWarehouse<T>>[4]) => withWarehouse(dir, 'shop', 'snowflake', { ...process.env, ...env }, use);
  const sql: QueryOne = (text) => warehouse(async ({ connection }) => normalize((await connection.query(text)).rows[0] ?? {}));
  let tally: GeneratorTally;
  let build: CliResult;

  beforeAll(async () => {
    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests']) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    const generated = await strata(['generate', '--seed', '7', '--users', '300', '--days', '2'], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    tally = JSON.parse(readFileSync(join(dir, 'lake/_generator/tally.json'), 'utf8')) as GeneratorTally;
    const loaded = await warehouse(({ connection, dialect }) => loadSnowflakeBronze(connection, dialect, join(dir, 'lake'), 'bronze', TOPICS));
    expect(loaded).toEqual(tally.records.byTopic);
    build = await strata(['build', '--target', 'snowflake'], { cwd: dir, env });
  }, 600_000);

  afterAll(async () => {
    try {
      await warehouse(async ({ connection, dialect }) => {
        for (const layer of [...LAYERS.map((l) => `${schema}${l}`), 'bronze']) await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(layer)} CASCADE`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds every model and passes every data test', () => {
    expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 TOTAL=\d+/);
    expect(build.code).toBe(0);
    for (const model of GOLD_MODELS) expect(build.stdout).toContain(`OK created sql table model ${schema}_gold.${model}`);
    expect(build.stdout).toMatch(new RegExp(`OK created sql incremental model ${schema}_marts\\.fct_orders`));
  });

  it('reconciles staging, marts and gold with what the generator produced', async () => {
    const layers = exampleSchemas(schema);
    await expectFactsMatchTally(sql, tally, layers);
    expect(await sql(`select count(*)::int as n from ${layers.staging}.stg_invalid_events`)).toEqual({ n: tally.malformed.total });
    await expectLayersMatchTally(sql, tally, {}, layers);
  });

  it('writes the docs catalog with the columns Snowflake reports', async () => {
    const docs = await strata(['docs', 'generate', '--target', 'snowflake'], { cwd: dir, env });
    expect(docs.code, docs.stdout + docs.stderr).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as {
      nodes: Record<string, { metadata: { type: string }; columns: Record<string, { type: string }> }>;
    };
    const summary = catalog.nodes['model.shop.orders_daily_summary'];
    expect(summary?.metadata.type).toBe('BASE TABLE');
    expect(Object.keys(summary?.columns ?? {}).map((c) => c.toLowerCase())).toEqual(expect.arrayContaining(['order_date', 'revenue', 'orders_paid']));
    const view = Object.entries(catalog.nodes).find(([id]) => id.startsWith('model.shop.stg_'));
    expect(view, 'a staging model in the catalog').toBeDefined();
  });

  it('re-runs the incremental fact without duplicating rows', async () => {
    const again = await strata(['run', '-s', 'fct_orders', '--target', 'snowflake'], { cwd: dir, env });
    expect(again.code, again.stdout).toBe(0);
    const counts = await sql(`select count(*)::int as n, count(distinct order_id)::int as d from ${schema}_marts.fct_orders`);
    expect(counts).toEqual({ n: tally.orders.valid, d: tally.orders.valid });
  });
});

/** Column names as the checks write them (Snowflake answers in upper case), numbers as numbers. */
function normalize(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key.toLowerCase(), typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value]),
  );
}
