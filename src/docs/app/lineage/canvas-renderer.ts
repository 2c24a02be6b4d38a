/**
 * Draws the lineage on the page's canvas. The base layer (every shown node and edge) only
 * changes with the camera, the filters or whether anything is focused, so it is kept in
 * an off-screen canvas: a click, a depth change or a hover then costs one copy plus the
 * emphasised part, not a repaint of 10,000 nodes.
 */
import { CANVAS_BACKGROUND, TEXT_COLOUR } from '../palette.js';
import { Role } from './emphasis.js';
import { ScenePainter, type Frame } from './scene-painter.js';

export class CanvasRenderer {
  private readonly context: CanvasRenderingContext2D;
  private readonly base = document.createElement('canvas');
  private readonly baseContext: CanvasRenderingContext2D;
  /** what the base layer shows now; '' when it must be repainted */
  private baseKey = '';
  private readonly painter = new ScenePainter();

  constructor(private readonly canvas: HTMLCanvasElement) {
    const context = canvas.getContext('2d', { alpha: false });
    const baseContext = this.base.getContext('2d', { alpha: false });
    if (!context || !baseContext) throw new Error('This browser cannot draw on a canvas.');
    this.context = context;
    this.baseContext = baseContext;
  }

  /** Match the backing store to the element's size and the screen's pixel ratio. */
  resize(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = this.base.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = this.base.height = Math.max(1, Math.round(height * ratio));
    this.baseKey = '';
  }

  /**
   * Draw a frame. `baseVersion` must change whenever the base layer's content does other
   * than through the camera: filters, layout, hidden unrelated nodes.
   */
  draw(frame: Frame, baseVersion: number): void {
    const ratio = this.canvas.width / Math.max(1, frame.width);
    const { camera } = frame;
    const key = [
      baseVersion,
      frame.view.name,
      frame.focused,
      camera.scale,
      camera.stretch,
      camera.offsetX,
      camera.offsetY,
      this.canvas.width,
      this.canvas.height,
    ].join(' ');
    if (key !== this.baseKey) {
      this.prepare(this.baseContext, ratio, frame);
      this.painter.paint(this.baseContext, frame, 'base');
      this.baseKey = key;
    }
    const ctx = this.context;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.drawImage(this.base, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (frame.focused) this.painter.paint(ctx, frame, 'overlay');
    this.drawHover(frame);
  }

  private prepare(ctx: CanvasRenderingContext2D, ratio: number, frame: Frame): void {
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = CANVAS_BACKGROUND;
    ctx.fillRect(0, 0, frame.width, frame.height);
  }

  private drawHover(frame: Frame): void {
    const node = frame.hovered;
    if (node < 0 || !frame.view.placed[node] || frame.role[node] === Role.Hidden) return;
    const ctx = this.context;
    const { view, camera } = frame;
    const h = Math.max(1.5, view.layout.nodeHeight * camera.scaleY);
    const w = Math.max(2, view.layout.nodeWidth * camera.scale);
    ctx.strokeStyle = TEXT_COLOUR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.roundRect(
      view.x[node]! * camera.scale + camera.offsetX - 2,
      view.y[node]! * camera.scaleY + camera.offsetY - 2,
      w + 4,
      h + 4,
      Math.min(8, h / 4) + 2,
    );
    ctx.stroke();
  }
}
