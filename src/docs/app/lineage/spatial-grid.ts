/**
 * A uniform grid over the layout for hit tests: the cell under the pointer holds the few
 * boxes that overlap it, so finding the node under the cursor is O(1) at any graph size.
 */

/** cells one hit test may look at */
const MAX_CELLS_PER_HIT = 2500;

export interface Box {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  width: number;
  height: number;
}

export class SpatialGrid {
  private readonly cellWidth: number;
  private readonly cellHeight: number;
  private readonly columns: number;
  private readonly rows: number;
  private readonly originX: number;
  private readonly originY: number;
  /** nodes in cell c are items[cellStart[c]] ... items[cellStart[c + 1] - 1] */
  private readonly cellStart: Int32Array;
  private readonly items: Int32Array;

  constructor(
    private readonly boxes: Box,
    members: ArrayLike<number>,
  ) {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      minX = Math.min(minX, boxes.x[i]!);
      minY = Math.min(minY, boxes.y[i]!);
      maxX = Math.max(maxX, boxes.x[i]! + boxes.width);
      maxY = Math.max(maxY, boxes.y[i]! + boxes.height);
    }
    if (!members.length) minX = minY = maxX = maxY = 0;
    this.originX = minX;
    this.originY = minY;
    // about one box per cell in a dense column, and never more than ~1M cells
    this.cellWidth = Math.max(boxes.width, (maxX - minX) / 1024, 1e-9);
    this.cellHeight = Math.max(boxes.height * 2, (maxY - minY) / 1024, 1e-9);
    this.columns = Math.max(1, Math.ceil((maxX - minX) / this.cellWidth));
    this.rows = Math.max(1, Math.ceil((maxY - minY) / this.cellHeight));

    const cellCount = this.columns * this.rows;
    const counts = new Int32Array(cellCount + 1);
    this.forEachCell(members, (cell) => counts[cell + 1]!++);
    for (let c = 0; c < cellCount; c++) counts[c + 1]! += counts[c]!;
    this.cellStart = counts;
    this.items = new Int32Array(counts[cellCount]!);
    const fill = counts.slice(0, cellCount);
    this.forEachCell(members, (cell, node) => (this.items[fill[cell]!++] = node));
  }

  /**
   * The node under (x, y): the topmost box containing it, else the box nearest to it
   * within `slackX` / `slackY` world units (zoomed far out, boxes are thinner than a
   * pixel and could not be clicked otherwise). -1 when none; `accept` filters candidates.
   */
  hit(x: number, y: number, slackX = 0, slackY = 0, accept: (node: number) => boolean = () => true): number {
    const c0 = Math.max(0, Math.floor((x - slackX - this.originX) / this.cellWidth));
    const c1 = Math.min(this.columns - 1, Math.floor((x + slackX - this.originX) / this.cellWidth));
    const r0 = Math.max(0, Math.floor((y - slackY - this.originY) / this.cellHeight));
    const r1 = Math.min(this.rows - 1, Math.floor((y + slackY - this.originY) / this.cellHeight));
    // zoomed out beyond reason the slack spans the whole grid; a click is then a guess anyway
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > MAX_CELLS_PER_HIT) return -1;
    const { x: xs, y: ys, width, height } = this.boxes;
    let best = -1;
    let bestDistance = Infinity;
    for (let row = r0; row <= r1; row++) {
      for (let column = c0; column <= c1; column++) {
        const cell = row * this.columns + column;
        for (let k = this.cellStart[cell + 1]! - 1; k >= this.cellStart[cell]!; k--) {
          const node = this.items[k]!;
          const dx = Math.max(0, xs[node]! - x, x - (xs[node]! + width));
          const dy = Math.max(0, ys[node]! - y, y - (ys[node]! + height));
          if (dx > slackX || dy > slackY) continue;
          // distance in slack units, so x and y weigh alike on screen
          const distance = (slackX ? dx / slackX : dx) ** 2 + (slackY ? dy / slackY : dy) ** 2;
          if (distance < bestDistance && accept(node)) {
            best = node;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }

  private forEachCell(members: ArrayLike<number>, visit: (cell: number, node: number) => void): void {
    const { x: xs, y: ys, width, height } = this.boxes;
    for (let k = 0; k < members.length; k++) {
      const node = members[k]!;
      const c0 = Math.floor((xs[node]! - this.originX) / this.cellWidth);
      const c1 = Math.min(this.columns - 1, Math.floor((xs[node]! + width - this.originX) / this.cellWidth));
      const r0 = Math.floor((ys[node]! - this.originY) / this.cellHeight);
      const r1 = Math.min(this.rows - 1, Math.floor((ys[node]! + height - this.originY) / this.cellHeight));
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * this.columns + c, node);
    }
  }
}
