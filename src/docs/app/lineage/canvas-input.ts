/**
 * Mouse, wheel and keyboard on the lineage canvas, turned into intentions: pan, zoom
 * around a point, click (with or without shift), double-click, hover. A press that moves
 * more than a few pixels is a drag, not a click.
 */

export interface CanvasIntents {
  pan(dx: number, dy: number): void;
  zoomAt(x: number, y: number, factor: number): void;
  click(x: number, y: number, shiftKey: boolean): void;
  doubleClick(x: number, y: number): void;
  hover(x: number, y: number): void;
  leave(): void;
  fit(): void;
  escape(): void;
  openFocused(): void;
}

const DRAG_THRESHOLD = 4;
const KEY_PAN = 60;

/** Attach the listeners; returns a function that removes them. */
export function listenToCanvas(canvas: HTMLCanvasElement, intents: CanvasIntents): () => void {
  let pressed:
    { id: number; startX: number; startY: number; lastX: number; lastY: number; dragging: boolean } | undefined;
  const local = (event: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    const { x, y } = local(event);
    pressed = { id: event.pointerId, startX: x, startY: y, lastX: x, lastY: y, dragging: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const { x, y } = local(event);
    if (!pressed || pressed.id !== event.pointerId) {
      intents.hover(x, y);
      return;
    }
    if (!pressed.dragging && Math.hypot(x - pressed.startX, y - pressed.startY) > DRAG_THRESHOLD) {
      pressed.dragging = true;
      canvas.classList.add('dragging');
    }
    if (pressed.dragging) intents.pan(x - pressed.lastX, y - pressed.lastY);
    pressed.lastX = x;
    pressed.lastY = y;
  };
  const onPointerUp = (event: PointerEvent) => {
    if (!pressed || pressed.id !== event.pointerId) return;
    const wasDrag = pressed.dragging;
    pressed = undefined;
    canvas.classList.remove('dragging');
    if (!wasDrag) {
      const { x, y } = local(event);
      intents.click(x, y, event.shiftKey);
    }
  };
  const onPointerCancel = () => {
    pressed = undefined;
    canvas.classList.remove('dragging');
  };
  const onDoubleClick = (event: MouseEvent) => {
    const { x, y } = local(event);
    intents.doubleClick(x, y);
  };
  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const { x, y } = local(event);
    // lines and pages to pixels, then a smooth exponential zoom
    const pixels = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
    intents.zoomAt(x, y, Math.exp(-Math.max(-300, Math.min(300, pixels)) * 0.0015));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const centreX = canvas.clientWidth / 2;
    const centreY = canvas.clientHeight / 2;
    const actions: Record<string, () => void> = {
      ArrowLeft: () => intents.pan(KEY_PAN, 0),
      ArrowRight: () => intents.pan(-KEY_PAN, 0),
      ArrowUp: () => intents.pan(0, KEY_PAN),
      ArrowDown: () => intents.pan(0, -KEY_PAN),
      '+': () => intents.zoomAt(centreX, centreY, 1.25),
      '=': () => intents.zoomAt(centreX, centreY, 1.25),
      '-': () => intents.zoomAt(centreX, centreY, 0.8),
      '0': () => intents.fit(),
      Escape: () => intents.escape(),
      Enter: () => intents.openFocused(),
    };
    const action = actions[event.key];
    if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      action();
    }
  };

  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointercancel', onPointerCancel);
  canvas.addEventListener('pointerleave', intents.leave);
  canvas.addEventListener('dblclick', onDoubleClick);
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('keydown', onKeyDown);
  return () => {
    canvas.removeEventListener('pointerdown', onPointerDown);
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerup', onPointerUp);
    canvas.removeEventListener('pointercancel', onPointerCancel);
    canvas.removeEventListener('pointerleave', intents.leave);
    canvas.removeEventListener('dblclick', onDoubleClick);
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('keydown', onKeyDown);
  };
}
