/**
 * Parents and children of every node as compressed sparse rows: one Int32Array of
 * offsets and one of neighbours per direction. Traversals over 25,000 edges then touch
 * no objects at all.
 */

import { compressEdges, type Neighbours } from '../../compressed-rows.js';

export type { Neighbours };

export interface Adjacency {
  parents: Neighbours;
  children: Neighbours;
}

export function buildAdjacency(nodeCount: number, edges: ReadonlyArray<readonly [number, number]>): Adjacency {
  return {
    parents: compressEdges(nodeCount, edges, 1, 0),
    children: compressEdges(nodeCount, edges, 0, 1),
  };
}
