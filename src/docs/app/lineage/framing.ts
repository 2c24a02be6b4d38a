/**
 * Where the camera looks: fitting a set of nodes, the first view of a big graph, and
 * bringing a node into view. Pure functions over a camera and a layout.
 */
import type { Bounds, Camera } from './camera.js';
import type { LayoutView } from './lineage-model.js';

export interface Viewport {
  /** CSS pixels */
  width: number;
  height: number;
}

const FIT_PADDING = 40;
/** fitting a handful of nodes should not blow them up past a comfortable reading size */
const FIT_LARGEST_SCALE = 1.2;
/** CSS px: when fitting everything makes boxes smaller than this, start at the sources */
const SMALLEST_START_BOX = 4;
/** CSS px: the box height of that start, where names are comfortably legible */
const READABLE_BOX = 22;

/** The bounding box of the placed nodes `include` accepts. */
export function boundsOf(view: LayoutView, include: (node: number) => boolean): Bounds | undefined {
  const { x, y, members, layout } = view;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of members) {
    if (!include(node)) continue;
    minX = Math.min(minX, x[node]!);
    minY = Math.min(minY, y[node]!);
    maxX = Math.max(maxX, x[node]! + layout.nodeWidth);
    maxY = Math.max(maxY, y[node]! + layout.nodeHeight);
  }
  return minX === Infinity ? undefined : { minX, minY, maxX, maxY };
}

/** Fit the nodes `include` accepts into the viewport. */
export function fitNodes(
  camera: Camera,
  view: LayoutView,
  include: (node: number) => boolean,
  viewport: Viewport,
): void {
  const whole = boundsOf(view, () => true);
  // never zoom out further than a tenth of what shows the whole graph
  if (whole) {
    const fitAll = Math.min(
      viewport.width / (whole.maxX - whole.minX || 1),
      viewport.height / (whole.maxY - whole.minY || 1),
    );
    camera.minScale = Math.min(0.5, 0.1 * fitAll);
  }
  const bounds = boundsOf(view, include);
  if (bounds)
    camera.fit(bounds, viewport.width, viewport.height, FIT_PADDING, FIT_LARGEST_SCALE, view.layout.nodeHeight);
}

/**
 * The first view: the shown nodes fitted when that leaves boxes big enough to see; for a
 * graph much bigger than the screen, its sources (left edge, vertically centred) at a
 * zoom where names can be read.
 */
export function frameStart(
  camera: Camera,
  view: LayoutView,
  shown: (node: number) => boolean,
  viewport: Viewport,
): void {
  fitNodes(camera, view, shown, viewport);
  const { nodeHeight } = view.layout;
  if (nodeHeight * camera.scaleY >= SMALLEST_START_BOX) return;
  const bounds = boundsOf(view, shown);
  if (!bounds) return;
  camera.scale = Math.min(FIT_LARGEST_SCALE, READABLE_BOX / nodeHeight);
  camera.stretch = 1;
  camera.offsetX = FIT_PADDING - bounds.minX * camera.scale;
  camera.offsetY = viewport.height / 2 - ((bounds.minY + bounds.maxY) / 2) * camera.scaleY;
}

/** Centre `node` if any of its box is off screen; leave the camera alone otherwise. */
export function revealNode(camera: Camera, view: LayoutView, node: number, viewport: Viewport): void {
  const { x, y, layout } = view;
  const left = x[node]! * camera.scale + camera.offsetX;
  const top = y[node]! * camera.scaleY + camera.offsetY;
  const inside =
    left >= 0 &&
    top >= 0 &&
    left + layout.nodeWidth * camera.scale <= viewport.width &&
    top + layout.nodeHeight * camera.scaleY <= viewport.height;
  if (!inside)
    camera.centreOn(x[node]! + layout.nodeWidth / 2, y[node]! + layout.nodeHeight / 2, viewport.width, viewport.height);
}
