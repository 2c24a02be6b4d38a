/**
 * The view transform from layout units to CSS pixels: screenX = worldX * scale + offsetX,
 * screenY = worldY * scale * stretch + offsetY. Zooming keeps the world point under the
 * cursor fixed, as maps do. `stretch` (1 to MAX_STRETCH) spreads a wide, flat layout over
 * a screen's height when fitting: taller boxes with larger names instead of empty space.
 */

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const MAX_STRETCH = 1.8;
/** boxes are stretched up to this height (CSS px), not beyond: past it they look swollen */
const STRETCHED_BOX = 26;

export class Camera {
  scale = 1;
  stretch = 1;
  offsetX = 0;
  offsetY = 0;
  minScale = 0.01;
  maxScale = 4;

  toWorldX(screenX: number): number {
    return (screenX - this.offsetX) / this.scale;
  }

  toWorldY(screenY: number): number {
    return (screenY - this.offsetY) / this.scaleY;
  }

  get scaleY(): number {
    return this.scale * this.stretch;
  }

  panBy(dx: number, dy: number): void {
    this.offsetX += dx;
    this.offsetY += dy;
  }

  /** Multiply the scale by `factor` (clamped), keeping the point (screenX, screenY) in place. */
  zoomAt(screenX: number, screenY: number, factor: number): void {
    const scale = Math.min(this.maxScale, Math.max(this.minScale, this.scale * factor));
    const worldX = this.toWorldX(screenX);
    const worldY = this.toWorldY(screenY);
    this.scale = scale;
    this.offsetX = screenX - worldX * scale;
    this.offsetY = screenY - worldY * this.scaleY;
  }

  /**
   * Show `bounds` centred in a viewport of width x height with `padding` pixels around.
   * Stretching stops once a box of `boxHeight` world units would be STRETCHED_BOX px tall.
   */
  fit(
    bounds: Bounds,
    width: number,
    height: number,
    padding: number,
    largestScale = this.maxScale,
    boxHeight = 0,
  ): void {
    const spanX = Math.max(bounds.maxX - bounds.minX, 1e-6);
    const spanY = Math.max(bounds.maxY - bounds.minY, 1e-6);
    const fitX = (width - 2 * padding) / spanX;
    const fitY = (height - 2 * padding) / spanY;
    const scale = Math.min(fitX, fitY, largestScale);
    this.scale = Math.max(this.minScale, Math.min(this.maxScale, scale));
    const stretchLimit = boxHeight > 0 ? STRETCHED_BOX / (boxHeight * this.scale) : MAX_STRETCH;
    this.stretch = Math.max(1, Math.min(MAX_STRETCH, stretchLimit, fitY / this.scale));
    this.offsetX = width / 2 - ((bounds.minX + bounds.maxX) / 2) * this.scale;
    this.offsetY = height / 2 - ((bounds.minY + bounds.maxY) / 2) * this.scaleY;
  }

  /** Centre the world point (x, y) without changing the scale. */
  centreOn(x: number, y: number, width: number, height: number): void {
    this.offsetX = width / 2 - x * this.scale;
    this.offsetY = height / 2 - y * this.scaleY;
  }

  /** The visible world rectangle. */
  visibleWorld(width: number, height: number): Bounds {
    return { minX: this.toWorldX(0), minY: this.toWorldY(0), maxX: this.toWorldX(width), maxY: this.toWorldY(height) };
  }
}
