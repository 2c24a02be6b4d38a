import type { DocsNode, DocsResourceType, LineageLayout, SiteData } from '../../src/docs/site-data.js';

interface NodeSpec {
  name: string;
  type?: DocsResourceType;
  parents?: string[];
  description?: string;
  columns?: string[];
  tags?: string[];
  folder?: string;
}

/**
 * A small SiteData for the app's logic, laid out one layer per longest-path depth (the
 * generator's real layout is not needed to test the app).
 */
export function siteDataOf(specs: NodeSpec[]): SiteData {
  const index = new Map(specs.map((spec, i) => [spec.name, i]));
  const folders = [...new Set(specs.map((spec) => spec.folder ?? 'models'))].sort();
  const edges: Array<[number, number]> = specs.flatMap((spec, child) =>
    (spec.parents ?? []).map((parent) => [index.get(parent)!, child] as [number, number]),
  );
  const nodes: DocsNode[] = specs.map((spec, i) => {
    const type = spec.type ?? 'model';
    return {
      uniqueId: `${type}.shop.${spec.name}`,
      name: spec.name,
      resourceType: type,
      label: spec.name,
      file: `${spec.folder ?? 'models'}/${spec.name}.sql`,
      folder: folders.indexOf(spec.folder ?? 'models'),
      descriptionHtml: spec.description ? `<p>${spec.description}</p>` : '',
      descriptionText: spec.description ?? '',
      materialization: type === 'model' ? 'view' : type,
      tags: spec.tags ?? [],
      columns: (spec.columns ?? []).map((name) => ({
        name,
        type: 'VARCHAR',
        descriptionHtml: '',
        descriptionText: '',
        tests: [],
      })),
      parents: edges.filter(([, c]) => c === i).map(([p]) => p),
      children: edges.filter(([p]) => p === i).map(([, c]) => c),
      tests: edges.filter(([p, c]) => p === i && specs[c]!.type === 'test').map(([, c]) => c),
    };
  });
  const layout = (include: (node: DocsNode) => boolean): LineageLayout => {
    const layer = nodes.map(() => -1);
    const depth = (i: number): number =>
      layer[i]! >= 0
        ? layer[i]!
        : (layer[i] = Math.max(0, ...nodes[i]!.parents.filter((p) => include(nodes[p]!)).map((p) => depth(p) + 1)));
    nodes.forEach((node, i) => include(node) && depth(i));
    const rows = new Map<number, number>();
    const x = nodes.map((node, i) => (include(node) ? layer[i]! * 300 : -1));
    const y = nodes.map((node, i) => {
      if (!include(node)) return -1;
      const row = rows.get(layer[i]!) ?? 0;
      rows.set(layer[i]!, row + 1);
      return row * 50;
    });
    return {
      nodeWidth: 240,
      nodeHeight: 36,
      x,
      y,
      layer: nodes.map((node, i) => (include(node) ? layer[i]! : -1)),
      width: Math.max(...x) + 240,
      height: Math.max(...y) + 36,
    };
  };
  const counts = { model: 0, seed: 0, source: 0, snapshot: 0, exposure: 0, test: 0, unit_test: 0 };
  for (const node of nodes) counts[node.resourceType]++;
  return {
    version: 1,
    project: {
      name: 'shop',
      overviewHtml: '',
      adapterType: 'duckdb',
      generatedAt: '2026-01-01T00:00:00Z',
      strataVersion: '0.1.0',
      counts,
    },
    nodes,
    edges,
    layouts: { withoutTests: layout((node) => node.resourceType !== 'test'), withTests: layout(() => true) },
    tags: [...new Set(specs.flatMap((spec) => spec.tags ?? []))].sort(),
    folders,
  };
}

/**
 * seed -> stg_orders -> fct_orders -> daily; stg_users -> fct_orders; source -> stg_users;
 * a test on fct_orders; an unrelated island.
 */
export function shopSiteData(): SiteData {
  return siteDataOf([
    { name: 'countries', type: 'seed', folder: 'seeds' },
    { name: 'users', type: 'source', folder: 'models/staging', description: 'Raw users from the app.' },
    {
      name: 'stg_orders',
      parents: ['countries'],
      folder: 'models/staging',
      tags: ['staging'],
      columns: ['order_id', 'amount'],
    },
    {
      name: 'stg_users',
      parents: ['users'],
      folder: 'models/staging',
      tags: ['staging'],
      columns: ['user_id', 'email'],
    },
    {
      name: 'fct_orders',
      parents: ['stg_orders', 'stg_users'],
      folder: 'models/marts',
      tags: ['marts'],
      description: 'One row per order.',
      columns: ['order_id', 'user_id'],
    },
    { name: 'orders_daily', parents: ['fct_orders'], folder: 'models/marts/gold', tags: ['marts'] },
    { name: 'not_null_fct_orders_order_id', type: 'test', parents: ['fct_orders'], folder: 'models/marts' },
    { name: 'island', folder: 'models/other', description: 'Mentions fct_orders in passing.' },
  ]);
}
