import { describe, expect, it } from 'vitest';
import { inferPrimaryKey, testsByAttachedNode } from '../../../src/artifacts/primary-key-json.js';
import type { Constraint, ModelNode, TestNode } from '../../../src/manifest/types.js';
import { fixtureManifest, notNullTest, stgOrders } from './fixture-manifest.js';

const generic = (name: string, kwargs: Record<string, unknown>): TestNode => ({
  ...notNullTest,
  uniqueId: `test.shop.${name}_${String(kwargs.column_name ?? 'combo')}`,
  testMetadata: { name, kwargs },
});

const primaryKey = (columns: string[]): Constraint => ({
  type: 'primary_key',
  warnUnenforced: true,
  warnUnsupported: true,
  toColumns: [],
  columns,
});

describe("a model's primary_key, inferred as dbt 1.9+ does", () => {
  it('takes a primary_key constraint first: model-level, then column-level', () => {
    const tested = [generic('unique', { column_name: 'other' })];
    expect(inferPrimaryKey({ ...stgOrders, constraints: [primaryKey(['a', 'b'])] }, tested)).toEqual(['a', 'b']);
    const column = { name: 'order_id', description: '', tags: [], meta: {}, constraints: [primaryKey([])] };
    const model: ModelNode = { ...stgOrders, columns: { order_id: column } };
    expect(inferPrimaryKey(model, tested)).toEqual(['order_id']);
  });

  it('else the columns both unique and not null, else the unique ones, else none', () => {
    const unique = generic('unique', { column_name: 'id' });
    const notNull = generic('not_null', { column_name: 'id' });
    const combo = generic('unique_combination_of_columns', { combination_of_columns: ['day', 'shop'] });
    expect(inferPrimaryKey(stgOrders, [unique, notNull, combo])).toEqual(['id']);
    expect(inferPrimaryKey(stgOrders, [combo, generic('not_null', { column_name: 'x' })])).toEqual(['day', 'shop']);
    expect(inferPrimaryKey(stgOrders, [notNull])).toEqual([]);
  });

  it('gathers the generic tests of each tested node once', () => {
    expect(
      testsByAttachedNode(fixtureManifest())
        .get(stgOrders.uniqueId)
        ?.map((test) => test.uniqueId),
    ).toContain(notNullTest.uniqueId);
  });
});
