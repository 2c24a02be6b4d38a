/**
 * Colours of the site, in one place: the canvas reads them directly and the stylesheet
 * through CSS custom properties set from here at start-up.
 */
import type { DocsResourceType } from '../site-data.js';

export interface TypeColours {
  /** border, badge and focused fill */
  strong: string;
  /** box fill */
  light: string;
}

export const TYPE_COLOURS: Record<DocsResourceType, TypeColours> = {
  model: { strong: '#2f6fde', light: '#e8f0fd' },
  source: { strong: '#13865f', light: '#e1f4ec' },
  seed: { strong: '#b26b00', light: '#fcf0dc' },
  snapshot: { strong: '#0b7285', light: '#e0f3f6' },
  exposure: { strong: '#c2255c', light: '#fbe6ee' },
  test: { strong: '#7d55c7', light: '#f0e9fa' },
  unit_test: { strong: '#5f3dc4', light: '#ece6fb' },
};

export const EDGE_COLOURS = {
  normal: '#8d98aa',
  dimmed: '#c9cfd9',
  upstream: '#e8590c',
  downstream: '#1c7ed6',
  path: '#d6336c',
};

export const TEXT_COLOUR = '#1d2433';
export const MUTED_TEXT_COLOUR = '#5c6677';
export const CANVAS_BACKGROUND = '#fafbfc';

export const TYPE_LABELS: Record<DocsResourceType, { one: string; many: string }> = {
  model: { one: 'Model', many: 'Models' },
  source: { one: 'Source', many: 'Sources' },
  seed: { one: 'Seed', many: 'Seeds' },
  snapshot: { one: 'Snapshot', many: 'Snapshots' },
  exposure: { one: 'Exposure', many: 'Exposures' },
  test: { one: 'Test', many: 'Tests' },
  unit_test: { one: 'Unit test', many: 'Unit tests' },
};

/** Expose the palette to the stylesheet (badges, legend swatches). */
export function applyPaletteToDocument(root: HTMLElement): void {
  for (const [type, colours] of Object.entries(TYPE_COLOURS)) {
    root.style.setProperty(`--${type}-strong`, colours.strong);
    root.style.setProperty(`--${type}-light`, colours.light);
  }
  for (const [name, colour] of Object.entries(EDGE_COLOURS)) root.style.setProperty(`--edge-${name}`, colour);
}
