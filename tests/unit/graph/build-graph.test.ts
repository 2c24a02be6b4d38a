import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { genericTest, m, manifestOf, model, s, seed, shopProject, src, t } from './fixtures.js';

describe('buildGraph', () => {
  it('has a node per model, seed, source and test with its resource type and name', () => {
    const graph = buildGraph(shopProject());
    expect(graph.order).toBe(14);
    expect(graph.getNodeAttributes(m('stg_orders'))).toEqual({ resourceType: 'model', name: 'stg_orders' });
    expect(graph.getNodeAttribute(s('countries'), 'resourceType')).toBe('seed');
    expect(graph.getNodeAttribute(src('bronze', 'orders'), 'resourceType')).toBe('source');
    expect(graph.getNodeAttribute(t('not_null_stg_orders_order_id'), 'resourceType')).toBe('test');
  });

  it('draws edges from parent to child', () => {
    const graph = buildGraph(shopProject());
    expect(graph.hasDirectedEdge(src('bronze', 'orders'), m('stg_orders'))).toBe(true);
    expect(graph.outNeighbors(m('fct_orders')).sort()).toEqual([
      m('disabled_daily'),
      m('orders_daily'),
      t('relationships_fct_orders_user_id'),
    ]);
    expect(graph.inNeighbors(t('relationships_fct_orders_user_id')).sort()).toEqual([m('dim_users'), m('fct_orders')]);
  });

  it('keeps one edge when a node refs the same parent twice', () => {
    const graph = buildGraph(manifestOf([seed('a'), model('b', { dependsOn: [s('a'), s('a')] })]));
    expect(graph.size).toBe(1);
  });

  it('throws a plain Error (a bug, not a user error) on an unknown dependency', () => {
    const manifest = manifestOf([model('b', { dependsOn: [m('missing')] })]);
    expect(() => buildGraph(manifest)).toThrowError(/model\.shop\.b depends on model\.shop\.missing/);
    try {
      buildGraph(manifest);
    } catch (error) {
      expect((error as Error).name).toBe('Error');
    }
  });

  it('also holds tests in the graph', () => {
    const manifest = manifestOf([model('a'), genericTest('not_null', [m('a')], { column: 'id' })]);
    expect(buildGraph(manifest).outNeighbors(m('a'))).toEqual([t('not_null_a_id')]);
  });
});
