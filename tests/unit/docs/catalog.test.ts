import { describe, expect, it } from 'vitest';
import type { ColumnDescription, Connection, ExistingRelation } from '../../../src/adapters/contract.js';
import { CATALOG_SCHEMA_VERSION, catalogToJson } from '../../../src/artifacts/catalog-json.js';
import { readCatalogTables, type CatalogTarget } from '../../../src/docs/read-catalog.js';
import type { RelationName } from '../../../src/manifest/types.js';

/** A warehouse with a few relations; it records what it was asked. */
function fakeConnection(relations: Record<string, ExistingRelation[]>, columns: Record<string, ColumnDescription[]>) {
  const asked: string[] = [];
  const connection: Connection = {
    execute: async () => ({}),
    query: async (sql) => {
      asked.push(sql);
      if (sql.includes('missing_files')) throw new Error('IO Error: No files found that match the pattern\nmore');
      return {
        columns: [
          { name: 'event_id', dataType: 'VARCHAR' },
          { name: 'dt', dataType: 'DATE' },
        ],
        rows: [],
      };
    },
    listRelations: async (schema) => {
      asked.push(`list ${schema}`);
      return relations[schema.toLowerCase()] ?? [];
    },
    getColumns: async (relation: RelationName) => columns[`${relation.schema}.${relation.identifier}`] ?? [],
    cancel: async () => {},
    close: async () => {},
  };
  return { connection, asked };
}

const target = (uniqueId: string, schema: string, identifier: string, reader?: string): CatalogTarget => ({
  uniqueId,
  relation: { schema, identifier },
  ...(reader ? { reader } : {}),
});

describe('readCatalogTables', () => {
  it('describes relations that exist, once per schema, and leaves out the never built', async () => {
    const { connection, asked } = fakeConnection(
      {
        main: [{ schema: 'main', identifier: 'stg_orders', kind: 'view' }],
        main_marts: [{ schema: 'main_marts', identifier: 'Revenue', kind: 'table' }],
      },
      {
        'main.stg_orders': [
          { name: 'order_id', dataType: 'BIGINT' },
          { name: 'amount', dataType: 'DECIMAL(10,2)' },
        ],
        'main_marts.Revenue': [{ name: 'customer_id', dataType: 'INTEGER' }],
      },
    );
    const { tables, errors } = await readCatalogTables(connection, [
      target('model.shop.stg_orders', 'main', 'stg_orders'),
      target('model.shop.never_built', 'main', 'never_built'),
      target('model.shop.revenue', 'MAIN_MARTS', 'revenue'),
    ]);
    expect(errors).toEqual([]);
    expect(asked.filter((q) => q.startsWith('list'))).toEqual(['list main', 'list MAIN_MARTS']);
    expect(tables.map((t) => t.unique_id)).toEqual(['model.shop.stg_orders', 'model.shop.revenue']);
    expect(tables[0]).toEqual({
      metadata: { type: 'VIEW', schema: 'main', name: 'stg_orders', database: null, comment: null, owner: null },
      columns: {
        order_id: { type: 'BIGINT', index: 1, name: 'order_id', comment: null },
        amount: { type: 'DECIMAL(10,2)', index: 2, name: 'amount', comment: null },
      },
      stats: {},
      unique_id: 'model.shop.stg_orders',
    });
    expect(tables[1]!.metadata.type).toBe('BASE TABLE');
  });

  it('describes lake sources through their file reader, and reports one that cannot be read', async () => {
    const { connection, asked } = fakeConnection({}, {});
    const { tables, errors } = await readCatalogTables(connection, [
      target('source.shop.raw.events', 'raw', 'events', "read_json('/lake/events/**')"),
      target('source.shop.raw.clicks', 'raw', 'clicks', "read_json('/lake/missing_files/**')"),
    ]);
    expect(asked).toContain("select * from read_json('/lake/events/**') limit 0");
    expect(tables).toHaveLength(1);
    expect(tables[0]!.metadata.type).toBe('EXTERNAL TABLE');
    expect(Object.keys(tables[0]!.columns)).toEqual(['event_id', 'dt']);
    expect(errors).toEqual(['source.shop.raw.clicks: IO Error: No files found that match the pattern']);
  });
});

describe('catalogToJson', () => {
  it('is shaped like dbt catalog v1, sources apart from nodes', () => {
    const table = (uniqueId: string) => ({
      metadata: { type: 'VIEW', schema: 'main', name: 'x', database: null, comment: null, owner: null },
      columns: {},
      stats: {},
      unique_id: uniqueId,
    });
    const catalog = catalogToJson([table('source.shop.raw.events'), table('seed.shop.b'), table('model.shop.a')], {
      strataVersion: '0.1.0',
      generatedAt: new Date('2026-01-02T03:04:05.000Z'),
      invocationId: 'inv-1',
    });
    expect(catalog.metadata).toEqual({
      dbt_schema_version: CATALOG_SCHEMA_VERSION,
      dbt_version: '0.1.0',
      generated_at: '2026-01-02T03:04:05Z',
      invocation_id: 'inv-1',
      env: {},
    });
    expect(CATALOG_SCHEMA_VERSION).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(Object.keys(catalog.nodes)).toEqual(['model.shop.a', 'seed.shop.b']);
    expect(Object.keys(catalog.sources)).toEqual(['source.shop.raw.events']);
    expect(catalog.errors).toBeNull();
    expect(
      catalogToJson([], { strataVersion: '0.1.0', generatedAt: new Date(), invocationId: 'i' }, ['x: boom']).errors,
    ).toEqual(['x: boom']);
  });
});
