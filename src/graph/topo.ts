import type { DependencyGraph } from './build-graph.js';
import { MinHeap } from './min-heap.js';
import { reachable } from './traverse.js';

/**
 * The nodes of `ids` in dependency order (parents first), by Kahn's algorithm. Among
 * nodes ready at the same time the smaller name comes first (then the unique id), so
 * the order is the same on every run.
 *
 * Dependencies through nodes outside `ids` still count: if a -> x -> c and only a and c
 * are given, a comes before c. To get that, the walk covers `ids` plus their ancestors
 * (a closed set, so every parent of a node in it is in it too) and drops the extras
 * from the output; extras are released first so they never hold back a given node.
 *
 * @throws Error when an id is not in the graph or the graph has a cycle: callers run
 *   assertAcyclic first, so either is a bug.
 */
export function topologicalOrder(graph: DependencyGraph, ids: Set<string>): string[] {
  for (const id of ids) {
    if (!graph.hasNode(id)) throw new Error(`Bug: topologicalOrder got ${id}, which is not in the graph`);
  }
  const scope = reachable(graph, ids, 'ancestors');
  for (const id of ids) scope.add(id);

  // Heap entries carry their sort key so comparisons never go back to the graph.
  const entry = (id: string): ReadyNode => ({ id, name: graph.getNodeAttribute(id, 'name'), wanted: ids.has(id) });
  const ready = new MinHeap<ReadyNode>(compareReady);
  // All parents of a scope node are in scope, so the full in-degree is the one to wait for.
  const waiting = new Map<string, number>();
  for (const node of scope) {
    const degree = graph.inDegree(node);
    if (degree === 0) ready.push(entry(node));
    else waiting.set(node, degree);
  }

  const order: string[] = [];
  let released = 0;
  while (ready.size > 0) {
    const node = ready.pop()!.id;
    released++;
    if (ids.has(node)) order.push(node);
    graph.forEachOutNeighbor(node, (child) => {
      const left = waiting.get(child);
      if (left === undefined) return; // outside the scope
      if (left === 1) {
        waiting.delete(child);
        ready.push(entry(child));
      } else {
        waiting.set(child, left - 1);
      }
    });
  }
  if (released !== scope.size) {
    throw new Error('Bug: topologicalOrder found a cycle; call assertAcyclic before ordering');
  }
  return order;
}

interface ReadyNode {
  id: string;
  name: string;
  /** in `ids`, as opposed to an ancestor walked only for its ordering constraints */
  wanted: boolean;
}

/** Ancestors outside `ids` first (they only unlock others), then by name, then by unique id. */
function compareReady(a: ReadyNode, b: ReadyNode): number {
  if (a.wanted !== b.wanted) return a.wanted ? 1 : -1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
