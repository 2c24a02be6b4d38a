import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normalizeRows } from '../../conformance/normalize-rows.js';
import { withWarehouse } from '../../conformance/warehouse.js';
import { copyFixture, strata, type CliResult } from '../../support/cli.js';
import { DAY_TWO } from '../../support/snapshot-days.js';
import { startAthenaStack, type AthenaTestStack } from '../../services/aws/athena-api/test-target.js';
import { describeWithService } from '../../services/lifecycle/integration.js';
import { awsBehindTrino } from './athena-stack.js';

/**
 * The snapshots fixture on `type: athena` (the Athena API test host on Trino): Hive tables
 * cannot be updated, so each run rebuilds a snapshot's table with its changes and swaps it
 * in. The check strategy with new_record deletes and renamed meta columns, and the
 * timestamp strategy with invalidated deletes, record what they record on DuckDB.
 */
describeWithService('trino', 'snapshots on Athena (rebuilt and swapped in)', (trino) => {
  let stack: AthenaTestStack;
  let dir: string;
  let env: Record<string, string>;
  const saved = { ...process.env };
  // history.customers_all names a fixed schema; points_history is DuckDB's failure case
  const only = ['--select', 'customers', 'customers_ts', 'customer_tiers', 'current_tiers'];
  const cli = (command: string[]): Promise<CliResult> =>
    strata([...command, ...only, '--target', 'athena'], { cwd: dir, env });
  const rows = (sql: string) =>
    withWarehouse(dir, 'snapshots', 'athena', { ...process.env, ...env }, async ({ connection }) =>
      normalizeRows((await connection.query(sql)).rows),
    );

  beforeAll(async () => {
    stack = await startAthenaStack(trino, awsBehindTrino(), `snapshots-${randomUUID().slice(0, 8)}`);
    Object.assign(process.env, stack.env);
    env = {
      ...stack.env,
      STRATA_ATHENA_REGION: String(stack.settings['region']),
      STRATA_ATHENA_S3_STAGING_DIR: String(stack.settings['s3_staging_dir']),
      STRATA_ATHENA_S3_DATA_DIR: String(stack.settings['s3_data_dir']),
      STRATA_ATHENA_ENDPOINT: String(stack.settings['athena_endpoint']),
      STRATA_ATHENA_GLUE_ENDPOINT: String(stack.settings['glue_endpoint']),
      STRATA_ATHENA_S3_ENDPOINT: String(stack.settings['s3_endpoint']),
      STRATA_SNAPSHOTS_SCHEMA: `snapshots_${randomUUID().slice(0, 8)}`,
    };
    dir = copyFixture('snapshots');
  });
  afterAll(async () => {
    await stack?.host.close();
    process.env = saved;
  });

  it('records changes, deletes and nothing more on an unchanged run', async () => {
    const schema = env.STRATA_SNAPSHOTS_SCHEMA;
    const first = await cli(['build']);
    expect(first.code, first.stdout).toBe(0);
    writeFileSync(join(dir, 'seeds/customers.csv'), DAY_TWO.join('\n') + '\n');
    const second = await cli(['build']);
    expect(second.code, second.stdout).toBe(0);
    const tiers = () =>
      rows(
        "select region, id, tier, is_deleted, valid_to = cast('9999-12-31' as timestamp) as open " +
          `from "${schema}"."customer_tiers"`,
      );
    const expectedTiers = [
      { region: 'eu', id: 1, tier: 'gold', is_deleted: 'False', open: false },
      { region: 'eu', id: 1, tier: 'platinum', is_deleted: 'False', open: true },
      { region: 'eu', id: 2, tier: 'silver', is_deleted: 'False', open: false },
      { region: 'eu', id: 2, tier: 'silver', is_deleted: 'True', open: true },
      { region: 'us', id: 1, tier: 'bronze', is_deleted: 'False', open: true },
      { region: 'us', id: 2, tier: 'silver', is_deleted: 'False', open: true },
    ];
    const sorted = (list: Array<Record<string, unknown>>) =>
      [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(sorted(await tiers())).toEqual(sorted(expectedTiers));
    const history = await rows(
      `select region, id, name, dbt_valid_to is null as current from "${schema}"."customers_ts"`,
    );
    expect(sorted(history)).toEqual(
      sorted([
        { region: 'eu', id: 1, name: 'Ada', current: false },
        { region: 'eu', id: 1, name: 'Ada', current: true },
        { region: 'eu', id: 2, name: 'Bob', current: false },
        { region: 'us', id: 1, name: 'Cy', current: false },
        { region: 'us', id: 1, name: 'Cyd', current: true },
        { region: 'us', id: 2, name: 'Dee', current: true },
      ]),
    );
    const again = await cli(['snapshot']);
    expect(again.code, again.stdout).toBe(0);
    expect(sorted(await tiers())).toEqual(sorted(expectedTiers));
    expect(await rows(`select count(*) as n from "${schema}"."customers_ts"`)).toEqual([{ n: 6 }]);
  }, 300_000);
});
