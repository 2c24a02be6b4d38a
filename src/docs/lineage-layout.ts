/**
 * The lineage layout, computed at generate time so the browser only draws: a layered
 * (Sugiyama-style) drawing left to right. Layers by longest path, order inside layers by
 * barycenter sweeps, then rows placed near their neighbours without overlapping. Long
 * edges get no dummy nodes: the app draws them as lines across layers.
 */
import type { LineageLayout } from './site-data.js';
import { longestPathLayers, toLayoutGraph, type LayoutGraph } from './layout-graph.js';
import { orderLayers } from './layout-ordering.js';

/** Box and gap sizes, in the layout's units. */
export const LAYOUT_SIZES = { nodeWidth: 240, nodeHeight: 36, layerGap: 120, rowGap: 14 } as const;

/**
 * Lay out the nodes `include` accepts (default: all) of a graph given as parent -> child
 * pairs of node numbers. Deterministic: the same input gives the same coordinates.
 */
export function layoutLineage(
  nodeCount: number,
  edges: ReadonlyArray<readonly [number, number]>,
  include: (node: number) => boolean = () => true,
): LineageLayout {
  const graph = toLayoutGraph(nodeCount, edges, include);
  const layer = longestPathLayers(graph);
  const layers = orderLayers(graph, layer);
  const rows = placeRows(graph, layers);
  const { nodeWidth, nodeHeight, layerGap } = LAYOUT_SIZES;
  let top = Infinity;
  let bottom = -Infinity;
  for (const nodes of layers) {
    for (const v of nodes) {
      top = Math.min(top, rows[v]!);
      bottom = Math.max(bottom, rows[v]!);
    }
  }
  const x = new Array<number>(nodeCount).fill(-1);
  const y = new Array<number>(nodeCount).fill(-1);
  for (let v = 0; v < nodeCount; v++) {
    if (layer[v]! < 0) continue;
    x[v] = layer[v]! * (nodeWidth + layerGap);
    // rows are at least a box plus a gap apart, so rounding cannot make boxes touch
    y[v] = Math.round(rows[v]! - top);
  }
  const layerCount = layers.length;
  return {
    nodeWidth,
    nodeHeight,
    x,
    y,
    layer: Array.from(layer),
    width: layerCount === 0 ? 0 : layerCount * nodeWidth + (layerCount - 1) * layerGap,
    height: layerCount === 0 ? 0 : Math.round(bottom - top) + nodeHeight,
  };
}

/**
 * Vertical positions: each layer stacked in its order, then moved towards its parents
 * (layer by layer, left to right) and towards its children (right to left), always
 * keeping the order and a row's spacing, so edges run as straight as the order allows.
 */
function placeRows(graph: LayoutGraph, layers: Int32Array[]): Float64Array {
  const row = LAYOUT_SIZES.nodeHeight + LAYOUT_SIZES.rowGap;
  const y = new Float64Array(graph.nodeCount);
  for (const nodes of layers) {
    const middle = (nodes.length - 1) / 2;
    nodes.forEach((v, i) => (y[v] = (i - middle) * row));
  }
  for (let l = 1; l < layers.length; l++) alignLayer(layers[l]!, graph.parentStart, graph.parents, y, row);
  for (let l = layers.length - 2; l >= 0; l--) alignLayer(layers[l]!, graph.childStart, graph.children, y, row);
  return y;
}

/** Put each node as near the mean row of its neighbours as order and spacing allow. */
function alignLayer(nodes: Int32Array, start: Int32Array, neighbours: Int32Array, y: Float64Array, row: number): void {
  if (nodes.length === 0) return;
  const wanted = new Float64Array(nodes.length);
  nodes.forEach((v, i) => {
    const from = start[v]!;
    const to = start[v + 1]!;
    let sum = 0;
    for (let e = from; e < to; e++) sum += y[neighbours[e]!]!;
    wanted[i] = from === to ? y[v]! : sum / (to - from);
  });
  // Pack downwards from the wanted rows, then shift the whole layer back by the mean
  // displacement: spacing is kept and the layer stays centred on what it wanted.
  const placed = new Float64Array(nodes.length);
  let drift = 0;
  for (let i = 0; i < nodes.length; i++) {
    placed[i] = i === 0 ? wanted[0]! : Math.max(wanted[i]!, placed[i - 1]! + row);
    drift += placed[i]! - wanted[i]!;
  }
  const shift = drift / nodes.length;
  nodes.forEach((v, i) => (y[v] = placed[i]! - shift));
}
