/**
 * Everything the lineage view derives from the site data, built once per page load:
 * adjacency, per-node type and folder numbers, and for each precomputed layout the nodes
 * it places, its edges as typed arrays and its hit-test grid (built on first use).
 */
import type { DocsResourceType, LineageLayout, SiteData } from '../../site-data.js';
import { buildAdjacency, type Adjacency } from './adjacency.js';
import { RESOURCE_TYPES } from './lineage-state.js';
import { SpatialGrid } from './spatial-grid.js';
import { Traversal } from './traversal.js';

export type LayoutName = 'withoutTests' | 'withTests';

export interface LayoutView {
  name: LayoutName;
  layout: LineageLayout;
  x: Float64Array;
  y: Float64Array;
  /** node numbers placed by this layout */
  members: Int32Array;
  /** 1 when the node is placed */
  placed: Uint8Array;
  /** free space between neighbouring layers (layout units), measured from the positions */
  layerGap: number;
  /** edges whose both ends are placed */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  grid: SpatialGrid;
}

export class LineageModel {
  readonly nodeCount: number;
  readonly adjacency: Adjacency;
  readonly traversal: Traversal;
  /** index into RESOURCE_TYPES per node */
  readonly typeIndex: Uint8Array;
  private readonly numbers = new Map<string, number>();
  private readonly layoutViews = new Map<LayoutName, LayoutView>();

  constructor(readonly data: SiteData) {
    this.nodeCount = data.nodes.length;
    this.adjacency = buildAdjacency(this.nodeCount, data.edges);
    this.traversal = new Traversal(this.adjacency);
    this.typeIndex = new Uint8Array(this.nodeCount);
    data.nodes.forEach((node, i) => {
      this.typeIndex[i] = Math.max(0, RESOURCE_TYPES.indexOf(node.resourceType));
      this.numbers.set(node.uniqueId, i);
    });
  }

  nodeNumber(uniqueId: string): number | undefined {
    return this.numbers.get(uniqueId);
  }

  resourceType(node: number): DocsResourceType {
    return RESOURCE_TYPES[this.typeIndex[node]!]!;
  }

  layoutView(name: LayoutName): LayoutView {
    let view = this.layoutViews.get(name);
    if (!view) {
      view = buildLayoutView(name, this.data.layouts[name], this.data.edges, this.nodeCount);
      this.layoutViews.set(name, view);
    }
    return view;
  }
}

function buildLayoutView(
  name: LayoutName,
  layout: LineageLayout,
  edges: SiteData['edges'],
  nodeCount: number,
): LayoutView {
  const x = Float64Array.from(layout.x);
  const y = Float64Array.from(layout.y);
  const placed = new Uint8Array(nodeCount);
  const members: number[] = [];
  for (let i = 0; i < nodeCount; i++) {
    if ((x[i] ?? -1) !== -1) {
      placed[i] = 1;
      members.push(i);
    }
  }
  let edgeCount = 0;
  for (const [from, to] of edges) if (placed[from] && placed[to]) edgeCount++;
  const edgeFrom = new Int32Array(edgeCount);
  const edgeTo = new Int32Array(edgeCount);
  let k = 0;
  for (const [from, to] of edges) {
    if (!placed[from] || !placed[to]) continue;
    edgeFrom[k] = from;
    edgeTo[k++] = to;
  }
  const memberArray = Int32Array.from(members);
  const grid = new SpatialGrid({ x, y, width: layout.nodeWidth, height: layout.nodeHeight }, memberArray);
  return {
    name,
    layout,
    x,
    y,
    members: memberArray,
    placed,
    layerGap: measureLayerGap(x, memberArray, layout.nodeWidth),
    edgeFrom,
    edgeTo,
    grid,
  };
}

function measureLayerGap(x: Float64Array, members: Int32Array, nodeWidth: number): number {
  const columns = [...new Set(Array.from(members, (node) => x[node]!))].sort((a, b) => a - b);
  let gap = Infinity;
  for (let i = 1; i < columns.length; i++) gap = Math.min(gap, columns[i]! - columns[i - 1]! - nodeWidth);
  return Number.isFinite(gap) && gap > 0 ? gap : 0;
}
