import { describe, expect, it } from 'vitest';
import { renderQuotedRelation } from '../../../src/artifacts/manifest-json.js';
import { buildSiteData, type SiteDataInput } from '../../../src/docs/build-site-data.js';
import { catalogToJson, type CatalogTable } from '../../../src/artifacts/catalog-json.js';
import type { Manifest, TestNode } from '../../../src/manifest/types.js';
import {
  ephemeral,
  fixtureManifest,
  notNullTest,
  seed,
  singularTest,
  source,
  sourceTest,
  stgOrders,
} from '../artifacts/fixture-manifest.js';

const relationshipsTest: TestNode = {
  ...notNullTest,
  uniqueId: 'test.shop.relationships_stg_orders_country.abc',
  name: 'relationships_stg_orders_country',
  testMetadata: { name: 'relationships', kwargs: { column_name: 'country', to: "ref('countries')", field: 'code' } },
  columnName: 'country',
  dependsOn: ['model.shop.stg_orders', 'seed.shop.countries'],
};

function manifest(): Manifest {
  const m = fixtureManifest();
  m.nodes.set(relationshipsTest.uniqueId, relationshipsTest);
  m.nodes.set(stgOrders.uniqueId, { ...stgOrders, description: 'Orders <script>alert(1)</script> **cleaned**' });
  return m;
}

const table = (uniqueId: string, name: string, columns: Array<[string, string]>): CatalogTable => ({
  metadata: { type: 'VIEW', schema: 'main', name, database: null, comment: null, owner: null },
  columns: Object.fromEntries(
    columns.map(([column, type], i) => [column, { name: column, type, index: i + 1, comment: null }]),
  ),
  stats: {},
  unique_id: uniqueId,
});

const catalog = catalogToJson(
  [
    table(stgOrders.uniqueId, 'stg_orders', [
      ['ORDER_ID', 'INTEGER'],
      ['country', 'VARCHAR'],
      ['total', 'DECIMAL(10,2)'],
    ]),
  ],
  { strataVersion: '0.1.0', generatedAt: new Date('2026-01-01T00:00:00Z'), invocationId: 'inv' },
);

const input = (extra: Partial<SiteDataInput> = {}): SiteDataInput => ({
  manifest: manifest(),
  renderRelation: renderQuotedRelation,
  adapterType: 'duckdb',
  strataVersion: '0.1.0',
  generatedAt: new Date('2026-01-01T00:00:00Z'),
  catalog,
  compiledSql: new Map([[stgOrders.uniqueId, 'select * from "bronze"."orders"']]),
  ...extra,
});

describe('buildSiteData', () => {
  const data = buildSiteData(input());
  const byId = new Map(data.nodes.map((node, i) => [node.uniqueId, { node, number: i }]));
  const node = (id: string) => byId.get(id)!.node;
  const number = (id: string) => byId.get(id)!.number;

  it('lists every model, seed, source and test once, numbered by unique id', () => {
    expect(data.nodes.map((n) => n.uniqueId)).toEqual(
      [seed, stgOrders, ephemeral, notNullTest, sourceTest, singularTest, relationshipsTest, source]
        .map((n) => n.uniqueId)
        .sort(),
    );
    expect(data.project).toMatchObject({
      name: 'shop',
      adapterType: 'duckdb',
      counts: { model: 2, seed: 1, source: 1, test: 4 },
    });
  });

  it('links parents, children and tests both ways', () => {
    const orders = node(stgOrders.uniqueId);
    expect(orders.parents).toEqual([number(source.uniqueId)]);
    expect(orders.children.sort()).toEqual(
      [ephemeral, notNullTest, singularTest, relationshipsTest].map((n) => number(n.uniqueId)).sort(),
    );
    expect(orders.tests.sort()).toEqual(
      [notNullTest, singularTest, relationshipsTest].map((n) => number(n.uniqueId)).sort(),
    );
    // a relationships test reads the seed too, but is a test of the model it is declared on
    expect(node(seed.uniqueId).tests).toEqual([]);
    expect(node(seed.uniqueId).children).toContain(number(relationshipsTest.uniqueId));
    expect(node(source.uniqueId).tests).toEqual([number(sourceTest.uniqueId)]);
    expect(data.edges).toContainEqual([number(source.uniqueId), number(stgOrders.uniqueId)]);
    for (const [parent, child] of data.edges) {
      expect(data.nodes[child]!.parents).toContain(parent);
      expect(data.nodes[parent]!.children).toContain(child);
    }
  });

  it('takes column types from the catalog over declared ones, in warehouse order, with test labels', () => {
    expect(node(stgOrders.uniqueId).columns).toEqual([
      {
        name: 'order_id',
        type: 'INTEGER',
        descriptionHtml: '<p>The key</p>\n',
        descriptionText: 'The key',
        tests: ['not_null'],
      },
      {
        name: 'country',
        type: 'VARCHAR',
        descriptionHtml: '',
        descriptionText: '',
        tests: ['relationships → countries.code'],
      },
      { name: 'total', type: 'DECIMAL(10,2)', descriptionHtml: '', descriptionText: '', tests: [] },
    ]);
  });

  it('falls back to declared types without a catalog', () => {
    const withoutCatalog = buildSiteData(input({ catalog: undefined }));
    const orders = withoutCatalog.nodes.find((n) => n.uniqueId === stgOrders.uniqueId)!;
    expect(orders.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'bigint'],
      ['country', ''],
    ]);
  });

  it('renders descriptions sanitized, with plain text for search', () => {
    const orders = node(stgOrders.uniqueId);
    expect(orders.descriptionHtml).not.toMatch(/<script/);
    expect(orders.descriptionHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <strong>cleaned</strong>');
    expect(orders.descriptionText).toBe('Orders <script>alert(1)</script> cleaned');
    expect(node(source.uniqueId).descriptionText).toBe('Raw events');
  });

  it('describes each node: label, relation, file, folder, materialization, SQL', () => {
    expect(node(stgOrders.uniqueId)).toMatchObject({
      label: 'stg_orders',
      relation: '"main"."stg_orders"',
      file: 'models/staging/stg_orders.sql',
      line: 1,
      materialization: 'table',
      tags: ['daily'],
      rawSql: stgOrders.rawSql,
      compiledSql: 'select * from "bronze"."orders"',
    });
    expect(data.folders[node(stgOrders.uniqueId).folder]).toBe('models/staging');
    expect(node(source.uniqueId)).toMatchObject({
      label: 'bronze.orders',
      materialization: 'source',
      file: 'models/staging/sources.yml',
    });
    expect(node(ephemeral.uniqueId).relation).toBeUndefined();
    expect(node(notNullTest.uniqueId)).toMatchObject({
      materialization: 'test',
      testKind: 'not_null',
      testColumn: 'order_id',
    });
    expect(node(notNullTest.uniqueId).relation).toBeUndefined();
    expect(node(singularTest.uniqueId)).toMatchObject({ testKind: 'singular', rawSql: singularTest.rawSql });
    expect(data.tags).toEqual(['daily']);
    expect(data.folders).toEqual(['models', 'models/staging', 'seeds', 'tests/data']);
  });

  it('lays out the graph without tests and with them', () => {
    const tests = data.nodes.flatMap((n, i) => (n.resourceType === 'test' ? [i] : []));
    for (const t of tests) expect(data.layouts.withoutTests.x[t]).toBe(-1);
    for (const t of tests) expect(data.layouts.withTests.x[t]).toBeGreaterThanOrEqual(0);
    expect(data.layouts.withTests.layer[number(notNullTest.uniqueId)]).toBe(
      data.layouts.withTests.layer[number(stgOrders.uniqueId)]! + 1,
    );
  });

  it('writes a generated overview, or renders the given one', () => {
    expect(data.project.overviewHtml).toContain('2 models, 1 seed, 1 source and 4 data tests');
    const custom = buildSiteData(input({ overviewMarkdown: '# Shop\n\n<iframe src="https://evil.example">' }));
    expect(custom.project.overviewHtml).toMatch(/^<h1>Shop<\/h1>\n<p>&lt;iframe src=&quot;/);
    expect(custom.project.overviewHtml).not.toContain('<iframe');
  });
});
