/**
 * The lineage graph in the compact form the layout works on: node numbers and typed
 * arrays (compressed adjacency lists), so 35,000 nodes lay out in milliseconds.
 */
import { compressEdges } from './compressed-rows.js';

/** Parents and children of each node: `parents.subarray(parentStart[v], parentStart[v + 1])`. */
export interface LayoutGraph {
  nodeCount: number;
  /** 1 when the node takes part in this layout */
  included: Uint8Array;
  parentStart: Int32Array;
  parents: Int32Array;
  childStart: Int32Array;
  children: Int32Array;
}

/** Keep the edges between included nodes (self-loops and repeats dropped) in both directions. */
export function toLayoutGraph(
  nodeCount: number,
  edges: ReadonlyArray<readonly [number, number]>,
  include: (node: number) => boolean,
): LayoutGraph {
  const included = new Uint8Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) included[v] = include(v) ? 1 : 0;
  const seen = new Set<number>();
  const kept: Array<readonly [number, number]> = [];
  for (const edge of edges) {
    const [parent, child] = edge;
    if (parent === child || !included[parent] || !included[child]) continue;
    const key = parent * nodeCount + child;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(edge);
  }
  const parents = compressEdges(nodeCount, kept, 1, 0);
  const children = compressEdges(nodeCount, kept, 0, 1);
  return {
    nodeCount,
    included,
    parentStart: parents.start,
    parents: parents.list,
    childStart: children.start,
    children: children.list,
  };
}

/**
 * Layer of each included node: the longest path from a root (-1 when not included), so
 * every edge points to a higher layer and a test sits one layer right of its last parent.
 * Kahn's order; a cycle, which the parser already rejects, would leave its nodes on the
 * layer after their placed parents rather than loop.
 */
export function longestPathLayers(graph: LayoutGraph): Int32Array {
  const { nodeCount, included, parentStart, childStart, children } = graph;
  const layer = new Int32Array(nodeCount).fill(-1);
  const waiting = new Int32Array(nodeCount);
  const queue = new Int32Array(nodeCount);
  let tail = 0;
  for (let v = 0; v < nodeCount; v++) {
    if (!included[v]) continue;
    waiting[v] = parentStart[v + 1]! - parentStart[v]!;
    layer[v] = 0;
    if (waiting[v] === 0) queue[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = childStart[v]!; e < childStart[v + 1]!; e++) {
      const child = children[e]!;
      if (layer[v]! + 1 > layer[child]!) layer[child] = layer[v]! + 1;
      if (--waiting[child]! === 0) queue[tail++] = child;
    }
  }
  return layer;
}
