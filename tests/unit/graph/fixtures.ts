/** Tiny in-memory manifests for graph tests: required fields filled with plain defaults. */
import type {
  ExternalLocation,
  Manifest,
  ManifestNode,
  ModelNode,
  NodeConfig,
  SeedNode,
  SourceNode,
  TestNode,
} from '../../../src/manifest/types.js';

export const PROJECT = 'shop';

export function config(overrides: Partial<NodeConfig> = {}): NodeConfig {
  return { enabled: true, materialized: 'view', tags: [], extra: {}, ...overrides };
}

interface CommonOptions {
  /** folder under models/ (or seeds/, tests/), e.g. 'staging' */
  folder?: string;
  tags?: string[];
  description?: string;
  config?: Partial<NodeConfig>;
  dependsOn?: string[];
  checksum?: string;
  packageName?: string;
}

function placed(root: string, folder: string | undefined, file: string): { file: string; fqnPath: string[] } {
  const folders = folder ? folder.split('/') : [];
  return { file: [root, ...folders, file].join('/'), fqnPath: folders };
}

export function model(name: string, options: CommonOptions = {}): ModelNode {
  const packageName = options.packageName ?? PROJECT;
  const { file, fqnPath } = placed('models', options.folder, `${name}.sql`);
  return {
    uniqueId: `model.${packageName}.${name}`,
    name,
    resourceType: 'model',
    packageName,
    fqn: [packageName, ...fqnPath, name],
    origin: { file, line: 1 },
    description: options.description ?? '',
    tags: options.tags ?? [],
    meta: {},
    rawSql: `select 1 as ${name}`,
    checksum: options.checksum ?? `sum-${name}`,
    config: config(options.config),
    relation: { schema: 'main', identifier: name },
    columns: {},
    refs: [],
    sources: [],
    dependsOn: options.dependsOn ?? [],
  };
}

export function seed(name: string, options: CommonOptions = {}): SeedNode {
  const packageName = options.packageName ?? PROJECT;
  const { file, fqnPath } = placed('seeds', options.folder, `${name}.csv`);
  return {
    uniqueId: `seed.${packageName}.${name}`,
    name,
    resourceType: 'seed',
    packageName,
    fqn: [packageName, ...fqnPath, name],
    origin: { file },
    description: options.description ?? '',
    tags: options.tags ?? [],
    meta: {},
    csvPath: `/project/${file}`,
    checksum: options.checksum ?? `sum-${name}`,
    config: config({ materialized: 'seed', ...options.config }),
    relation: { schema: 'main', identifier: name },
    columns: {},
    dependsOn: [],
  };
}

export function source(
  sourceName: string,
  tableName: string,
  options: CommonOptions & { file?: string; external?: ExternalLocation } = {},
): SourceNode {
  const packageName = options.packageName ?? PROJECT;
  return {
    uniqueId: `source.${packageName}.${sourceName}.${tableName}`,
    name: tableName,
    resourceType: 'source',
    packageName,
    fqn: [packageName, sourceName, tableName],
    origin: { file: options.file ?? 'models/staging/sources.yml', line: 3 },
    description: options.description ?? '',
    tags: options.tags ?? [],
    meta: {},
    sourceName,
    tableName,
    relation: { schema: sourceName, identifier: tableName },
    external: options.external,
    columns: {},
    sourceDescription: '',
    dependsOn: [],
    config: config(options.config),
  };
}

/**
 * A generic test (`not_null`, `unique`, `relationships`...) on the given parents, the first
 * being the attached node.
 */
export function genericTest(
  testName: string,
  parents: string[],
  options: CommonOptions & { column?: string; file?: string } = {},
): TestNode {
  const parentName = parents[0]!.split('.').pop()!;
  const name = [testName, parentName, options.column].filter(Boolean).join('_');
  return {
    ...testBase(name, options),
    origin: { file: options.file ?? 'models/schema.yml', line: 10 },
    testMetadata: { name: testName, kwargs: { column_name: options.column } },
    columnName: options.column,
    attachedNode: parents[0],
    dependsOn: parents,
  };
}

/** A singular test: a SQL file under tests/. */
export function singularTest(name: string, parents: string[], options: CommonOptions = {}): TestNode {
  return { ...testBase(name, options), origin: { file: `tests/${name}.sql`, line: 1 }, dependsOn: parents };
}

function testBase(name: string, options: CommonOptions): TestNode {
  const packageName = options.packageName ?? PROJECT;
  return {
    uniqueId: `test.${packageName}.${name}`,
    name,
    resourceType: 'test',
    packageName,
    fqn: [packageName, name],
    origin: { file: 'tests' },
    description: options.description ?? '',
    tags: options.tags ?? [],
    meta: {},
    rawSql: '',
    checksum: options.checksum ?? `sum-${name}`,
    config: config({ materialized: 'test', severity: 'error', ...options.config }),
    refs: [],
    sources: [],
    dependsOn: [],
  };
}

/** A manifest holding these nodes, with parent/child maps and ref/source indexes filled in. */
export function manifestOf(nodes: ManifestNode[]): Manifest {
  const manifest: Manifest = {
    projectName: PROJECT,
    nodes: new Map(),
    sources: new Map(),
    macros: new Map(),
    parentMap: new Map(),
    childMap: new Map(),
    refIndex: new Map(),
    sourceIndex: new Map(),
  };
  for (const node of nodes) {
    if (node.resourceType === 'source') {
      manifest.sources.set(node.uniqueId, node);
      manifest.sourceIndex.set(`${node.sourceName}.${node.tableName}`, node.uniqueId);
    } else if (node.resourceType === 'exposure') {
      (manifest.exposures ??= new Map()).set(node.uniqueId, node);
    } else {
      manifest.nodes.set(node.uniqueId, node);
      if (node.resourceType !== 'test') manifest.refIndex.set(node.name, node.uniqueId);
    }
    manifest.parentMap.set(node.uniqueId, [...node.dependsOn]);
    if (!manifest.childMap.has(node.uniqueId)) manifest.childMap.set(node.uniqueId, []);
  }
  for (const node of nodes) {
    for (const parent of node.dependsOn) {
      const children = manifest.childMap.get(parent) ?? [];
      children.push(node.uniqueId);
      manifest.childMap.set(parent, children);
    }
  }
  return manifest;
}

/** `model.shop.<name>` */
export const m = (name: string): string => `model.${PROJECT}.${name}`;
/** `seed.shop.<name>` */
export const s = (name: string): string => `seed.${PROJECT}.${name}`;
/** `source.shop.<source>.<table>` */
export const src = (sourceName: string, tableName: string): string => `source.${PROJECT}.${sourceName}.${tableName}`;
/** `test.shop.<name>` */
export const t = (name: string): string => `test.${PROJECT}.${name}`;

/**
 * A small e-commerce project:
 *
 *   bronze.orders -> stg_orders ----------------> fct_orders -> orders_daily (+ disabled_daily, disabled)
 *   bronze.users  -> stg_users  -> dim_users ---^
 *   countries (seed) ------------^
 *   other.events (no children)
 *
 * with not_null/unique tests on stg_orders, a relationships test fct_orders -> dim_users,
 * and a singular test on orders_daily.
 */
export function shopProject(): Manifest {
  return manifestOf([
    source('bronze', 'orders', { external: { location: 'lake/orders', format: 'jsonl', partitions: ['dt'] } }),
    source('bronze', 'users', { tags: ['pii'] }),
    source('other', 'events', { file: 'models/other/sources.yml' }),
    seed('countries'),
    model('stg_orders', { folder: 'staging', tags: ['staging'], dependsOn: [src('bronze', 'orders')] }),
    model('stg_users', { folder: 'staging', tags: ['staging', 'pii'], dependsOn: [src('bronze', 'users')] }),
    model('dim_users', {
      folder: 'marts',
      config: { materialized: 'table', tags: ['marts'] },
      dependsOn: [m('stg_users'), s('countries')],
    }),
    model('fct_orders', {
      folder: 'marts',
      tags: ['marts', 'gold_daily'],
      config: { materialized: 'incremental', uniqueKey: ['order_id'], incrementalStrategy: 'merge' },
      dependsOn: [m('stg_orders'), m('dim_users')],
    }),
    model('orders_daily', {
      folder: 'gold',
      config: { materialized: 'table', tags: ['gold'] },
      dependsOn: [m('fct_orders')],
    }),
    model('disabled_daily', { folder: 'gold', config: { enabled: false }, dependsOn: [m('fct_orders')] }),
    genericTest('not_null', [m('stg_orders')], { column: 'order_id', file: 'models/staging/schema.yml' }),
    genericTest('unique', [m('stg_orders')], { column: 'order_id', file: 'models/staging/schema.yml' }),
    genericTest('relationships', [m('fct_orders'), m('dim_users')], {
      column: 'user_id',
      file: 'models/marts/schema.yml',
    }),
    singularTest('assert_positive_totals', [m('orders_daily')]),
  ]);
}
