import { describe, expect, it } from 'vitest';
import { buildAdjacency } from '../../src/docs/app/lineage/adjacency.js';
import { Camera } from '../../src/docs/app/lineage/camera.js';
import { computeEmphasis, edgeRole, Role } from '../../src/docs/app/lineage/emphasis.js';
import { LineageModel } from '../../src/docs/app/lineage/lineage-model.js';
import { defaultLineageState, type LineageState } from '../../src/docs/app/lineage/lineage-state.js';
import { SpatialGrid } from '../../src/docs/app/lineage/spatial-grid.js';
import { Traversal } from '../../src/docs/app/lineage/traversal.js';
import { shopSiteData } from './site-data-fixture.js';

const data = shopSiteData();
const number = (name: string) => data.nodes.findIndex((node) => node.name === name);
const names = (nodes: ArrayLike<number>) => Array.from(nodes, (node) => data.nodes[node]!.name).sort();

describe('adjacency and traversal', () => {
  const adjacency = buildAdjacency(data.nodes.length, data.edges);
  const traversal = new Traversal(adjacency);

  it('lists parents and children of every node', () => {
    const fct = number('fct_orders');
    expect(
      names(adjacency.parents.list.subarray(adjacency.parents.start[fct], adjacency.parents.start[fct + 1])),
    ).toEqual(['stg_orders', 'stg_users']);
    expect(
      names(adjacency.children.list.subarray(adjacency.children.start[fct], adjacency.children.start[fct + 1])),
    ).toEqual(['not_null_fct_orders_order_id', 'orders_daily']);
  });

  it('walks upstream and downstream to a depth, with the depth of each node', () => {
    const up = traversal.upstream(number('fct_orders'), Infinity);
    expect(names(up.nodes)).toEqual(['countries', 'stg_orders', 'stg_users', 'users']);
    expect(Object.fromEntries(Array.from(up.nodes, (node, i) => [data.nodes[node]!.name, up.depths[i]]))).toEqual({
      stg_orders: 1,
      stg_users: 1,
      countries: 2,
      users: 2,
    });
    expect(names(traversal.upstream(number('fct_orders'), 1).nodes)).toEqual(['stg_orders', 'stg_users']);
    expect(names(traversal.upstream(number('fct_orders'), 0).nodes)).toEqual([]);
    expect(names(traversal.downstream(number('stg_users'), Infinity).nodes)).toEqual([
      'fct_orders',
      'not_null_fct_orders_order_id',
      'orders_daily',
    ]);
  });

  it('finds the nodes on paths between two nodes in either order, and none between strangers', () => {
    const path = traversal.pathBetween(number('countries'), number('orders_daily'))!;
    expect(names(Array.from(path).flatMap((flag, node) => (flag ? [node] : [])))).toEqual([
      'countries',
      'fct_orders',
      'orders_daily',
      'stg_orders',
    ]);
    expect(traversal.pathBetween(number('orders_daily'), number('countries'))).toEqual(path);
    expect(traversal.pathBetween(number('island'), number('fct_orders'))).toBeUndefined();
    expect(traversal.pathBetween(number('stg_users'), number('stg_orders'))).toBeUndefined();
  });
});

describe('emphasis: what the lineage shows for a state', () => {
  const model = new LineageModel(data);
  const view = model.layoutView('withoutTests');
  const emphasise = (change: Partial<LineageState>) => {
    const emphasis = computeEmphasis(model, view, { ...defaultLineageState(), ...change });
    const byRole = (role: Role) =>
      names(Array.from(emphasis.role.keys()).filter((node) => emphasis.role[node] === role));
    return { emphasis, byRole };
  };

  it('shows models, sources and seeds normally when nothing is focused; tests only in their own layout', () => {
    const { byRole, emphasis } = emphasise({});
    expect(byRole(Role.Normal)).toHaveLength(7);
    expect(byRole(Role.Hidden)).toEqual(['not_null_fct_orders_order_id']);
    expect(emphasis.shownCount).toBe(7);
    expect(emphasis.focused).toBe(false);
  });

  it('emphasises upstream and downstream of the focus to the chosen depths and dims the rest', () => {
    const { byRole } = emphasise({ focus: number('fct_orders'), up: 1 });
    expect(byRole(Role.Focus)).toEqual(['fct_orders']);
    expect(byRole(Role.Upstream)).toEqual(['stg_orders', 'stg_users']);
    expect(byRole(Role.Downstream)).toEqual(['orders_daily']);
    expect(byRole(Role.Dimmed)).toEqual(['countries', 'island', 'users']);
  });

  it('hides instead of dimming on request', () => {
    const { byRole } = emphasise({ focus: number('fct_orders'), up: 1, hideUnrelated: true });
    expect(byRole(Role.Dimmed)).toEqual([]);
    expect(byRole(Role.Hidden)).toEqual(['countries', 'island', 'not_null_fct_orders_order_id', 'users']);
  });

  it('filters by type, tag and folder (a folder includes its subfolders)', () => {
    expect(emphasise({ types: new Set(['model'] as const) }).byRole(Role.Hidden)).toEqual([
      'countries',
      'not_null_fct_orders_order_id',
      'users',
    ]);
    expect(emphasise({ tag: 'staging' }).byRole(Role.Normal)).toEqual(['stg_orders', 'stg_users']);
    expect(emphasise({ folder: 'models/marts' }).byRole(Role.Normal)).toEqual(['fct_orders', 'orders_daily']);
  });

  it('highlights the path to a second node instead of the whole neighbourhood', () => {
    const { byRole, emphasis } = emphasise({ focus: number('countries'), pathTo: number('orders_daily') });
    expect(byRole(Role.Focus)).toEqual(['countries']);
    expect(byRole(Role.Path)).toEqual(['fct_orders', 'orders_daily', 'stg_orders']);
    expect(byRole(Role.Dimmed)).toEqual(['island', 'stg_users', 'users']);
    expect(emphasis.path).toBeDefined();
  });

  it('styles an edge by its ends: on a path, up- or downstream of the focus, or dimmed', () => {
    expect(edgeRole(Role.Upstream, Role.Focus)).toBe(Role.Upstream);
    expect(edgeRole(Role.Upstream, Role.Upstream)).toBe(Role.Upstream);
    expect(edgeRole(Role.Focus, Role.Downstream)).toBe(Role.Downstream);
    expect(edgeRole(Role.Upstream, Role.Downstream)).toBe(Role.Dimmed);
    expect(edgeRole(Role.Focus, Role.Path)).toBe(Role.Path);
    expect(edgeRole(Role.Path, Role.Dimmed)).toBe(Role.Dimmed);
    expect(edgeRole(Role.Normal, Role.Normal)).toBe(Role.Normal);
    expect(edgeRole(Role.Hidden, Role.Focus)).toBe(Role.Hidden);
  });
});

describe('the hit-test grid', () => {
  // three boxes 100 x 20: two side by side, one far below
  const boxes = { x: [0, 150, 0], y: [0, 0, 500], width: 100, height: 20 };
  const grid = new SpatialGrid(boxes, [0, 1, 2]);

  it('finds the box under a point, and nothing between boxes', () => {
    expect(grid.hit(50, 10)).toBe(0);
    expect(grid.hit(200, 5)).toBe(1);
    expect(grid.hit(50, 510)).toBe(2);
    expect(grid.hit(125, 10)).toBe(-1);
    expect(grid.hit(-500, -500)).toBe(-1);
  });

  it('with slack, takes the nearest box within reach', () => {
    expect(grid.hit(130, 10, 30, 0)).toBe(1);
    expect(grid.hit(110, 10, 30, 0)).toBe(0);
    expect(grid.hit(50, 40, 0, 30)).toBe(0);
  });

  it('skips boxes the caller rejects', () => {
    expect(grid.hit(50, 10, 0, 0, (node) => node !== 0)).toBe(-1);
  });
});

describe('the camera', () => {
  it('zooms around the cursor: the world point under it stays put', () => {
    const camera = new Camera();
    camera.panBy(30, 40);
    const before = [camera.toWorldX(200), camera.toWorldY(100)];
    camera.zoomAt(200, 100, 2.5);
    expect(camera.scale).toBe(2.5);
    expect([camera.toWorldX(200), camera.toWorldY(100)].map((v) => Math.round(v * 1e9) / 1e9)).toEqual(
      before.map((v) => Math.round(v * 1e9) / 1e9),
    );
  });

  it('fits bounds in the middle of the viewport, stretching a flat layout a little', () => {
    const camera = new Camera();
    camera.fit({ minX: 0, minY: 0, maxX: 1000, maxY: 100 }, 520, 400, 10);
    expect(camera.scale).toBe(0.5);
    expect(camera.stretch).toBe(1.8);
    expect(camera.toWorldX(260)).toBe(500);
    expect(camera.toWorldY(200)).toBe(50);
  });
});
