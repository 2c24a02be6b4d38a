import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { normalizeRows, sortRows, type Row } from '../conformance/normalize-rows.js';
import { withWarehouse } from '../conformance/warehouse.js';
import { copyFixture, strata, type CliResult } from '../support/cli.js';
import { DAY_TWO } from '../support/snapshot-days.js';

/** A customer's tier row of `customer_tiers`; `open`: the current period (valid_to is the current marker). */
const tier = (region: string, id: number, value: string, deleted: boolean, open: boolean): Row => ({
  region,
  id,
  tier: value,
  is_deleted: deleted ? 'True' : 'False',
  is_open: open,
});

/** `customer_tiers` after day two: eu-1 changed tier, eu-2 was deleted (a new_record row). */
const TIERS = [
  tier('eu', 1, 'gold', false, false),
  tier('eu', 1, 'platinum', false, true),
  tier('eu', 2, 'silver', false, false),
  tier('eu', 2, 'silver', true, true),
  tier('us', 1, 'bronze', false, true),
  tier('us', 2, 'silver', false, true),
];

/** `customers_ts` after day two (timestamp strategy, deletes invalidated). */
const NAMES: Row[] = [
  { region: 'eu', id: 1, name: 'Ada', is_current: false },
  { region: 'eu', id: 1, name: 'Ada', is_current: true },
  { region: 'eu', id: 2, name: 'Bob', is_current: false },
  { region: 'us', id: 1, name: 'Cy', is_current: false },
  { region: 'us', id: 1, name: 'Cyd', is_current: true },
  { region: 'us', id: 2, name: 'Dee', is_current: true },
];

/**
 * The snapshots fixture on a warehouse target of its profiles.yml: two days of the seed
 * through `build`, then `snapshot` on unchanged data; the check strategy (new_record
 * deletes, renamed meta columns, dbt_valid_to_current) and the timestamp strategy
 * (invalidated deletes) must record the rows they record on DuckDB. `env` gives the
 * target's settings, `STRATA_SNAPSHOTS_SCHEMA` a schema of the run's own, dropped after
 * when `dropSchema` (a shared server).
 */
export function itRecordsSnapshotsOn(target: string, env: () => Record<string, string>, dropSchema = false): void {
  let dir = '';
  let settings: Record<string, string> = {};
  // history.customers_all names a fixed schema; points_history is DuckDB's failure case
  const only = ['--select', 'customers', 'customers_ts', 'customer_tiers', 'current_tiers'];
  const cli = (command: string[]): Promise<CliResult> =>
    strata([...command, ...only, '--target', target], { cwd: dir, env: settings });
  const rows = (table: string, columns: string) =>
    withWarehouse(dir, 'snapshots', target, { ...process.env, ...settings }, async ({ connection, dialect }) => {
      const relation = dialect.renderRelation({ schema: settings.STRATA_SNAPSHOTS_SCHEMA!, identifier: table });
      return normalizeRows((await connection.query(`select ${columns} from ${relation}`)).rows);
    });
  const tiers = () =>
    rows('customer_tiers', "region, id, tier, is_deleted, valid_to = cast('9999-12-31' as timestamp) as is_open");
  const names = () => rows('customers_ts', 'region, id, name, dbt_valid_to is null as is_current');

  beforeAll(() => {
    settings = env();
    dir = copyFixture('snapshots');
  });
  afterAll(async () => {
    if (!dropSchema || !dir) return;
    await withWarehouse(dir, 'snapshots', target, { ...process.env, ...settings }, ({ connection, dialect }) =>
      connection.execute(`DROP SCHEMA IF EXISTS ${dialect.quoteIdentifier(settings.STRATA_SNAPSHOTS_SCHEMA!)} CASCADE`),
    );
  });

  it(`records changes and deletes on ${target}, and nothing more on an unchanged run`, async () => {
    const first = await cli(['build']);
    expect(first.code, first.stdout).toBe(0);
    writeFileSync(join(dir, 'seeds/customers.csv'), DAY_TWO.join('\n') + '\n');
    const second = await cli(['build']);
    expect(second.code, second.stdout).toBe(0);
    expect(await tiers()).toEqual(sortRows(TIERS));
    expect(await names()).toEqual(sortRows(NAMES));
    const again = await cli(['snapshot']);
    expect(again.code, again.stdout).toBe(0);
    expect(await tiers()).toEqual(sortRows(TIERS));
    expect(await names()).toEqual(sortRows(NAMES));
  }, 300_000);
}
