/**
 * The example project, unchanged, built and tested with `--target redshift_pg` and
 * `--target redshift` (the Data API) on the PostgreSQL stand-in, and reconciled with the
 * generator's tally exactly as the DuckDB build is. The stand-in gets what it needs to
 * play Redshift (tests/services/redshift-stand-in): the Bronze lake loaded into tables
 * shaped like the Spectrum tables Redshift would read, and the Redshift JSON built-ins.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratorTally } from '../../../ingest/generator/index.js';
import { withWarehouse } from '../../conformance/warehouse.js';
import { strata, type CliResult } from '../../e2e/cli.js';
import { exampleSchemas, expectFactsMatchTally, expectLayersMatchTally, STAGING_MODEL_BY_TOPIC, type QueryOne } from '../../e2e/example-reconciliation.js';
import { describeWithService } from '../../services/integration.js';
import { postgresClientConfig } from '../../services/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/redshift-data-api/data-api-host.js';
import { TEST_CREDENTIALS, useTestCredentials } from '../../services/redshift-data-api/test-target.js';
import { loadBronzeTables } from '../../services/redshift-stand-in/bronze-tables.js';
import { installRedshiftFunctions } from '../../services/redshift-stand-in/redshift-functions.js';

const REPO = resolve(import.meta.dirname, '../../..');
const TOPICS = Object.keys(STAGING_MODEL_BY_TOPIC);
const GOLD_MODELS = ['orders_daily_summary', 'payment_daily_summary', 'user_daily_activity_summary', 'customer_daily_metrics', 'hourly_trends', 'top_customers', 'sales_by_country', 'channel_performance', 'funnel_breakdown'];

describeWithService('postgres', 'the example project on Redshift (PostgreSQL stand-in)', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-example-redshift-'));
  const client = new pg.Client(postgresClientConfig(service));
  const schemas: string[] = [];
  let tally: GeneratorTally;

  beforeAll(async () => {
    for (const entry of ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests']) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    const generated = await strata(['generate', '--seed', '7', '--users', '300', '--days', '2'], { cwd: dir });
    expect(generated.code, generated.stderr).toBe(0);
    tally = JSON.parse(readFileSync(join(dir, 'lake/_generator/tally.json'), 'utf8')) as GeneratorTally;
    await client.connect();
    await installRedshiftFunctions(client);
    const loaded = await loadBronzeTables(client, join(dir, 'lake'), 'bronze', TOPICS);
    expect(loaded).toEqual(tally.records.byTopic);
  }, 120_000);

  afterAll(async () => {
    try {
      for (const schema of schemas) {
        for (const layer of ['', '_staging', '_silver', '_marts', '_gold', '_reference']) await client.query(`DROP SCHEMA IF EXISTS "${schema}${layer}" CASCADE`);
      }
      await client.query('DROP SCHEMA IF EXISTS bronze CASCADE');
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Build with `target`, then reconcile every layer with the tally through the target's own adapter. */
  function describeBuild(target: string, env: () => Record<string, string>): void {
    const schema = `example_${randomUUID().slice(0, 8)}`;
    schemas.push(schema);
    let build: CliResult;
    const targetEnv = () => ({ ...env(), STRATA_REDSHIFT_SCHEMA: schema });
    const query = (sqlText: string) =>
      withWarehouse(dir, 'shop', target, targetEnv(), async ({ connection }) => (await connection.query(sqlText)).rows);
    const sql: QueryOne = async (sqlText) => normalize((await query(sqlText))[0] ?? {});

    beforeAll(async () => {
      build = await strata(['build', '--target', target], { cwd: dir, env: targetEnv() });
    }, 300_000);

    it('builds every model and passes every data test', () => {
      expect(withoutSdkNodeWarning(build.stderr)).toBe('');
      expect(build.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0 TOTAL=\d+/);
      expect(build.code).toBe(0);
      for (const model of GOLD_MODELS) expect(build.stdout).toContain(`OK created sql table model ${schema}_gold.${model}`);
      // no local lake on Redshift: the silver model is a table in the warehouse
      expect(build.stdout).toMatch(new RegExp(`OK created sql table model ${schema}_silver\\.silver_clickstream_events`));
      expect(build.stdout).toMatch(new RegExp(`OK created sql incremental model ${schema}_marts\\.fct_orders`));
    });

    it('reconciles staging, marts and gold with what the generator produced', async () => {
      const layers = exampleSchemas(schema);
      await expectFactsMatchTally(sql, tally, layers);
      expect(await sql(`select count(*)::int as n from ${layers.staging}.stg_invalid_events`)).toEqual({ n: tally.malformed.total });
      await expectLayersMatchTally(sql, tally, {}, layers);
      const flagged = await sql(`select count(*)::int as n from ${layers.staging}.stg_invalid_events where rejection_reason = 'invalid_event_time'`);
      expect(flagged).toEqual({ n: tally.malformed.byReason.bad_timestamp ?? 0 });
    });

    it('re-runs the incremental fact without duplicating rows', async () => {
      const again = await strata(['run', '-s', 'fct_orders', '--target', target], { cwd: dir, env: targetEnv() });
      expect(withoutSdkNodeWarning(again.stderr)).toBe('');
      expect(again.code).toBe(0);
      const counts = await sql(`select count(*)::int as n, count(distinct order_id)::int as d from ${schema}_marts.fct_orders`);
      expect(counts).toEqual({ n: tally.orders.valid, d: tally.orders.valid });
    });
  }

  const pgEnv = () => ({
    STRATA_REDSHIFT_HOST: service.host,
    STRATA_REDSHIFT_PORT: String(service.port),
    STRATA_REDSHIFT_USER: String(service.details['user']),
    STRATA_REDSHIFT_DATABASE: String(service.details['database']),
    STRATA_REDSHIFT_SSLMODE: 'disable',
    // Redshift reads a backslash in a string literal as an escape; so must the stand-in.
    STRATA_REDSHIFT_OPTIONS: '-c standard_conforming_strings=off',
  });

  describe('--target redshift_pg', () => describeBuild('redshift_pg', pgEnv));

  describe('--target redshift (the Data API, through its test host)', () => {
    let host: DataApiHost;
    let restoreCredentials: () => void = () => undefined;

    beforeAll(async () => {
      // the CLI inherits them: the SDK finds them as a user's AWS_* variables
      restoreCredentials = useTestCredentials();
      host = await startDataApiHost({ postgres: postgresClientConfig(service), accessKeyId: TEST_CREDENTIALS.accessKeyId });
    });
    afterAll(async () => {
      await host?.close();
      restoreCredentials();
    });

    describeBuild('redshift', () => ({
      STRATA_REDSHIFT_DATA_API_ENDPOINT: host.endpoint,
      STRATA_REDSHIFT_REGION: 'us-east-1',
      STRATA_REDSHIFT_CLUSTER: 'strata-test-cluster',
      STRATA_REDSHIFT_DB_USER: host.user,
      STRATA_REDSHIFT_DATABASE: host.database,
    }));
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
