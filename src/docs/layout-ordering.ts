import type { LayoutGraph } from './layout-graph.js';

/** How many down-and-up barycenter sweeps to run; more barely helps on real lineage. */
const SWEEPS = 4;

/**
 * The nodes of each layer, top to bottom, ordered to cut edge crossings: barycenter
 * sweeps, each node moving to the mean position of its parents (down) or children (up).
 * Positions are centred indices, so edges that skip layers compare fairly. Ties keep the
 * previous order, then node number, so the result is the same on every run.
 */
export function orderLayers(graph: LayoutGraph, layer: Int32Array): Int32Array[] {
  const layers = groupByLayer(layer);
  const position = new Float64Array(graph.nodeCount);
  for (const nodes of layers) assignPositions(nodes, position);
  const barycenter = new Float64Array(graph.nodeCount);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let l = 1; l < layers.length; l++) reorder(layers[l]!, graph.parentStart, graph.parents, position, barycenter);
    for (let l = layers.length - 2; l >= 0; l--)
      reorder(layers[l]!, graph.childStart, graph.children, position, barycenter);
  }
  return layers;
}

/** Included nodes per layer, in node-number order. */
function groupByLayer(layer: Int32Array): Int32Array[] {
  let layerCount = 0;
  for (const l of layer) if (l + 1 > layerCount) layerCount = l + 1;
  const sizes = new Int32Array(layerCount);
  for (const l of layer) if (l >= 0) sizes[l]!++;
  const layers = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(layerCount);
  layer.forEach((l, v) => {
    if (l >= 0) layers[l]![filled[l]!++] = v;
  });
  return layers;
}

function assignPositions(nodes: Int32Array, position: Float64Array): void {
  const middle = (nodes.length - 1) / 2;
  for (let i = 0; i < nodes.length; i++) position[nodes[i]!] = i - middle;
}

function reorder(
  nodes: Int32Array,
  start: Int32Array,
  neighbours: Int32Array,
  position: Float64Array,
  barycenter: Float64Array,
): void {
  for (const v of nodes) {
    const from = start[v]!;
    const to = start[v + 1]!;
    if (from === to) {
      barycenter[v] = position[v]!;
      continue;
    }
    let sum = 0;
    for (let e = from; e < to; e++) sum += position[neighbours[e]!]!;
    barycenter[v] = sum / (to - from);
  }
  nodes.sort((a, b) => barycenter[a]! - barycenter[b]! || position[a]! - position[b]! || a - b);
  assignPositions(nodes, position);
}
