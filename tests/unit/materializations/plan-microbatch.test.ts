/** The SQL of one microbatch batch on every dialect: its window, the delete and insert, Athena's rebuild. */
import { describe, expect, it } from 'vitest';
import { createDialect } from '../../../src/adapters/registry.js';
import {
  batchStaging,
  planBatchApply,
  rebuildWithBatch,
  windowedSelect,
} from '../../../src/materializations/plan-microbatch.js';

const relation = { schema: 'marts', identifier: 'daily' };
const window = { start: new Date('2024-01-02T00:00:00Z'), end: new Date('2024-01-03T00:00:00Z') };
const columns = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'occurred_at', dataType: 'TIMESTAMP' },
];

describe('microbatch batch SQL', () => {
  it('bounds the window with UTC literals: untyped with an offset, typed on Athena', () => {
    expect(createDialect('duckdb').eventTimeLiteral(window.start)).toBe("'2024-01-02 00:00:00+00:00'");
    expect(createDialect('redshift').eventTimeLiteral(window.start)).toBe("'2024-01-02 00:00:00+00:00'");
    expect(createDialect('snowflake').eventTimeLiteral(window.start)).toBe("'2024-01-02 00:00:00+00:00'");
    expect(createDialect('athena').eventTimeLiteral(window.start)).toBe("TIMESTAMP '2024-01-02 00:00:00'");
  });

  it('keeps only the rows of the window from the model, aliased where the warehouse needs it', () => {
    expect(windowedSelect(createDialect('redshift'), 'select 1 as id;', 'occurred_at', window)).toBe(
      'select * from (\nselect 1 as id\n) "_strata_batch"\n' +
        "where occurred_at >= '2024-01-02 00:00:00+00:00' and occurred_at < '2024-01-03 00:00:00+00:00'",
    );
  });

  it('deletes the window and inserts the batch in one transaction, then drops its own staging table', () => {
    const dialect = createDialect('duckdb');
    const staging = batchStaging(relation, '20240102');
    expect(staging.identifier).toBe('daily__strata_tmp_20240102');
    const steps = planBatchApply(dialect, {
      relation,
      staging,
      existingColumns: columns,
      newColumns: columns,
      eventTime: 'occurred_at',
      window,
    });
    expect(steps.map((s) => s.sql)).toEqual([
      dialect.beginTransaction(),
      'DELETE FROM "marts"."daily"\n' +
        "WHERE occurred_at >= '2024-01-02 00:00:00+00:00' and occurred_at < '2024-01-03 00:00:00+00:00'",
      'INSERT INTO "marts"."daily" ("id", "occurred_at")\n' +
        'SELECT "id", "occurred_at" FROM "marts"."daily__strata_tmp_20240102"',
      dialect.commitTransaction(),
      'DROP TABLE IF EXISTS "marts"."daily__strata_tmp_20240102"',
    ]);
  });

  it('on Athena rebuilds the table from the batch and the old rows outside the window (NULL times kept)', () => {
    const sql = rebuildWithBatch(createDialect('athena'), relation, columns, 'select 1', 'occurred_at', window);
    expect(sql).toContain('union all');
    expect(sql).toContain(
      "where occurred_at is null or not (occurred_at >= TIMESTAMP '2024-01-02 00:00:00' " +
        "and occurred_at < TIMESTAMP '2024-01-03 00:00:00')",
    );
  });
});
