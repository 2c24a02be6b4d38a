import { describe, expect, it } from 'vitest';
import { layoutLineage } from '../../../src/docs/lineage-layout.js';
import type { LineageLayout } from '../../../src/docs/site-data.js';

type Edges = Array<[number, number]>;

/** Pairs of boxes in one column closer than a box height (checked in bulk: 35,000 nodes). */
function expectNoOverlap(layout: LineageLayout): void {
  const columns = new Map<number, number[]>();
  layout.x.forEach((x, v) => {
    if (x < 0) return;
    const column = columns.get(x) ?? [];
    column.push(v);
    columns.set(x, column);
  });
  const overlaps: Array<[number, number]> = [];
  for (const nodes of columns.values()) {
    nodes.sort((a, b) => layout.y[a]! - layout.y[b]!);
    for (let i = 1; i < nodes.length; i++) {
      if (layout.y[nodes[i]!]! - layout.y[nodes[i - 1]!]! < layout.nodeHeight)
        overlaps.push([nodes[i - 1]!, nodes[i]!]);
    }
  }
  expect(overlaps).toEqual([]);
}

function expectLeftToRight(layout: LineageLayout, edges: Edges): void {
  const backwards = edges.filter(
    ([parent, child]) =>
      layout.x[parent] !== -1 &&
      layout.x[child] !== -1 &&
      !(layout.x[parent]! + layout.nodeWidth < layout.x[child]! && layout.layer[parent]! < layout.layer[child]!),
  );
  expect(backwards).toEqual([]);
}

function expectInsideBounds(layout: LineageLayout): void {
  const outside = layout.x.flatMap((x, v) => {
    if (x < 0) return [];
    const y = layout.y[v]!;
    return y < 0 || x + layout.nodeWidth > layout.width || y + layout.nodeHeight > layout.height ? [v] : [];
  });
  expect(outside).toEqual([]);
}

/** A graph shaped like a big project: models reading 1-3 recent models, tests on them. */
function syntheticGraph(models: number, tests: number): Edges {
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const edges: Edges = [];
  for (let m = 3; m < models; m++) {
    for (let r = 0; r < 1 + Math.floor(random() * 3); r++)
      edges.push([m - 1 - Math.floor(random() * Math.min(m, 50)), m]);
  }
  for (let t = 0; t < tests; t++) {
    edges.push([Math.floor(random() * models), models + t]);
    if (t % 10 === 0) edges.push([Math.floor(random() * models), models + t]);
  }
  return edges;
}

describe('layoutLineage', () => {
  it('lays out one node at the origin', () => {
    const layout = layoutLineage(1, []);
    expect(layout).toMatchObject({ x: [0], y: [0], layer: [0], width: layout.nodeWidth, height: layout.nodeHeight });
  });

  it('lays out an empty graph', () => {
    expect(layoutLineage(0, [])).toMatchObject({ x: [], y: [], layer: [], width: 0, height: 0 });
  });

  it('stacks disconnected nodes in the first layer without overlap', () => {
    const layout = layoutLineage(4, []);
    expect(layout.layer).toEqual([0, 0, 0, 0]);
    expectNoOverlap(layout);
    expectInsideBounds(layout);
  });

  it('puts each node on the longest path from a root, every edge running left to right', () => {
    // 0 -> 1 -> 2 -> 3, and a shortcut 0 -> 3; 4 -> 3 is a second root
    const edges: Edges = [
      [0, 1],
      [1, 2],
      [2, 3],
      [0, 3],
      [4, 3],
    ];
    const layout = layoutLineage(5, edges);
    expect(layout.layer).toEqual([0, 1, 2, 3, 0]);
    expectLeftToRight(layout, edges);
    expectNoOverlap(layout);
    expectInsideBounds(layout);
  });

  it('places a test one layer right of its last parent', () => {
    // model 0 -> model 1 -> model 2; test 3 reads 0 and 1 (relationships), test 4 reads 2
    const edges: Edges = [
      [0, 1],
      [1, 2],
      [0, 3],
      [1, 3],
      [2, 4],
    ];
    const withTests = layoutLineage(5, edges);
    expect(withTests.layer.slice(3)).toEqual([2, 3]);
    const withoutTests = layoutLineage(5, edges, (v) => v < 3);
    expect(withoutTests.x.slice(3)).toEqual([-1, -1]);
    expect(withoutTests.y.slice(3)).toEqual([-1, -1]);
    expect(withoutTests.layer).toEqual([0, 1, 2, -1, -1]);
  });

  it('orders a layer to uncross edges', () => {
    // roots 0 and 1; 2 reads 1 and 3 reads 0: in number order the edges would cross
    const layout = layoutLineage(4, [
      [1, 2],
      [0, 3],
    ]);
    const rootsAscending = layout.y[0]! < layout.y[1]!;
    expect(layout.y[3]! < layout.y[2]!).toBe(rootsAscending);
  });

  it('ignores repeated edges and self-loops', () => {
    const layout = layoutLineage(2, [
      [0, 1],
      [0, 1],
      [1, 1],
    ]);
    expect(layout.layer).toEqual([0, 1]);
  });

  it('is deterministic', () => {
    const edges = syntheticGraph(300, 500);
    expect(layoutLineage(800, edges)).toEqual(layoutLineage(800, edges));
  });

  it('keeps its guarantees on a 10,000-model, 25,000-test graph', () => {
    const edges = syntheticGraph(10_000, 25_000);
    const withTests = layoutLineage(35_000, edges);
    const withoutTests = layoutLineage(35_000, edges, (v) => v < 10_000);
    for (const layout of [withTests, withoutTests]) {
      expectLeftToRight(layout, edges);
      expectNoOverlap(layout);
      expectInsideBounds(layout);
    }
    expect(withoutTests.x.filter((x) => x >= 0)).toHaveLength(10_000);
  });
});
