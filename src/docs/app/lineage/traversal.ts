/**
 * Walks over the adjacency: everything upstream or downstream of a node to a depth, and
 * the nodes on any path between two nodes. Buffers are reused between calls, because a
 * click at 10,000 nodes must not allocate 10,000-element arrays each time.
 */
import type { Adjacency, Neighbours } from './adjacency.js';

export interface Reach {
  /** reached nodes in breadth-first order, the start excluded */
  nodes: Int32Array;
  /** depth of each entry of `nodes` (1 = direct neighbour) */
  depths: Int32Array;
}

export class Traversal {
  private readonly queue: Int32Array;
  private readonly depth: Int32Array;
  private readonly seen: Uint8Array;
  private readonly reachedA: Uint8Array;

  constructor(private readonly adjacency: Adjacency) {
    const count = adjacency.parents.start.length - 1;
    this.queue = new Int32Array(count);
    this.depth = new Int32Array(count);
    this.seen = new Uint8Array(count);
    this.reachedA = new Uint8Array(count);
  }

  /** Nodes upstream of `start` up to `maxDepth` edges away (Infinity for all). */
  upstream(start: number, maxDepth: number): Reach {
    return this.walk(start, this.adjacency.parents, maxDepth);
  }

  downstream(start: number, maxDepth: number): Reach {
    return this.walk(start, this.adjacency.children, maxDepth);
  }

  /**
   * Every node on a directed path between `a` and `b`, in whichever direction one exists
   * (a before b, or b before a), as a mask; undefined when neither reaches the other. An
   * edge u -> v lies on such a path exactly when both ends are in the mask.
   */
  pathBetween(a: number, b: number): Uint8Array | undefined {
    if (a === b) return undefined;
    return this.directedPath(a, b) ?? this.directedPath(b, a);
  }

  private directedPath(from: number, to: number): Uint8Array | undefined {
    const below = this.walk(from, this.adjacency.children, Infinity).nodes;
    this.reachedA.fill(0);
    for (const node of below) this.reachedA[node] = 1;
    if (!this.reachedA[to]) return undefined;
    this.reachedA[from] = 1;
    const above = this.walk(to, this.adjacency.parents, Infinity).nodes;
    const mask = new Uint8Array(this.seen.length);
    mask[to] = 1;
    for (const node of above) if (this.reachedA[node]) mask[node] = 1;
    return mask;
  }

  private walk(start: number, neighbours: Neighbours, maxDepth: number): Reach {
    const { queue, depth, seen } = this;
    seen.fill(0);
    seen[start] = 1;
    depth[start] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    while (head < tail) {
      const node = queue[head++]!;
      const next = depth[node]! + 1;
      if (next > maxDepth) continue;
      for (let k = neighbours.start[node]!, end = neighbours.start[node + 1]!; k < end; k++) {
        const neighbour = neighbours.list[k]!;
        if (seen[neighbour]) continue;
        seen[neighbour] = 1;
        depth[neighbour] = next;
        queue[tail++] = neighbour;
      }
    }
    const nodes = queue.slice(1, tail);
    const depths = new Int32Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) depths[i] = depth[nodes[i]!]!;
    return { nodes, depths };
  }
}
