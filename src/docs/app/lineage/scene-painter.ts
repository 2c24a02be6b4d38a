/**
 * Paints one layer of the lineage onto a 2D context. Built for 10,000 nodes and 25,000
 * edges: only what is inside the viewport is drawn, nodes and edges are grouped by style
 * so each group is one path and one fill or stroke, edges become straight lines and boxes
 * plain rectangles when they are a few pixels big, and labels appear only when they can
 * be read. Layers: `base` is every shown node and edge in one quiet style (normal, or
 * dimmed when a node is focused); `overlay` is what the focus emphasises.
 */
import type { DocsNode } from '../../site-data.js';
import { CANVAS_BACKGROUND, EDGE_COLOURS, MUTED_TEXT_COLOUR, TEXT_COLOUR, TYPE_COLOURS } from '../palette.js';
import type { Camera } from './camera.js';
import { ROLE_COUNT, Role, edgeRole } from './emphasis.js';
import type { LayoutView } from './lineage-model.js';
import { RESOURCE_TYPES } from './lineage-state.js';

export interface Frame {
  view: LayoutView;
  role: Uint8Array;
  /** some node is focused: the base layer is dimmed */
  focused: boolean;
  typeIndex: Uint8Array;
  nodes: readonly DocsNode[];
  camera: Camera;
  /** device pixels per CSS pixel */
  pixelRatio: number;
  /** CSS pixels */
  width: number;
  height: number;
  hovered: number;
}

export type Layer = 'base' | 'overlay';

const TYPE_COUNT = RESOURCE_TYPES.length;
/** the style of an edge from the roles of its ends, as a table: edgeRole runs 25,000 times a frame */
const EDGE_ROLE = new Uint8Array(ROLE_COUNT * ROLE_COUNT);
for (let a = 0; a < ROLE_COUNT; a++)
  for (let b = 0; b < ROLE_COUNT; b++) EDGE_ROLE[a * ROLE_COUNT + b] = edgeRole(a, b);

/** draw order, back to front */
const ROLE_ORDER = [Role.Dimmed, Role.Normal, Role.Upstream, Role.Downstream, Role.Path, Role.Focus];

const EDGE_STYLE: Record<number, { colour: string; width: number; alpha: number }> = {
  [Role.Dimmed]: { colour: EDGE_COLOURS.dimmed, width: 1, alpha: 0.5 },
  [Role.Normal]: { colour: EDGE_COLOURS.normal, width: 1, alpha: 0.75 },
  [Role.Upstream]: { colour: EDGE_COLOURS.upstream, width: 2, alpha: 0.95 },
  [Role.Downstream]: { colour: EDGE_COLOURS.downstream, width: 2, alpha: 0.95 },
  [Role.Path]: { colour: EDGE_COLOURS.path, width: 3, alpha: 1 },
};

/**
 * Lines one device pixel wide are hairlines, which the rasteriser draws an order of magnitude faster
 * than wider ones (4 ms against 90 ms for 20,000 edges in software): a group with more
 * lines than this is drawn as hairlines, colour alone telling its style.
 */
const THICK_LINES_UP_TO = 1500;

/** Screen sizes (CSS px of a node's height) at which detail appears. */
const CURVES_FROM = 6;
const ARROWS_FROM = 10;
const LABELS_FROM = 10;
/** below this box height a label may overflow its box into the layer gap */
const OVERFLOW_BELOW = 26;
const SUBTITLE_FROM = 34;
const LABEL_FONT = '600 {size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const SUBTITLE_FONT = '{size}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const MEASURE_SIZE = 10;
/** how far fillText may squeeze a label before it is cut instead */
const CONDENSE_TO = 0.78;

/** The role a node or edge is painted with in `layer`, Role.Hidden when not in it. */
function layerRole(role: number, layer: Layer, baseRole: Role): number {
  if (role === Role.Hidden) return Role.Hidden;
  if (layer === 'base') return baseRole;
  return role >= Role.Upstream ? role : Role.Hidden;
}

export class ScenePainter {
  /** per style bucket: node numbers to draw this frame; reused between frames */
  private nodeBuckets: Int32Array[] = [];
  private nodeCounts = new Int32Array(ROLE_COUNT * TYPE_COUNT);
  private edgeBuckets: Int32Array[] = [];
  private edgeCounts = new Int32Array(ROLE_COUNT);
  /** label widths at MEASURE_SIZE px, measured once per node on first need (NaN = not yet) */
  private labelWidths = new Float32Array(0);

  paint(ctx: CanvasRenderingContext2D, frame: Frame, layer: Layer): void {
    this.ensureCapacity(frame);
    this.collect(frame, layer);
    const boxHeight = frame.view.layout.nodeHeight * frame.camera.scaleY;
    for (const role of ROLE_ORDER) {
      this.drawEdges(ctx, frame, role, boxHeight);
      this.drawNodes(ctx, frame, role, boxHeight);
    }
    if (boxHeight >= LABELS_FROM) this.drawLabels(ctx, frame, boxHeight);
  }

  private ensureCapacity(frame: Frame): void {
    const nodeCount = frame.role.length;
    if (this.labelWidths.length !== nodeCount) {
      this.labelWidths = new Float32Array(nodeCount).fill(NaN);
      this.nodeBuckets = [];
      this.edgeBuckets = [];
    }
    const members = frame.view.members.length;
    const edges = frame.view.edgeFrom.length;
    for (let b = 0; b < ROLE_COUNT * TYPE_COUNT; b++)
      if ((this.nodeBuckets[b]?.length ?? -1) < members) this.nodeBuckets[b] = new Int32Array(members);
    for (let b = 0; b < ROLE_COUNT; b++)
      if ((this.edgeBuckets[b]?.length ?? -1) < edges) this.edgeBuckets[b] = new Int32Array(edges);
  }

  /** Sort what is on screen into style buckets. */
  private collect(frame: Frame, layer: Layer): void {
    const { view, role, typeIndex, camera } = frame;
    const { x, y, members, edgeFrom, edgeTo } = view;
    const w = view.layout.nodeWidth;
    const h = view.layout.nodeHeight;
    const visible = camera.visibleWorld(frame.width, frame.height);
    const baseRole = frame.focused ? Role.Dimmed : Role.Normal;
    // a node drawn at its minimum on-screen size can stick out a little past its box
    const margin = 4 / camera.scale;
    const marginY = 4 / camera.scaleY;
    const minX = visible.minX - w - margin;
    const maxX = visible.maxX + margin;
    const minY = visible.minY - h - marginY;
    const maxY = visible.maxY + marginY;

    this.nodeCounts.fill(0);
    for (let k = 0; k < members.length; k++) {
      const node = members[k]!;
      const r = layerRole(role[node]!, layer, baseRole);
      if (r === Role.Hidden) continue;
      const nx = x[node]!;
      const ny = y[node]!;
      if (nx < minX || nx > maxX || ny < minY || ny > maxY) continue;
      const bucket = r * TYPE_COUNT + typeIndex[node]!;
      this.nodeBuckets[bucket]![this.nodeCounts[bucket]!++] = node;
    }

    this.edgeCounts.fill(0);
    const halfH = h / 2;
    for (let e = 0; e < edgeFrom.length; e++) {
      const from = edgeFrom[e]!;
      const to = edgeTo[e]!;
      const r = layerRole(EDGE_ROLE[role[from]! * ROLE_COUNT + role[to]!]!, layer, baseRole);
      if (r === Role.Hidden) continue;
      const x1 = x[from]! + w;
      const x2 = x[to]!;
      const y1 = y[from]! + halfH;
      const y2 = y[to]! + halfH;
      if ((x1 < x2 ? x2 : x1) < visible.minX || (x1 < x2 ? x1 : x2) > visible.maxX) continue;
      if ((y1 < y2 ? y2 : y1) < visible.minY || (y1 < y2 ? y1 : y2) > visible.maxY) continue;
      this.edgeBuckets[r]![this.edgeCounts[r]!++] = e;
    }
  }

  private drawEdges(ctx: CanvasRenderingContext2D, frame: Frame, role: Role, boxHeight: number): void {
    const count = this.edgeCounts[role]!;
    const style = EDGE_STYLE[role];
    if (!count || !style) return;
    const { view, camera } = frame;
    const { x, y, edgeFrom, edgeTo } = view;
    const s = camera.scale;
    const sy = camera.scaleY;
    const ox = camera.offsetX;
    const oy = camera.offsetY;
    const w = view.layout.nodeWidth;
    const halfH = view.layout.nodeHeight / 2;
    const bucket = this.edgeBuckets[role]!;
    const curved = boxHeight >= CURVES_FROM;
    const arrow = boxHeight >= ARROWS_FROM ? Math.min(9, 3 + boxHeight / 8) : 0;

    ctx.globalAlpha = style.alpha;
    ctx.strokeStyle = style.colour;
    ctx.lineWidth = count > THICK_LINES_UP_TO ? 1 / frame.pixelRatio : style.width;
    ctx.beginPath();
    for (let k = 0; k < count; k++) {
      const e = bucket[k]!;
      const from = edgeFrom[e]!;
      const to = edgeTo[e]!;
      const x1 = (x[from]! + w) * s + ox;
      const y1 = (y[from]! + halfH) * sy + oy;
      const x2 = x[to]! * s + ox - arrow;
      const y2 = (y[to]! + halfH) * sy + oy;
      ctx.moveTo(x1, y1);
      if (curved) {
        const bend = Math.max(24, Math.abs(x2 - x1) / 2);
        ctx.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
      } else {
        ctx.lineTo(x2, y2);
      }
    }
    ctx.stroke();

    if (arrow) {
      ctx.fillStyle = style.colour;
      ctx.beginPath();
      for (let k = 0; k < count; k++) {
        const to = edgeTo[bucket[k]!]!;
        const tipX = x[to]! * s + ox;
        const tipY = (y[to]! + halfH) * sy + oy;
        ctx.moveTo(tipX, tipY);
        ctx.lineTo(tipX - arrow, tipY - arrow * 0.55);
        ctx.lineTo(tipX - arrow, tipY + arrow * 0.55);
        ctx.closePath();
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  private drawNodes(ctx: CanvasRenderingContext2D, frame: Frame, role: Role, boxHeight: number): void {
    const { view, camera } = frame;
    const { x, y } = view;
    const s = camera.scale;
    const sy = camera.scaleY;
    const ox = camera.offsetX;
    const oy = camera.offsetY;
    // never smaller than a couple of pixels, so a zoomed-out graph still shows every node
    const w = Math.max(2, view.layout.nodeWidth * s);
    const h = Math.max(1.5, boxHeight);
    const rounded = h >= 8;
    const radius = Math.min(8, h / 4);
    const outlined = h >= 6;

    for (let t = 0; t < TYPE_COUNT; t++) {
      const bucket = role * TYPE_COUNT + t;
      const count = this.nodeCounts[bucket]!;
      if (!count) continue;
      const nodes = this.nodeBuckets[bucket]!;
      const colours = TYPE_COLOURS[RESOURCE_TYPES[t]!];
      ctx.globalAlpha = role === Role.Dimmed ? 0.3 : 1;
      ctx.beginPath();
      for (let k = 0; k < count; k++) {
        const node = nodes[k]!;
        const left = x[node]! * s + ox;
        const top = y[node]! * sy + oy;
        if (rounded) ctx.roundRect(left, top, w, h, radius);
        else ctx.rect(left, top, w, h);
      }
      // zoomed out, a box is all border: fill it with the strong colour to keep the hue
      ctx.fillStyle = role === Role.Focus || !outlined ? colours.strong : colours.light;
      ctx.fill();
      if (outlined) {
        ctx.strokeStyle = role === Role.Path ? EDGE_COLOURS.path : role === Role.Focus ? TEXT_COLOUR : colours.strong;
        ctx.lineWidth =
          count > THICK_LINES_UP_TO
            ? 1 / frame.pixelRatio
            : role === Role.Focus || role === Role.Path
              ? 3
              : role === Role.Upstream || role === Role.Downstream
                ? 2
                : 1.25;
        ctx.stroke();
      }
    }
    ctx.globalAlpha = 1;
  }

  private drawLabels(ctx: CanvasRenderingContext2D, frame: Frame, boxHeight: number): void {
    const { view, camera, nodes } = frame;
    const s = camera.scale;
    const w = view.layout.nodeWidth * s;
    // as large as the box's height allows, but not so large that names no longer fit its width
    const fontSize = Math.min(15, Math.max(9, Math.min(boxHeight * 0.6, w * 0.12)));
    const padding = Math.min(12, w * 0.06) + 2;
    // Zoomed out, a name may run on into the gap before the next layer: at 50 nodes fitted
    // to the screen that is what keeps names readable. The gap is free of boxes.
    const gap = view.layerGap;
    const room = w - 2 * padding + (boxHeight < OVERFLOW_BELOW ? gap * s * 0.85 : 0);
    const withSubtitle = boxHeight >= SUBTITLE_FROM;
    const subtitleSize = Math.max(9, Math.min(12, fontSize * 0.8));

    // measure new labels at one reference size; widths scale with the font size
    ctx.font = LABEL_FONT.replace('{size}', String(MEASURE_SIZE));
    this.forEachBucketNode((node) => {
      if (Number.isNaN(this.labelWidths[node]!)) this.labelWidths[node] = ctx.measureText(nodes[node]!.label).width;
    });

    ctx.textBaseline = 'middle';
    ctx.font = LABEL_FONT.replace('{size}', fontSize.toFixed(1));
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    const titleOffset = withSubtitle ? boxHeight * 0.36 : boxHeight / 2;
    const boxRoom = w - 2 * padding;
    this.forEachBucketNode((node, role) => {
      const width = (this.labelWidths[node]! * fontSize) / MEASURE_SIZE;
      // a little too long: let the canvas condense it; much too long: cut it too
      const text = fitText(nodes[node]!.label, width * CONDENSE_TO, room);
      const left = view.x[node]! * s + camera.offsetX + padding;
      const top = view.y[node]! * camera.scaleY + camera.offsetY + titleOffset;
      if (width > boxRoom && role !== Role.Focus) {
        // a halo in the background colour keeps the overflowing part legible over edges
        ctx.strokeStyle = CANVAS_BACKGROUND;
        ctx.strokeText(text, left, top, room);
      }
      ctx.fillStyle = role === Role.Focus ? '#ffffff' : role === Role.Dimmed ? '#a7aebb' : TEXT_COLOUR;
      ctx.fillText(text, left, top, room);
    });
    if (!withSubtitle) return;
    ctx.font = SUBTITLE_FONT.replace('{size}', subtitleSize.toFixed(1));
    this.forEachBucketNode((node, role) => {
      ctx.fillStyle = role === Role.Focus ? '#eef2ff' : role === Role.Dimmed ? '#c2c8d2' : MUTED_TEXT_COLOUR;
      const left = view.x[node]! * s + camera.offsetX + padding;
      const top = view.y[node]! * camera.scaleY + camera.offsetY;
      const docsNode = nodes[node]!;
      const subtitle =
        docsNode.resourceType === 'model' ? `model · ${docsNode.materialization}` : docsNode.resourceType;
      ctx.fillText(subtitle, left, top + boxHeight * 0.7, boxRoom);
    });
  }

  private forEachBucketNode(visit: (node: number, role: number) => void): void {
    for (let bucket = 0; bucket < this.nodeCounts.length; bucket++) {
      const nodes = this.nodeBuckets[bucket]!;
      const role = Math.floor(bucket / TYPE_COUNT);
      for (let k = 0, count = this.nodeCounts[bucket]!; k < count; k++) visit(nodes[k]!, role);
    }
  }
}

/** Cut `text` so it fits `room` pixels, given its (condensed) width; an ellipsis marks the cut. */
function fitText(text: string, width: number, room: number): string {
  if (width <= room) return text;
  if (room <= 0) return '';
  const keep = Math.max(1, Math.floor((text.length * room) / width) - 1);
  return `${text.slice(0, keep)}…`;
}
