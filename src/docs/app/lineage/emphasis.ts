/**
 * Turns the lineage state into what each node and edge looks like: hidden (filtered
 * out), dimmed, normal, upstream, downstream, focused or on the highlighted path. The
 * renderer and the side panel both read this; it is recomputed on a state change, not on
 * pan or zoom.
 */
import type { SiteData } from '../../site-data.js';
import type { LayoutView, LineageModel } from './lineage-model.js';
import type { LineageState } from './lineage-state.js';
import { RESOURCE_TYPES } from './lineage-state.js';
import type { Reach } from './traversal.js';

export const Role = { Hidden: 0, Dimmed: 1, Normal: 2, Upstream: 3, Downstream: 4, Path: 5, Focus: 6 } as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLE_COUNT = 7;

export interface Emphasis {
  /** Role per node number */
  role: Uint8Array;
  upstream?: Reach;
  downstream?: Reach;
  /** nodes on paths between the focus and state.pathTo, when there are any */
  path?: Uint8Array;
  /** number of nodes passing the filters in this layout */
  shownCount: number;
  /** a focus is set and placed in this layout */
  focused: boolean;
}

export function computeEmphasis(model: LineageModel, view: LayoutView, state: LineageState): Emphasis {
  const role = new Uint8Array(model.nodeCount);
  const passes = filterPredicate(model.data, model, state);
  let shownCount = 0;
  for (const node of view.members) {
    if (passes(node)) {
      role[node] = Role.Normal;
      shownCount++;
    }
  }
  const focus = state.focus;
  if (focus === -1 || !view.placed[focus]) return { role, shownCount, focused: false };

  const upstream = model.traversal.upstream(focus, state.up);
  const downstream = model.traversal.downstream(focus, state.down);
  const path = state.pathTo !== -1 ? model.traversal.pathBetween(focus, state.pathTo) : undefined;
  const unrelated = state.hideUnrelated ? Role.Hidden : Role.Dimmed;
  for (const node of view.members) if (role[node] === Role.Normal) role[node] = unrelated;
  const mark = (node: number, value: Role) => {
    // a filtered-out node stays hidden, except the focus itself
    if (view.placed[node] && (passes(node) || node === focus)) role[node] = value;
  };
  if (path) {
    for (const node of view.members) if (path[node]) mark(node, Role.Path);
  } else {
    for (const node of upstream.nodes) mark(node, Role.Upstream);
    for (const node of downstream.nodes) mark(node, Role.Downstream);
  }
  mark(focus, Role.Focus);
  return { role, upstream, downstream, path, shownCount, focused: true };
}

function filterPredicate(data: SiteData, model: LineageModel, state: LineageState): (node: number) => boolean {
  const typeAllowed = RESOURCE_TYPES.map((type) => state.types.has(type));
  const folderAllowed = data.folders.map(
    (folder) => !state.folder || folder === state.folder || folder.startsWith(`${state.folder}/`),
  );
  const tag = state.tag;
  return (node) => {
    if (!typeAllowed[model.typeIndex[node]!]) return false;
    const docsNode = data.nodes[node]!;
    if (!(folderAllowed[docsNode.folder] ?? true)) return false;
    return !tag || docsNode.tags.includes(tag);
  };
}

/** How an edge is drawn, from the roles of its ends; Role.Hidden means not at all. */
export function edgeRole(fromRole: number, toRole: number): Role {
  if (fromRole === Role.Hidden || toRole === Role.Hidden) return Role.Hidden;
  if (fromRole === Role.Normal && toRole === Role.Normal) return Role.Normal;
  const onPath = (r: number) => r === Role.Path || r === Role.Focus;
  const up = (r: number) => r === Role.Upstream || r === Role.Focus;
  const down = (r: number) => r === Role.Downstream || r === Role.Focus;
  if (onPath(fromRole) && onPath(toRole) && (fromRole === Role.Path || toRole === Role.Path)) return Role.Path;
  if (up(fromRole) && up(toRole)) return Role.Upstream;
  if (down(fromRole) && down(toRole)) return Role.Downstream;
  return Role.Dimmed;
}
