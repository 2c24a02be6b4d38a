import { DirectedGraph } from 'graphology';
import type { Manifest, ResourceType } from '../manifest/types.js';
import { allNodes } from '../manifest/types.js';

/**
 * What the graph keeps per node. Deliberately small: the manifest stays the source of
 * truth for everything else, and two strings per node keep a 20,000-node graph light.
 */
export interface GraphNodeAttributes {
  resourceType: ResourceType;
  /** the node's name, used to order ties deterministically (see topologicalOrder) */
  name: string;
}

/** The dependency graph: one node per unique id, edges run parent -> child. */
export type DependencyGraph = DirectedGraph<GraphNodeAttributes>;

/**
 * Builds the dependency graph of every model, seed, source and test in the manifest,
 * with an edge from each id in a node's `dependsOn` to the node.
 *
 * @throws Error (not a StrataError) when a node depends on an id the manifest lacks:
 *   the parser resolves refs and reports unknown ones to the user, so reaching this is a bug.
 */
export function buildGraph(manifest: Manifest): DependencyGraph {
  const graph: DependencyGraph = new DirectedGraph<GraphNodeAttributes>();
  const nodes = allNodes(manifest);
  for (const node of nodes) {
    graph.addNode(node.uniqueId, { resourceType: node.resourceType, name: node.name });
  }
  for (const node of nodes) {
    for (const parent of node.dependsOn) {
      if (!graph.hasNode(parent)) {
        throw new Error(`Bug: ${node.uniqueId} depends on ${parent}, which is not in the manifest`);
      }
      // A model may ref the same parent twice; the graph is simple, so keep one edge.
      if (!graph.hasDirectedEdge(parent, node.uniqueId)) graph.addDirectedEdge(parent, node.uniqueId);
    }
  }
  return graph;
}
