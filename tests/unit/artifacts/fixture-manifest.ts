/** A small manifest for artifact tests: a source, a seed, two models, generic and singular tests, a macro. */
import type { Manifest, ModelNode, NodeConfig, SeedNode, SourceNode, TestNode } from '../../../src/manifest/types.js';

const config = (overrides: Partial<NodeConfig> = {}): NodeConfig => ({
  enabled: true,
  materialized: 'view',
  tags: [],
  extra: {},
  ...overrides,
});

const base = { packageName: 'shop', description: '', tags: [] as string[], meta: {} };

export const source: SourceNode = {
  ...base,
  uniqueId: 'source.shop.bronze.orders',
  name: 'orders',
  resourceType: 'source',
  fqn: ['shop', 'staging', 'bronze', 'orders'],
  origin: { file: 'models\\staging\\sources.yml', line: 4 },
  sourceName: 'bronze',
  tableName: 'orders',
  relation: { schema: 'bronze', identifier: 'orders' },
  external: { location: 'lake/orders', format: 'jsonl', partitions: ['dt', 'hour'] },
  loadedAtField: 'event_time',
  freshness: { warnAfter: { count: 1, period: 'hour' } },
  columns: {},
  sourceDescription: 'Raw events',
  dependsOn: [],
  config: config(),
};

export const seed: SeedNode = {
  ...base,
  uniqueId: 'seed.shop.countries',
  name: 'countries',
  resourceType: 'seed',
  fqn: ['shop', 'countries'],
  origin: { file: 'seeds/countries.csv' },
  csvPath: '/home/someone/shop/seeds/countries.csv',
  checksum: 'abc',
  config: config({ materialized: 'seed' }),
  relation: { schema: 'main', identifier: 'countries' },
  columns: {},
  dependsOn: [],
};

export const stgOrders: ModelNode = {
  ...base,
  uniqueId: 'model.shop.stg_orders',
  name: 'stg_orders',
  resourceType: 'model',
  fqn: ['shop', 'staging', 'stg_orders'],
  origin: { file: 'models/staging/stg_orders.sql', line: 1 },
  description: 'Orders, cleaned',
  rawSql: "select * from {{ source('bronze', 'orders') }}",
  checksum: 'def',
  config: config({ materialized: 'table', tags: ['daily'] }),
  relation: { schema: 'main', identifier: 'stg_orders' },
  columns: {
    order_id: { name: 'order_id', description: 'The key', dataType: 'bigint', tags: [], meta: { pii: false } },
  },
  refs: [],
  sources: [['bronze', 'orders']],
  dependsOn: ['source.shop.bronze.orders'],
  patchPath: 'models/staging/schema.yml',
};

export const ephemeral: ModelNode = {
  ...stgOrders,
  uniqueId: 'model.shop.int_orders',
  name: 'int_orders',
  fqn: ['shop', 'int_orders'],
  origin: { file: 'models/int_orders.sql' },
  config: config({ materialized: 'ephemeral' }),
  relation: { schema: 'main', identifier: 'int_orders' },
  columns: {},
  refs: [{ name: 'stg_orders' }],
  sources: [],
  dependsOn: ['model.shop.stg_orders', 'seed.shop.countries'],
  patchPath: undefined,
};

export const notNullTest: TestNode = {
  ...base,
  uniqueId: 'test.shop.not_null_stg_orders_order_id.0123456789',
  name: 'not_null_stg_orders_order_id',
  resourceType: 'test',
  fqn: ['shop', 'staging', 'not_null_stg_orders_order_id'],
  origin: { file: 'models/staging/schema.yml', line: 9 },
  rawSql: '',
  checksum: '',
  testMetadata: { name: 'not_null', kwargs: { column_name: 'order_id' } },
  columnName: 'order_id',
  attachedNode: 'model.shop.stg_orders',
  config: config({ materialized: 'test', severity: 'error' }),
  refs: [{ name: 'stg_orders' }],
  sources: [],
  dependsOn: ['model.shop.stg_orders'],
};

export const sourceTest: TestNode = {
  ...notNullTest,
  uniqueId: 'test.shop.not_null_source_bronze_orders_id.9876543210',
  name: 'not_null_source_bronze_orders_id',
  origin: { file: 'models/staging/sources.yml', line: 12 },
  testMetadata: { name: 'not_null', kwargs: { column_name: 'id' } },
  columnName: 'id',
  attachedNode: 'source.shop.bronze.orders',
  refs: [],
  sources: [['bronze', 'orders']],
  dependsOn: ['source.shop.bronze.orders'],
};

export const singularTest: TestNode = {
  ...base,
  uniqueId: 'test.shop.assert_positive_totals',
  name: 'assert_positive_totals',
  resourceType: 'test',
  fqn: ['shop', 'assert_positive_totals'],
  origin: { file: 'tests/data/assert_positive_totals.sql' },
  rawSql: "select * from {{ ref('stg_orders') }} where total < 0",
  checksum: 'ghi',
  config: config({ materialized: 'test' }),
  refs: [{ name: 'stg_orders' }],
  sources: [],
  dependsOn: ['model.shop.stg_orders'],
};

/** The fixture manifest, with parent/child maps consistent with `dependsOn`. */
export function fixtureManifest(): Manifest {
  const nodes = [seed, stgOrders, ephemeral, notNullTest, sourceTest, singularTest];
  const parentMap = new Map<string, string[]>(nodes.map((n) => [n.uniqueId, n.dependsOn]));
  const childMap = new Map<string, string[]>();
  for (const node of nodes) {
    for (const parent of node.dependsOn) childMap.set(parent, [...(childMap.get(parent) ?? []), node.uniqueId]);
  }
  return {
    projectName: 'shop',
    nodes: new Map(nodes.map((n) => [n.uniqueId, n])),
    sources: new Map([[source.uniqueId, source]]),
    macros: new Map([
      [
        'macro.shop.cents_to_dollars',
        {
          uniqueId: 'macro.shop.cents_to_dollars',
          name: 'cents_to_dollars',
          origin: { file: 'macros/money.sql', line: 1 },
          fileText: '{% macro cents_to_dollars(c) %}({{ c }} / 100){% endmacro %}',
        },
      ],
    ]),
    parentMap,
    childMap,
    refIndex: new Map([
      ['stg_orders', stgOrders.uniqueId],
      ['countries', seed.uniqueId],
    ]),
    sourceIndex: new Map([['bronze.orders', source.uniqueId]]),
  };
}
