import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { topologicalOrder } from '../../../src/graph/topo.js';
import { m, manifestOf, model, s, seed, shopProject } from './fixtures.js';

describe('topologicalOrder', () => {
  it('puts parents first and breaks ties by name', () => {
    const manifest = manifestOf([
      model('zeta'),
      model('alpha', { dependsOn: [m('zeta')] }),
      model('beta'),
      seed('gamma'),
      model('delta', { dependsOn: [m('alpha'), s('gamma')] }),
    ]);
    const graph = buildGraph(manifest);
    const all = new Set(graph.nodes());
    expect(topologicalOrder(graph, all)).toEqual([m('beta'), s('gamma'), m('zeta'), m('alpha'), m('delta')]);
  });

  it('is deterministic whatever the insertion order', () => {
    const nodes = [model('c'), model('a'), model('b'), model('d', { dependsOn: [m('c')] })];
    const one = buildGraph(manifestOf(nodes));
    const two = buildGraph(manifestOf([...nodes].reverse()));
    expect(topologicalOrder(one, new Set(one.nodes()))).toEqual(topologicalOrder(two, new Set(two.nodes())));
  });

  it('orders a subset, keeping dependencies through nodes left out', () => {
    // a_last -> x -> b_first: b_first must follow a_last although x is not asked for.
    const manifest = manifestOf([
      model('a_last'),
      model('x', { dependsOn: [m('a_last')] }),
      model('b_first', { dependsOn: [m('x')] }),
      model('c_free'),
    ]);
    const graph = buildGraph(manifest);
    expect(topologicalOrder(graph, new Set([m('b_first'), m('a_last'), m('c_free')]))).toEqual([
      m('a_last'),
      m('b_first'),
      m('c_free'),
    ]);
  });

  it('orders the whole shop project consistently with its edges', () => {
    const graph = buildGraph(shopProject());
    const order = topologicalOrder(graph, new Set(graph.nodes()));
    expect(order).toHaveLength(graph.order);
    const position = new Map(order.map((id, i) => [id, i]));
    graph.forEachEdge((_edge, _attributes, parent, child) => {
      expect(position.get(parent)!).toBeLessThan(position.get(child)!);
    });
  });

  it('throws a plain Error on a cycle or an unknown id', () => {
    const graph = buildGraph(manifestOf([model('a', { dependsOn: [m('b')] }), model('b', { dependsOn: [m('a')] })]));
    expect(() => topologicalOrder(graph, new Set([m('a')]))).toThrowError(/assertAcyclic/);
    expect(() => topologicalOrder(graph, new Set(['model.shop.nope']))).toThrowError(/not in the graph/);
  });
});
