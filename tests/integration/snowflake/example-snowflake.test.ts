/**
 * The example project, unchanged, built and tested with `--target snowflake` through the
 * real snowflake-sdk on the Snowflake-protocol server, and reconciled with the generator's
 * tally exactly as the DuckDB build is. The server gets the Bronze lake loaded into tables
 * shaped like the external tables Snowflake would read (tests/services/stand-ins/snowflake).
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
  EXAMPLE_LAYER_SUFFIXES,
  EXAMPLE_TOPICS,
  itBuildsAndReconcilesTheExample,
  countsRow,
  prepareExampleProject,
} from '../../support/example-on-warehouse.js';
import type { QueryOne } from '../../support/example-reconciliation.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';
import { loadSnowflakeBronze } from '../../services/stand-ins/snowflake/bronze-tables.js';

describeWithService('snowflake', 'the example project on Snowflake (Snowflake-protocol server)', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-example-snowflake-'));
  const schema = `example_${randomUUID().slice(0, 8)}`;
  const env = { ...snowflakeTargetEnv(service), STRATA_SNOWFLAKE_SCHEMA: schema };
  const warehouse = <T>(use: Parameters<typeof withWarehouse<T>>[4]) =>
    withWarehouse(dir, 'shop', 'snowflake', { ...process.env, ...env }, use);
  const sql: QueryOne = (text) =>
    warehouse(async ({ connection }) => countsRow((await connection.query(text)).rows[0] ?? {}));
  let tally: GeneratorTally;
  let build: CliResult;

  beforeAll(async () => {
    tally = await prepareExampleProject(dir);
    const loaded = await warehouse(({ connection, dialect }) =>
      loadSnowflakeBronze(connection, dialect, join(dir, 'lake'), 'bronze', EXAMPLE_TOPICS),
    );
    expect(loaded).toEqual(tally.records.byTopic);
    build = await strata(['build', '--target', 'snowflake'], { cwd: dir, env });
  }, 600_000);

  afterAll(async () => {
    try {
      await warehouse(async ({ connection, dialect }) => {
        for (const layer of [...EXAMPLE_LAYER_SUFFIXES.map((suffix) => `${schema}${suffix}`), 'bronze'])
          await connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(layer)} CASCADE`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  itBuildsAndReconcilesTheExample({
    dir,
    target: 'snowflake',
    schema,
    env: () => env,
    sql,
    tally: () => tally,
    build: () => build,
  });

  it('writes the docs catalog with the columns Snowflake reports', async () => {
    const docs = await strata(['docs', 'generate', '--target', 'snowflake'], { cwd: dir, env });
    expect(docs.code, docs.stdout + docs.stderr).toBe(0);
    const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as {
      nodes: Record<string, { metadata: { type: string }; columns: Record<string, { type: string }> }>;
    };
    const summary = catalog.nodes['model.shop.orders_daily_summary'];
    expect(summary?.metadata.type).toBe('BASE TABLE');
    expect(Object.keys(summary?.columns ?? {}).map((c) => c.toLowerCase())).toEqual(
      expect.arrayContaining(['order_date', 'revenue', 'orders_paid']),
    );
    const view = Object.entries(catalog.nodes).find(([id]) => id.startsWith('model.shop.stg_'));
    expect(view, 'a staging model in the catalog').toBeDefined();
  });
});
