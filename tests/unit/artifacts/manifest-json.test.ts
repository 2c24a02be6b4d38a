import { describe, expect, it } from 'vitest';
import { manifestToJson, MANIFEST_SCHEMA_VERSION, renderQuotedRelation } from '../../../src/artifacts/manifest-json.js';
import {
  ephemeral,
  fixtureManifest,
  notNullTest,
  seed,
  singularTest,
  source,
  sourceTest,
  stgOrders,
} from './fixture-manifest.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const meta = {
  strataVersion: '0.1.0',
  generatedAt: new Date('2025-01-02T03:04:05.000Z'),
  invocationId: 'inv-1',
  adapterType: 'duckdb',
};
const build = (extra: Partial<Parameters<typeof manifestToJson>[1]> = {}): Json =>
  manifestToJson(fixtureManifest(), { ...meta, ...extra }) as Json;

describe('manifestToJson', () => {
  it('has every top-level key of dbt manifest v12', () => {
    expect(Object.keys(build()).sort()).toEqual(
      [
        'metadata',
        'nodes',
        'sources',
        'macros',
        'docs',
        'exposures',
        'metrics',
        'groups',
        'selectors',
        'disabled',
        'parent_map',
        'child_map',
        'group_map',
        'saved_queries',
        'semantic_models',
        'unit_tests',
        'functions',
      ].sort(),
    );
  });

  it('writes the metadata', () => {
    expect(build().metadata).toMatchObject({
      dbt_schema_version: MANIFEST_SCHEMA_VERSION,
      dbt_version: '0.1.0',
      generated_at: '2025-01-02T03:04:05Z',
      invocation_id: 'inv-1',
      env: {},
      project_name: 'shop',
      adapter_type: 'duckdb',
    });
  });

  it('shapes a model like dbt', () => {
    const model = build().nodes[stgOrders.uniqueId];
    expect(model).toMatchObject({
      unique_id: 'model.shop.stg_orders',
      name: 'stg_orders',
      resource_type: 'model',
      package_name: 'shop',
      path: 'staging/stg_orders.sql',
      original_file_path: 'models/staging/stg_orders.sql',
      fqn: ['shop', 'staging', 'stg_orders'],
      alias: 'stg_orders',
      schema: 'main',
      database: null,
      checksum: { name: 'sha256', checksum: 'def' },
      config: { enabled: true, materialized: 'table', tags: ['daily'] },
      description: 'Orders, cleaned',
      columns: {
        order_id: { name: 'order_id', description: 'The key', data_type: 'bigint', meta: { pii: false }, tags: [] },
      },
      depends_on: { macros: [], nodes: ['source.shop.bronze.orders'] },
      refs: [],
      sources: [['bronze', 'orders']],
      raw_code: stgOrders.rawSql,
      language: 'sql',
      relation_name: '"main"."stg_orders"',
      patch_path: 'shop://models/staging/schema.yml',
      compiled_path: null,
    });
    expect(model).not.toHaveProperty('compiled_code');
  });

  it('adds compiled code for compiled nodes and uses the dialect to name relations', () => {
    const json = build({
      compiled: new Map([
        [stgOrders.uniqueId, 'select 1'],
        [notNullTest.uniqueId, 'select 2'],
      ]),
      renderRelation: (r) => `${r.schema}.${r.identifier}`,
    });
    expect(json.nodes[stgOrders.uniqueId]).toMatchObject({
      compiled: true,
      compiled_code: 'select 1',
      compiled_path: 'target/compiled/shop/models/staging/stg_orders.sql',
      relation_name: 'main.stg_orders',
    });
    expect(json.nodes[notNullTest.uniqueId].compiled_path).toBe(
      'target/compiled/shop/models/staging/schema.yml/not_null_stg_orders_order_id.sql',
    );
  });

  it("writes the target's database where a relation names none, as dbt-duckdb writes the file's catalog", () => {
    const json = build({ targetDatabase: 'shop', targetSchema: 'main' });
    expect(json.nodes[stgOrders.uniqueId]).toMatchObject({
      database: 'shop',
      relation_name: '"shop"."main"."stg_orders"',
    });
    expect(json.nodes[seed.uniqueId]).toMatchObject({ database: 'shop', relation_name: '"shop"."main"."countries"' });
    expect(json.sources[source.uniqueId]).toMatchObject({
      database: 'shop',
      relation_name: '"shop"."bronze"."orders"',
    });
    expect(json.nodes[notNullTest.uniqueId]).toMatchObject({ database: 'shop', schema: 'main_dbt_test__audit' });
    // no relation for a test that does not store its failures, nor for an ephemeral model
    expect(json.nodes[notNullTest.uniqueId].relation_name).toBeNull();
    expect(json.nodes[ephemeral.uniqueId].relation_name).toBeNull();
  });

  it("writes a one-column unique_key as a name and an unset severity as dbt's ERROR", () => {
    const manifest = fixtureManifest();
    const model = manifest.nodes.get(stgOrders.uniqueId) as typeof stgOrders;
    model.config = { ...model.config, materialized: 'incremental', uniqueKey: ['order_id'] };
    const test = manifest.nodes.get(notNullTest.uniqueId) as typeof notNullTest;
    test.config = { ...test.config, severity: undefined };
    const json = manifestToJson(manifest, meta) as Json;
    expect(json.nodes[stgOrders.uniqueId].config.unique_key).toBe('order_id');
    expect(json.nodes[notNullTest.uniqueId].config.severity).toBe('ERROR');
    model.config = { ...model.config, uniqueKey: ['order_id', 'day'] };
    expect((manifestToJson(manifest, meta) as Json).nodes[stgOrders.uniqueId].config.unique_key).toEqual([
      'order_id',
      'day',
    ]);
  });

  it('names no relation for ephemeral models and shapes seeds', () => {
    const json = build();
    expect(json.nodes[ephemeral.uniqueId]).toMatchObject({
      relation_name: null,
      refs: [{ name: 'stg_orders', package: null, version: null }],
    });
    expect(json.nodes[seed.uniqueId]).toMatchObject({
      resource_type: 'seed',
      path: 'countries.csv',
      original_file_path: 'seeds/countries.csv',
      relation_name: '"main"."countries"',
      depends_on: { macros: [] },
    });
  });

  it('shapes generic and singular tests', () => {
    const json = build({ targetSchema: 'main' });
    expect(json.nodes[notNullTest.uniqueId]).toMatchObject({
      resource_type: 'test',
      path: 'not_null_stg_orders_order_id.sql',
      original_file_path: 'models/staging/schema.yml',
      schema: 'main_dbt_test__audit',
      test_metadata: {
        name: 'not_null',
        kwargs: { column_name: 'order_id', model: "{{ get_where_subquery(ref('stg_orders')) }}" },
        namespace: null,
      },
      column_name: 'order_id',
      attached_node: 'model.shop.stg_orders',
      file_key_name: 'models.stg_orders',
    });
    expect(json.nodes[sourceTest.uniqueId].test_metadata.kwargs.model).toBe(
      "{{ get_where_subquery(source('bronze', 'orders')) }}",
    );
    expect(json.nodes[sourceTest.uniqueId].file_key_name).toBe('sources.bronze');
    const singular = json.nodes[singularTest.uniqueId];
    expect(singular).toMatchObject({ path: 'assert_positive_totals.sql' });
    // dbt's singular test node has no test_metadata, column_name or attached_node
    for (const key of ['test_metadata', 'column_name', 'attached_node']) expect(singular).not.toHaveProperty([key]);
  });

  it('shapes sources with forward-slash paths', () => {
    expect(build().sources[source.uniqueId]).toMatchObject({
      unique_id: 'source.shop.bronze.orders',
      resource_type: 'source',
      source_name: 'bronze',
      name: 'orders',
      identifier: 'orders',
      source_description: 'Raw events',
      path: 'models/staging/sources.yml',
      original_file_path: 'models/staging/sources.yml',
      loaded_at_field: 'event_time',
      freshness: { warn_after: { count: 1, period: 'hour' }, error_after: { count: null, period: null }, filter: null },
      external: { location: 'lake/orders', file_format: 'jsonl', partitions: ['dt', 'hour'] },
      relation_name: '"bronze"."orders"',
    });
  });

  it('lists macros', () => {
    expect(build().macros['macro.shop.cents_to_dollars']).toMatchObject({
      name: 'cents_to_dollars',
      resource_type: 'macro',
      package_name: 'shop',
      original_file_path: 'macros/money.sql',
      macro_sql: expect.stringContaining('cents_to_dollars'),
    });
  });

  it('writes parent and child maps for every node and source', () => {
    const json = build();
    const ids = [...fixtureManifest().nodes.keys(), source.uniqueId].sort();
    expect(Object.keys(json.parent_map).sort()).toEqual(ids);
    expect(Object.keys(json.child_map).sort()).toEqual(ids);
    expect(json.parent_map[ephemeral.uniqueId]).toEqual(['model.shop.stg_orders', 'seed.shop.countries']);
    expect(json.child_map[source.uniqueId]).toEqual([sourceTest.uniqueId, stgOrders.uniqueId].sort());
    expect(json.child_map[singularTest.uniqueId]).toEqual([]);
  });

  it('contains no secrets, profile settings or absolute paths', () => {
    const text = JSON.stringify(build());
    expect(text).not.toMatch(/password|secret|profile|"target"/i);
    expect(text).not.toContain('/home/someone');
  });

  it('masks credential-looking keys in meta, config and test arguments, as run_results.json does', () => {
    const manifest = fixtureManifest();
    const model = manifest.nodes.get(stgOrders.uniqueId) as typeof stgOrders;
    model.meta = { owner: 'data', owner_password: 'hunter2', contacts: [{ api_key: 'k-123' }] };
    model.columns = { password: { name: 'password', description: '', tags: [], meta: { vault_token: 't-456' } } };
    model.config = {
      ...model.config,
      extra: { meta: { service_credentials: { user: 'u' } }, grants: { select: ['x'] } },
    };
    const test = manifest.nodes.get(notNullTest.uniqueId) as typeof notNullTest;
    test.testMetadata = { name: 'not_null', kwargs: { column_name: 'password', client_secret: 's-789' } };
    manifest.sources.get(source.uniqueId)!.meta = { loader_password: 'p-000' };

    const json = manifestToJson(manifest, meta) as Json;
    const node = json.nodes[stgOrders.uniqueId];
    // dbt's node meta is its config's: what config set joined with the YAML's
    expect(node.meta).toEqual({
      service_credentials: '***',
      owner: 'data',
      owner_password: '***',
      contacts: [{ api_key: '***' }],
    });
    // a column named like a credential is data, not a secret: its name stays
    expect(node.columns.password.meta).toEqual({ vault_token: '***' });
    // the config's meta joins the node's YAML meta, as dbt writes it
    expect(node.config.meta).toEqual({
      service_credentials: '***',
      owner: 'data',
      owner_password: '***',
      contacts: [{ api_key: '***' }],
    });
    expect(node.config.grants).toEqual({ select: ['x'] });
    expect(json.nodes[notNullTest.uniqueId].test_metadata.kwargs).toMatchObject({
      column_name: 'password',
      client_secret: '***',
    });
    expect(json.sources[source.uniqueId].meta).toEqual({ loader_password: '***' });
    expect(JSON.stringify(json)).not.toMatch(/hunter2|k-123|t-456|s-789|p-000/);
  });

  it('is deterministic whatever the map insertion order', () => {
    const shuffled = fixtureManifest();
    shuffled.nodes = new Map([...shuffled.nodes].reverse());
    expect(JSON.stringify(manifestToJson(shuffled, meta))).toBe(JSON.stringify(build()));
  });
});

describe('renderQuotedRelation', () => {
  it('quotes each part and doubles embedded quotes', () => {
    expect(renderQuotedRelation({ database: 'wh', schema: 'main', identifier: 'a"b' })).toBe('"wh"."main"."a""b"');
  });
});
