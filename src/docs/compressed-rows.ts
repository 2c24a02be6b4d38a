/**
 * Neighbour lists as compressed sparse rows: one Int32Array of offsets and one of
 * neighbours, so walking 35,000 edges touches no objects. Shared by the generate-time
 * layout and the browser's lineage traversals; it must stay free of Node imports.
 */

export interface Neighbours {
  /** neighbours of node i are list[start[i]] ... list[start[i + 1] - 1] */
  start: Int32Array;
  list: Int32Array;
}

/** Rows keyed by `edge[from]` holding `edge[to]`, in edge order. */
export function compressEdges(
  nodeCount: number,
  edges: ReadonlyArray<readonly [number, number]>,
  from: 0 | 1,
  to: 0 | 1,
): Neighbours {
  const start = new Int32Array(nodeCount + 1);
  for (const edge of edges) start[edge[from] + 1]!++;
  for (let i = 0; i < nodeCount; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, nodeCount);
  const list = new Int32Array(edges.length);
  for (const edge of edges) list[next[edge[from]]!++] = edge[to];
  return { start, list };
}
