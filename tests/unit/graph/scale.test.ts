import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { assertAcyclic } from '../../../src/graph/cycles.js';
import { selectNodes } from '../../../src/graph/select.js';
import { topologicalOrder } from '../../../src/graph/topo.js';
import type { ManifestNode } from '../../../src/manifest/types.js';
import { genericTest, m, manifestOf, model } from './fixtures.js';

/**
 * Large graphs: everything here is iterative and linear, so a 10,000-model chain must not
 * overflow the stack and a 20,000-node project must finish in well under the test timeout.
 */
describe('at scale', () => {
  it('handles a 10,000-model chain end to end', () => {
    const count = 10_000;
    const nodes = Array.from({ length: count }, (_, i) =>
      model(`c${i}`, { dependsOn: i === 0 ? [] : [m(`c${i - 1}`)] }),
    );
    const manifest = manifestOf(nodes);
    const graph = buildGraph(manifest);
    expect(() => assertAcyclic(graph, manifest)).not.toThrow();
    expect(selectNodes(manifest, graph, { select: [`+c${count - 1}`] }).selected.size).toBe(count);
    expect(selectNodes(manifest, graph, { select: ['@c5000'] }).selected.size).toBe(count);
    expect(selectNodes(manifest, graph, { select: ['c0+3'] }).selected.size).toBe(4);
    const order = topologicalOrder(graph, new Set([m(`c${count - 1}`), m('c0')]));
    expect(order).toEqual([m('c0'), m(`c${count - 1}`)]);
  });

  it('selects over a 20,000-node project with many methods', () => {
    const nodes: ManifestNode[] = [];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let i = 0; i < 15_000; i++) {
      const parents = i < 10 ? [] : [m(`n${random(i)}`), m(`n${random(i)}`)];
      nodes.push(model(`n${i}`, { folder: `layer${i % 10}`, tags: [`t${i % 50}`], dependsOn: parents }));
    }
    for (let i = 0; i < 5_000; i++) nodes.push(genericTest('not_null', [m(`n${i * 3}`)], { column: 'id' }));
    const manifest = manifestOf(nodes);
    const graph = buildGraph(manifest);
    assertAcyclic(graph, manifest);
    const result = selectNodes(manifest, graph, {
      select: ['tag:t1+', 'path:models/layer3,n1*', 'config.materialized:view,+n14999', '@n7000', 'n1 n2 n3'],
      exclude: ['tag:t2'],
      indirectSelection: 'eager',
    });
    expect(result.selected.size).toBeGreaterThan(1_000);
    expect(topologicalOrder(graph, result.selected)).toHaveLength(result.selected.size);
  });
});
