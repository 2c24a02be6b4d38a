import type { DependencyGraph } from './build-graph.js';

/** Which way to walk: towards parents (upstream) or children (downstream). */
export type Direction = 'ancestors' | 'descendants';

/**
 * The nodes reachable from `start` in `direction` within `depth` steps (Infinity for
 * no limit), not including the start nodes themselves unless a path leads back to them.
 *
 * A breadth-first search from all start nodes at once, so the cost is O(V + E) however
 * many start nodes there are; level by level, so a depth limit counts the shortest path.
 */
export function reachable(
  graph: DependencyGraph,
  start: Iterable<string>,
  direction: Direction,
  depth = Infinity,
): Set<string> {
  const found = new Set<string>();
  let frontier = [...start];
  const seen = new Set<string>(frontier);
  const visitNeighbors =
    direction === 'ancestors'
      ? (node: string, cb: (n: string) => void) => graph.forEachInNeighbor(node, cb)
      : (node: string, cb: (n: string) => void) => graph.forEachOutNeighbor(node, cb);
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const node of frontier) {
      visitNeighbors(node, (neighbor) => {
        found.add(neighbor);
        if (seen.has(neighbor)) return;
        seen.add(neighbor);
        next.push(neighbor);
      });
    }
    frontier = next;
  }
  return found;
}
