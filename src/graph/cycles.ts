import { StrataError } from '../errors/strata-error.js';
import type { Manifest } from '../manifest/types.js';
import { getNode, type ManifestNode } from '../manifest/types.js';
import type { DependencyGraph } from './build-graph.js';

/** 1 = on the current DFS path, 2 = fully explored (absent = not visited yet). */
type Visit = 1 | 2;

interface Frame {
  node: string;
  children: string[];
  next: number;
}

/**
 * Finds one cycle, as the path of unique ids that starts and ends with the same id
 * (`[a, b, a]`), or returns undefined when the graph is acyclic.
 *
 * An iterative depth-first search with an explicit stack: a chain of 10,000 models
 * would overflow the call stack if this recursed. O(V + E).
 */
export function findCycle(graph: DependencyGraph): string[] | undefined {
  const visit = new Map<string, Visit>();
  for (const root of graph.nodes()) {
    if (visit.has(root)) continue;
    visit.set(root, 1);
    const stack: Frame[] = [{ node: root, children: graph.outNeighbors(root), next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.children.length) {
        visit.set(frame.node, 2);
        stack.pop();
        continue;
      }
      const child = frame.children[frame.next++]!;
      const state = visit.get(child);
      if (state === undefined) {
        visit.set(child, 1);
        stack.push({ node: child, children: graph.outNeighbors(child), next: 0 });
      } else if (state === 1) {
        // A back edge: the child is on the current path, so the path from it to here loops.
        const start = stack.findIndex((f) => f.node === child);
        return [...stack.slice(start).map((f) => f.node), child];
      }
    }
  }
  return undefined;
}

/**
 * Throws a StrataError naming the cycle's path when the graph has one, e.g.
 * `Found a cycle: model.shop.a -> model.shop.b -> model.shop.a (a -> b -> a)`, located at the
 * file of the first node of the cycle, with a hint saying which dependency to remove.
 */
export function assertAcyclic(graph: DependencyGraph, manifest: Manifest): void {
  const cycle = findCycle(graph);
  if (cycle === undefined) return;
  const names = cycle.map((id) => getNode(manifest, id)?.name ?? id);
  const first = getNode(manifest, cycle[0]!);
  // The edge closing the loop runs from the second-to-last node into the first one,
  // so the first node's file holds a dependency that breaks the cycle when removed.
  const closingParent = getNode(manifest, cycle[cycle.length - 2]!);
  const closingCall =
    closingParent?.resourceType === 'source'
      ? `source('${closingParent.sourceName}', '${closingParent.tableName}')`
      : `ref('${closingParent?.name ?? cycle[cycle.length - 2]!}')`;
  const where = first ? ` in ${first.origin.file}` : '';
  throw new StrataError(`Found a cycle: ${cycle.join(' -> ')} (${names.join(' -> ')})`, {
    location: first ? { ...first.origin, ...lineOfCall(first, closingParent) } : undefined,
    hint:
      `An arrow x -> y means y selects from x. Nodes cannot depend on themselves through other ` +
      `nodes: remove or redirect one of these dependencies, e.g. the ${closingCall}${where}.`,
  });
}

/** `{ line }` of the ref()/source() call to `parent` in a SQL node without a known line, else `{}`. */
function lineOfCall(node: ManifestNode, parent: ManifestNode | undefined): { line?: number } {
  if (node.origin.line !== undefined || !parent || !('rawSql' in node)) return {};
  const quoted = (text: string) => `['"]${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`;
  const call =
    parent.resourceType === 'source'
      ? new RegExp(`source\\(\\s*${quoted(parent.sourceName)}\\s*,\\s*${quoted(parent.tableName)}`)
      : new RegExp(`ref\\(\\s*${quoted(parent.name)}`);
  const index = node.rawSql.search(call);
  return index < 0 ? {} : { line: node.rawSql.slice(0, index).split('\n').length };
}
