/**
 * Unit tests with `--unit-target` on a warehouse: tests/fixtures/unit-tests on `type: redshift,
 * method: pg` against the PostgreSQL stand-in. The models render with the Redshift dialect and
 * run there; an input whose relation was built (the countries seed) is typed like it.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { postgresClientConfig } from '../../services/postgres/postgres-service.js';

describeWithService('postgres', 'unit tests on the warehouse (PostgreSQL stand-in)', (service) => {
  const schema = `unit_tests_${randomUUID().slice(0, 8)}`;
  const env = {
    STRATA_REDSHIFT_HOST: service.host,
    STRATA_REDSHIFT_PORT: String(service.port),
    STRATA_REDSHIFT_USER: String(service.details['user']),
    STRATA_REDSHIFT_DATABASE: String(service.details['database']),
    STRATA_REDSHIFT_SSLMODE: 'disable',
    STRATA_UNIT_SCHEMA: schema,
  };
  let dir = '';

  beforeAll(() => {
    dir = copyFixture('unit-tests');
  });

  afterAll(async () => {
    const client = new pg.Client(postgresClientConfig(service));
    await client.connect();
    await client.query(`drop schema if exists ${schema}_reference cascade`);
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  describe('--unit-target pg', () => {
    it('runs every passing unit test on the warehouse, inputs typed from a built relation', async () => {
      const seed = await strata(['seed', '--target', 'pg'], { cwd: dir, env });
      expect(seed.code).toBe(0);
      const result = await strata(['test', '--select', 'tag:passing', '--target', 'pg', '--unit-target', 'pg'], {
        cwd: dir,
        env,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Done. PASS=7 WARN=0 ERROR=0');
      expect(result.code).toBe(0);
      const compiled = readFileSync(
        join(dir, 'target/compiled/unit_shop/models/unit_tests.yml/models/passes_paid_orders_dict.sql'),
        'utf8',
      );
      // the seed was built: its columns' type on the warehouse; stg_orders was not: its YAML types
      expect(compiled).toContain("select CAST('DE' AS character varying) as code");
      expect(compiled).toContain('CAST(20 AS decimal(10,2)) as amount');
    });

    it('runs them on the warehouse from a run on another target (the DuckDB dev target)', async () => {
      const result = await strata(['test', '--select', 'tag:passing', '--unit-target', 'pg'], { cwd: dir, env });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Done. PASS=7 WARN=0 ERROR=0');
      expect(result.code).toBe(0);
      const compiled = readFileSync(
        join(dir, 'target/compiled/unit_shop/models/unit_tests.yml/models/passes_paid_orders_dict.sql'),
        'utf8',
      );
      // rendered in the Redshift dialect; inputs typed from the project (the run's relations are DuckDB's)
      expect(compiled).toContain('CAST(20 AS decimal(10,2)) as amount');
      expect(compiled).not.toContain("CAST('DE' AS character varying)");
    });

    it('prints the diff of a failing test from the warehouse', async () => {
      const result = await strata(['test', '--select', 'tag:failing', '--target', 'pg', '--unit-target', 'pg'], {
        cwd: dir,
        env,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/- 1 {2}\| France\n.*\+ 1 {2}\| Germany/);
    });
  });
});
