/**
 * What the lineage view shows, and its round trip through the URL
 * (`#/lineage?focus=model.shop.fct_orders&up=2&down=all&types=model,seed,source`), so a
 * view can be linked to and survives a reload.
 */
import type { DocsResourceType } from '../../site-data.js';

/** the types the graph draws: a unit test reads no table, so it has no place there */
export const RESOURCE_TYPES: readonly DocsResourceType[] = ['model', 'source', 'seed', 'snapshot', 'exposure', 'test'];
const DEFAULT_TYPES: readonly DocsResourceType[] = ['model', 'source', 'seed', 'snapshot', 'exposure'];
const DEFAULT_DEPTH = Infinity;

export interface LineageState {
  /** focused node number, -1 for none */
  focus: number;
  /** the other end of a highlighted path (needs a focus), -1 for none */
  pathTo: number;
  /** upstream / downstream depth around the focus; Infinity for all */
  up: number;
  down: number;
  types: ReadonlySet<DocsResourceType>;
  /** '' for every tag */
  tag: string;
  /** '' for every folder; a folder includes its subfolders */
  folder: string;
  /** hide nodes unrelated to the focus instead of dimming them */
  hideUnrelated: boolean;
}

export function defaultLineageState(): LineageState {
  return {
    focus: -1,
    pathTo: -1,
    up: DEFAULT_DEPTH,
    down: DEFAULT_DEPTH,
    types: new Set(DEFAULT_TYPES),
    tag: '',
    folder: '',
    hideUnrelated: false,
  };
}

export function stateFromParams(
  params: URLSearchParams,
  nodeNumber: (uniqueId: string) => number | undefined,
): LineageState {
  const state = defaultLineageState();
  state.focus = nodeNumber(params.get('focus') ?? '') ?? -1;
  state.pathTo = state.focus === -1 ? -1 : (nodeNumber(params.get('path') ?? '') ?? -1);
  state.up = parseDepth(params.get('up'));
  state.down = parseDepth(params.get('down'));
  const types = params.get('types');
  if (types !== null) state.types = new Set(RESOURCE_TYPES.filter((type) => types.split(',').includes(type)));
  state.tag = params.get('tag') ?? '';
  state.folder = params.get('folder') ?? '';
  state.hideUnrelated = params.get('only') === '1';
  return state;
}

/** Only what differs from the defaults, so links stay short. */
export function paramsFromState(state: LineageState, uniqueId: (node: number) => string): URLSearchParams {
  const params = new URLSearchParams();
  if (state.focus !== -1) params.set('focus', uniqueId(state.focus));
  if (state.focus !== -1 && state.pathTo !== -1) params.set('path', uniqueId(state.pathTo));
  if (state.up !== DEFAULT_DEPTH) params.set('up', formatDepth(state.up));
  if (state.down !== DEFAULT_DEPTH) params.set('down', formatDepth(state.down));
  const types = RESOURCE_TYPES.filter((type) => state.types.has(type));
  if (types.join(',') !== RESOURCE_TYPES.filter((type) => DEFAULT_TYPES.includes(type)).join(','))
    params.set('types', types.join(','));
  if (state.tag) params.set('tag', state.tag);
  if (state.folder) params.set('folder', state.folder);
  if (state.hideUnrelated) params.set('only', '1');
  return params;
}

export function parseDepth(text: string | null): number {
  if (text === null || text === '' || text === 'all') return DEFAULT_DEPTH;
  const depth = Number(text);
  return Number.isInteger(depth) && depth >= 0 ? depth : DEFAULT_DEPTH;
}

export function formatDepth(depth: number): string {
  return Number.isFinite(depth) ? String(depth) : 'all';
}
