/**
 * Parents and children of every node as compressed sparse rows: one Int32Array of
 * offsets and one of neighbours per direction. Traversals over 25,000 edges then touch
 * no objects at all.
 */

export interface Neighbours {
  /** neighbours of node i are list[start[i]] ... list[start[i + 1] - 1] */
  start: Int32Array;
  list: Int32Array;
}

export interface Adjacency {
  parents: Neighbours;
  children: Neighbours;
}

export function buildAdjacency(nodeCount: number, edges: ReadonlyArray<readonly [number, number]>): Adjacency {
  return {
    parents: compress(nodeCount, edges, 1, 0),
    children: compress(nodeCount, edges, 0, 1),
  };
}

function compress(nodeCount: number, edges: ReadonlyArray<readonly [number, number]>, from: 0 | 1, to: 0 | 1): Neighbours {
  const start = new Int32Array(nodeCount + 1);
  for (const edge of edges) start[edge[from] + 1]!++;
  for (let i = 0; i < nodeCount; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, nodeCount);
  const list = new Int32Array(edges.length);
  for (const edge of edges) list[fill[edge[from]]!++] = edge[to];
  return { start, list };
}
