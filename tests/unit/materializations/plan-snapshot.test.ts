import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import type { SnapshotConfig } from '../../../src/manifest/types.js';
import {
  planSnapshotApply,
  planSnapshotCreate,
  planSnapshotStage,
} from '../../../src/materializations/plan-snapshot.js';
import { snapshotChangesSql, snapshotRebuildSql } from '../../../src/materializations/snapshot-sql.js';
import { duckdb, golden, sideBySide } from './fixtures.js';

const relation = { schema: 'snapshots', identifier: 'customers_snapshot' };
const selectSql = 'select * from main.customers';
const META = {
  dbtScdId: 'dbt_scd_id',
  dbtUpdatedAt: 'dbt_updated_at',
  dbtValidFrom: 'dbt_valid_from',
  dbtValidTo: 'dbt_valid_to',
  dbtIsDeleted: 'dbt_is_deleted',
};
const timestamp: SnapshotConfig = {
  strategy: 'timestamp',
  uniqueKey: ['id'],
  updatedAt: 'updated_at',
  hardDeletes: 'ignore',
  columns: META,
};
const check: SnapshotConfig = {
  strategy: 'check',
  uniqueKey: ['region', 'id'],
  checkCols: ['tier'],
  hardDeletes: 'new_record',
  validToCurrent: "cast('9999-12-31' as timestamp)",
  columns: { ...META, dbtValidFrom: 'valid_from', dbtValidTo: 'valid_to' },
};
const col = (name: string, dataType = 'INTEGER') => ({ name, dataType });
const table = ['id', 'name', 'updated_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'].map((n) =>
  col(n),
);

describe('snapshot plans', () => {
  it('builds the table on the first run from every row, current from updated_at', async () => {
    await expect(golden(planSnapshotCreate(duckdb, { relation, selectSql, config: timestamp }))).toMatchFileSnapshot(
      'golden/snapshot-first-build.sql',
    );
  });

  it('stages the changes of the timestamp strategy beside the table', async () => {
    const steps = planSnapshotStage(
      duckdb,
      { relation, selectSql, config: timestamp },
      ['id', 'name', 'updated_at'],
      table,
      'table',
    );
    await expect(golden(steps)).toMatchFileSnapshot('golden/snapshot-timestamp-changes.sql');
  });

  it('compares the checked columns, records deletes as new rows, and reads renamed meta columns', async () => {
    const input = { relation, selectSql, config: check };
    await expect(
      snapshotChangesSql(duckdb, input, ['region', 'id', 'tier', 'plan'], ['region', 'id', 'tier']),
    ).toMatchFileSnapshot('golden/snapshot-check-new-record-changes.sql');
  });

  it('closes and inserts in one transaction where there are transactions, adding new columns', async () => {
    const staging = [...table, col('email', 'VARCHAR'), col('dbt_change_type', 'VARCHAR'), col('dbt_unique_key')];
    await expect(
      sideBySideText(
        sideBySide((d) => planSnapshotApply(d, { relation, selectSql, config: timestamp }, table, staging)),
      ),
    ).toMatchFileSnapshot('golden/snapshot-apply-side-by-side.txt');
  });

  it('rebuilds the whole table where rows cannot be updated (Athena)', async () => {
    const athena = createDialect('athena');
    const input = { relation, selectSql, config: timestamp };
    const changes = 'select * from changes';
    const columns = [...table.map((c) => c.name), 'email'];
    await expect(snapshotRebuildSql(athena, input, changes, columns, ['email'])).toMatchFileSnapshot(
      'golden/snapshot-athena-rebuild.sql',
    );
  });

  it('refuses a table without the meta columns instead of writing into it', async () => {
    expect(() =>
      planSnapshotStage(duckdb, { relation, selectSql, config: timestamp }, ['id'], [col('id'), col('name')]),
    ).toThrow(
      'snapshots.customers_snapshot exists but is not a snapshot table: ' +
        'it has no dbt_scd_id, dbt_valid_from, dbt_valid_to column',
    );
  });
});

/** Each warehouse's plan under a `==== name ====` line, for one golden file. */
function sideBySideText(plans: Record<string, string>): string {
  return Object.entries(plans)
    .map(([name, text]) => `==== ${name} ====\n${text}\n`)
    .join('\n');
}
