/**
 * The lineage page: toolbar, canvas and side panel around one LineageState. A state
 * change recomputes the emphasis once; pan, zoom and hover only redraw. Redraws are
 * coalesced into one per animation frame, and each completed draw leaves a
 * `strata:lineage-drawn` performance mark for the benchmark and the browser tests.
 */
import { h } from '../dom.js';
import { lineageHref, nodeHref } from '../routes.js';
import type { SearchIndex } from '../search-index.js';
import { Camera } from './camera.js';
import { listenToCanvas } from './canvas-input.js';
import { CanvasRenderer } from './canvas-renderer.js';
import { computeEmphasis, Role, type Emphasis } from './emphasis.js';
import { fitNodes, frameStart, revealNode, type Viewport } from './framing.js';
import { lineageLegend } from './legend.js';
import type { LayoutName, LayoutView, LineageModel } from './lineage-model.js';
import { LineagePanel } from './lineage-panel.js';
import { paramsFromState, stateFromParams, type LineageState } from './lineage-state.js';
import { LineageToolbar } from './lineage-toolbar.js';

export const DRAWN_MARK = 'strata:lineage-drawn';
/** draws whose marks are kept before the list is cleared */
const MARKS_KEPT = 5000;
/** CSS px around a box that still count as a click on it */
const HIT_SLACK = 4;

/**
 * `window.strataLineage` while the lineage page is open: where a node is on the canvas,
 * so browser tests and the benchmark can click it like a user would.
 */
export interface LineageProbe {
  /** centre of the node's box in CSS pixels relative to the canvas; null when not drawn */
  locate(uniqueId: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    strataLineage?: LineageProbe;
  }
}

/** What outlives one visit to the page: where the camera was, per layout. */
export type SavedCameras = Map<LayoutName, Camera>;

export class LineageView {
  readonly element: HTMLElement;
  private state: LineageState;
  private view: LayoutView;
  private emphasis: Emphasis;
  private readonly canvas = h('canvas', {
    class: 'lineage-canvas',
    tabindex: 0,
    role: 'img',
    'aria-label': 'Lineage graph; the panel beside it lists the focused node’s upstream and downstream nodes',
  });
  private readonly tooltip = h('div', { class: 'lineage-tooltip', hidden: true, role: 'tooltip' });
  private readonly renderer: CanvasRenderer;
  private readonly toolbar: LineageToolbar;
  private readonly panel: LineagePanel;
  private width = 0;
  private height = 0;
  private hovered = -1;
  private frameRequest = 0;
  private drawsSinceClear = 0;
  /** bumped when what the renderer's cached base layer shows changes (see baseSignature) */
  private baseVersion = 0;
  private baseSignature = '';
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly model: LineageModel,
    search: SearchIndex,
    params: URLSearchParams,
    private readonly cameras: SavedCameras,
  ) {
    this.state = stateFromParams(params, (id) => model.nodeNumber(id));
    this.view = model.layoutView(this.layoutName());
    this.emphasis = computeEmphasis(model, this.view, this.state);
    this.noteBaseChanges();
    this.renderer = new CanvasRenderer(this.canvas);
    this.toolbar = new LineageToolbar(model.data, (change) => this.update(change));
    this.panel = new LineagePanel(model.data, search, {
      focus: (node) => this.update({ focus: node, pathTo: -1 }, { reveal: true }),
      clearFocus: () => this.update({ focus: -1, pathTo: -1 }),
      clearPath: () => this.update({ pathTo: -1 }),
    });
    const zoomIn = h(
      'button',
      { type: 'button', class: 'icon-button', title: 'Zoom in', 'aria-label': 'Zoom in' },
      '+',
    );
    const zoomOut = h(
      'button',
      { type: 'button', class: 'icon-button', title: 'Zoom out', 'aria-label': 'Zoom out' },
      '−',
    );
    const fit = h('button', { type: 'button', class: 'icon-button wide', title: 'Fit to screen (0)' }, 'Fit');
    zoomIn.addEventListener('click', () => this.zoomAt(this.width / 2, this.height / 2, 1.4));
    zoomOut.addEventListener('click', () => this.zoomAt(this.width / 2, this.height / 2, 1 / 1.4));
    fit.addEventListener('click', () => this.fit());
    this.element = h(
      'section',
      { class: 'lineage', 'aria-label': 'Lineage' },
      this.toolbar.element,
      h(
        'div',
        { class: 'lineage-body' },
        h(
          'div',
          { class: 'lineage-stage' },
          this.canvas,
          this.tooltip,
          h('div', { class: 'zoom-controls' }, zoomIn, zoomOut, fit),
          lineageLegend(),
        ),
        this.panel.element,
      ),
    );
    this.toolbar.show(this.state);
    this.panel.render(this.state, this.emphasis);
  }

  /** Call once the element is in the document, so it has a size. */
  mounted(): void {
    this.measure();
    // a focus in the URL wins; otherwise come back to where the camera was
    if (this.state.focus !== -1) this.fit();
    else if (!this.cameras.has(this.view.name))
      frameStart(this.camera(), this.view, (node) => this.emphasis.role[node] !== Role.Hidden, this.viewport());
    const resize = new ResizeObserver(() => {
      this.measure();
      this.requestDraw();
    });
    resize.observe(this.canvas.parentElement!);
    this.cleanups.push(() => resize.disconnect());
    this.cleanups.push(
      listenToCanvas(this.canvas, {
        pan: (dx, dy) => {
          this.camera().panBy(dx, dy);
          this.requestDraw();
        },
        zoomAt: (x, y, factor) => this.zoomAt(x, y, factor),
        click: (x, y, shiftKey) => this.click(x, y, shiftKey),
        doubleClick: (x, y) => {
          const node = this.hit(x, y);
          if (node !== -1) location.hash = nodeHref(this.model.data.nodes[node]!.uniqueId);
        },
        hover: (x, y) => this.hover(this.hit(x, y), x, y),
        leave: () => this.hover(-1, 0, 0),
        fit: () => this.fit(),
        escape: () => this.update(this.state.pathTo !== -1 ? { pathTo: -1 } : { focus: -1 }),
        openFocused: () => {
          if (this.state.focus !== -1) location.hash = nodeHref(this.model.data.nodes[this.state.focus]!.uniqueId);
        },
      }),
    );
    window.strataLineage = { locate: (uniqueId) => this.locate(uniqueId) };
    this.requestDraw();
    this.prepareOtherLayout();
  }

  /**
   * Build the other layout's view (with or without tests) while the page is idle, so the
   * first switch is as quick as later ones.
   */
  private prepareOtherLayout(): void {
    const other: LayoutName = this.view.name === 'withTests' ? 'withoutTests' : 'withTests';
    const prepare = () => this.model.layoutView(other);
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(prepare, { timeout: 2_000 });
      this.cleanups.push(() => cancelIdleCallback(handle));
    } else {
      const handle = setTimeout(prepare, 500);
      this.cleanups.push(() => clearTimeout(handle));
    }
  }

  destroy(): void {
    delete window.strataLineage;
    cancelAnimationFrame(this.frameRequest);
    for (const cleanup of this.cleanups) cleanup();
  }

  private update(change: Partial<LineageState>, options: { reveal?: boolean } = {}): void {
    this.state = { ...this.state, ...change };
    if (this.state.focus === -1) this.state.pathTo = -1;
    const layout = this.layoutName();
    if (layout !== this.view.name) this.switchLayout(layout);
    this.emphasis = computeEmphasis(this.model, this.view, this.state);
    this.noteBaseChanges();
    this.toolbar.show(this.state);
    this.panel.render(this.state, this.emphasis);
    if (options.reveal && this.state.focus !== -1) this.reveal(this.state.focus);
    this.writeUrl();
    this.requestDraw();
  }

  /** The base layer shows every node the filters let through; hiding unrelated nodes ties it to the focus too. */
  private noteBaseChanges(): void {
    const { types, tag, folder, hideUnrelated, focus, up, down, pathTo } = this.state;
    const signature = JSON.stringify([
      [...types].sort(),
      tag,
      folder,
      this.view.name,
      hideUnrelated ? [focus, up, down, pathTo] : [],
    ]);
    if (signature === this.baseSignature) return;
    this.baseSignature = signature;
    this.baseVersion++;
  }

  private switchLayout(name: LayoutName): void {
    const previous = this.camera();
    this.view = this.model.layoutView(name);
    const next = this.camera();
    next.scale = previous.scale;
    next.stretch = previous.stretch;
    next.offsetX = previous.offsetX;
    next.offsetY = previous.offsetY;
    if (this.state.focus !== -1 && this.view.placed[this.state.focus]) this.reveal(this.state.focus);
  }

  private click(x: number, y: number, shiftKey: boolean): void {
    this.canvas.focus({ preventScroll: true });
    const node = this.hit(x, y);
    if (node === -1) return;
    if (shiftKey && this.state.focus !== -1 && node !== this.state.focus) this.update({ pathTo: node });
    else this.update({ focus: node, pathTo: -1 });
  }

  /** Outline `node` (-1 for none) and name it in a tooltip near (x, y). */
  private hover(node: number, x: number, y: number): void {
    if (node === this.hovered) return;
    this.hovered = node;
    this.canvas.classList.toggle('over-node', node !== -1);
    if (node === -1) this.tooltip.hidden = true;
    else {
      const docsNode = this.model.data.nodes[node]!;
      this.tooltip.textContent = `${docsNode.label} · ${docsNode.resourceType}`;
      this.tooltip.style.left = `${x + 14}px`;
      this.tooltip.style.top = `${y + 14}px`;
      this.tooltip.hidden = false;
    }
    this.requestDraw();
  }

  private locate(uniqueId: string): { x: number; y: number } | null {
    const node = this.model.nodeNumber(uniqueId);
    if (node === undefined || !this.view.placed[node] || this.emphasis.role[node] === Role.Hidden) return null;
    const camera = this.camera();
    const { x, y, layout } = this.view;
    return {
      x: (x[node]! + layout.nodeWidth / 2) * camera.scale + camera.offsetX,
      y: (y[node]! + layout.nodeHeight / 2) * camera.scaleY + camera.offsetY,
    };
  }

  private hit(x: number, y: number): number {
    const camera = this.camera();
    return this.view.grid.hit(
      camera.toWorldX(x),
      camera.toWorldY(y),
      HIT_SLACK / camera.scale,
      HIT_SLACK / camera.scaleY,
      (node) => this.emphasis.role[node] !== Role.Hidden,
    );
  }

  private zoomAt(x: number, y: number, factor: number): void {
    this.camera().zoomAt(x, y, factor);
    this.requestDraw();
  }

  private fit(): void {
    const role = this.emphasis.role;
    const focused = this.state.focus !== -1 && this.view.placed[this.state.focus];
    // with a focus, fit it and everything emphasised around it; else everything shown
    fitNodes(
      this.camera(),
      this.view,
      focused ? (node) => role[node]! >= Role.Upstream : (node) => role[node] !== Role.Hidden,
      this.viewport(),
    );
    this.requestDraw();
  }

  /** Bring `node` into view if it is off screen (after a refocus from the panel). */
  private reveal(node: number): void {
    revealNode(this.camera(), this.view, node, this.viewport());
  }

  private viewport(): Viewport {
    return { width: this.width, height: this.height };
  }

  private camera(): Camera {
    let camera = this.cameras.get(this.view.name);
    if (!camera) {
      camera = new Camera();
      this.cameras.set(this.view.name, camera);
    }
    return camera;
  }

  private layoutName(): LayoutName {
    return this.state.types.has('test') ? 'withTests' : 'withoutTests';
  }

  private measure(): void {
    const stage = this.canvas.parentElement!;
    this.width = stage.clientWidth;
    this.height = stage.clientHeight;
    this.renderer.resize(this.width, this.height);
  }

  /** Keep the URL in step without a history entry per click (and without a hashchange). */
  private writeUrl(): void {
    const href = lineageHref(paramsFromState(this.state, (node) => this.model.data.nodes[node]!.uniqueId));
    try {
      history.replaceState(null, '', href);
    } catch {
      // some browsers refuse replaceState on file:// pages; the view still works
    }
  }

  private requestDraw(): void {
    if (this.frameRequest) return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.renderer.draw(
        {
          view: this.view,
          role: this.emphasis.role,
          focused: this.emphasis.focused,
          typeIndex: this.model.typeIndex,
          nodes: this.model.data.nodes,
          camera: this.camera(),
          pixelRatio: window.devicePixelRatio || 1,
          width: this.width,
          height: this.height,
          hovered: this.hovered,
        },
        this.baseVersion,
      );
      // marks are never dropped by the browser: keep a long session from piling them up
      if (++this.drawsSinceClear > MARKS_KEPT) {
        performance.clearMarks(DRAWN_MARK);
        this.drawsSinceClear = 0;
      }
      performance.mark(DRAWN_MARK);
    });
  }
}
