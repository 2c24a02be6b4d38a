import { describe, expect, it } from 'vitest';
import { planIncrementalApply, planIncrementalBuild } from '../../../src/materializations/plan-incremental.js';
import { planTable } from '../../../src/materializations/plan-table.js';
import { planView } from '../../../src/materializations/plan-view.js';
import { orders, sideBySide } from './fixtures.js';

const select = 'select * from shop.stg_orders';
const columns = (...names: string[]) => names.map((name) => ({ name, dataType: 'INTEGER' }));

describe('the same plan on the four warehouses', () => {
  it('replaces a table by a view', () => {
    expect(sideBySide((d) => planView(d, { relation: orders, selectSql: select, existing: 'table' }))).toMatchInlineSnapshot();
  });

  it('swaps a rebuilt table in (transactional DDL or rename-aside)', () => {
    expect(
      sideBySide((d) => planTable(d, { relation: orders, selectSql: select, existing: 'table', existingStaging: 'table' })),
    ).toMatchInlineSnapshot();
  });

  it('merges new rows on a two-column key after adding a column', () => {
    expect(
      sideBySide((d) => [
        ...planIncrementalBuild(d, { relation: orders, selectSql: select }),
        ...planIncrementalApply(d, {
          relation: orders,
          existingColumns: columns('day', 'country', 'n'),
          newColumns: columns('day', 'country', 'n', 'extra'),
          config: { incrementalStrategy: 'merge', uniqueKey: ['day', 'country'], onSchemaChange: 'append_new_columns' },
        }),
      ]),
    ).toMatchInlineSnapshot();
  });

  it('delete+inserts on one key, or says the warehouse cannot', () => {
    expect(
      sideBySide((d) =>
        planIncrementalApply(d, {
          relation: orders,
          existingColumns: columns('id', 'n'),
          newColumns: columns('id', 'n'),
          config: { incrementalStrategy: 'delete+insert', uniqueKey: ['id'] },
        }),
      ),
    ).toMatchInlineSnapshot();
  });
});
