/**
 * The example project, unchanged, built and tested with `--target redshift_pg` and
 * `--target redshift` (the Data API) on the PostgreSQL stand-in, and reconciled with the
 * generator's tally exactly as the DuckDB build is. The stand-in gets what it needs to
 * play Redshift (tests/services/stand-ins/redshift): the Bronze lake loaded into tables
 * shaped like the Spectrum tables Redshift would read, and the Redshift JSON built-ins.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect } from 'vitest';
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
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';
import { startDataApiHost, type DataApiHost } from '../../services/aws/redshift-data-api/data-api-host.js';
import { TEST_CREDENTIALS, useTestCredentials } from '../../services/aws/redshift-data-api/test-target.js';
import { loadBronzeTables } from '../../services/stand-ins/redshift/bronze-tables.js';
import { installRedshiftFunctions } from '../../services/stand-ins/redshift/redshift-functions.js';

describeWithService('postgres', 'the example project on Redshift (PostgreSQL stand-in)', (service) => {
  const dir = mkdtempSync(join(tmpdir(), 'strata-example-redshift-'));
  const client = new pg.Client(postgresClientConfig(service));
  const schemas: string[] = [];
  let tally: GeneratorTally;

  beforeAll(async () => {
    tally = await prepareExampleProject(dir);
    await client.connect();
    await installRedshiftFunctions(client);
    const loaded = await loadBronzeTables(client, join(dir, 'lake'), 'bronze', EXAMPLE_TOPICS);
    expect(loaded).toEqual(tally.records.byTopic);
  }, 120_000);

  afterAll(async () => {
    try {
      for (const schema of schemas) {
        for (const layer of EXAMPLE_LAYER_SUFFIXES)
          await client.query(`DROP SCHEMA IF EXISTS "${schema}${layer}" CASCADE`);
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
    const sql = (sqlText: string) =>
      withWarehouse(dir, 'shop', target, targetEnv(), async ({ connection }) =>
        countsRow((await connection.query(sqlText)).rows[0] ?? {}),
      );

    beforeAll(async () => {
      build = await strata(['build', '--target', target], { cwd: dir, env: targetEnv() });
    }, 300_000);

    itBuildsAndReconcilesTheExample({
      dir,
      target,
      schema,
      env: targetEnv,
      sql,
      tally: () => tally,
      build: () => build,
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
      host = await startDataApiHost({
        postgres: postgresClientConfig(service),
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
      });
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
