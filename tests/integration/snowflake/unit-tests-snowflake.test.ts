/**
 * Unit tests with `--unit-target` on the Snowflake-protocol server of the test services
 * (fakesnow): tests/fixtures/unit-tests rendered with the Snowflake dialect and run there,
 * where unquoted column names come back upper-case.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, strata } from '../../support/cli.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { snowflakeTargetEnv } from '../../services/snowflake/snowflake-client.js';

describeWithService('snowflake', 'unit tests on the Snowflake-protocol server', (service) => {
  const env = { ...snowflakeTargetEnv(service), STRATA_UNIT_SCHEMA: `unit_tests_${randomUUID().slice(0, 8)}` };
  let dir = '';

  beforeAll(() => {
    dir = copyFixture('unit-tests');
  });

  describe('--unit-target snowflake', () => {
    it('runs every passing unit test on the warehouse', async () => {
      const args = ['test', '--select', 'tag:passing', '--target', 'snowflake', '--unit-target', 'snowflake'];
      const result = await strata(args, { cwd: dir, env });
      expect(result.stdout).toContain('Done. PASS=7 WARN=0 ERROR=0');
      expect(result.code).toBe(0);
    });

    it('prints the diff of a failing test', async () => {
      const args = ['test', '--select', 'tag:failing', '--target', 'snowflake', '--unit-target', 'snowflake'];
      const result = await strata(args, { cwd: dir, env });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/- 1 {2}\| France\n.*\+ 1 {2}\| Germany/);
    });
  });
});
