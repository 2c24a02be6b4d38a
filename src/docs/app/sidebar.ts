/**
 * The project tree: by folder or by resource type. Folders fill in when opened, and long
 * lists in slices, so a 10,000-node project does not build 10,000 links at start-up.
 */
import type { DocsNode, DocsResourceType, SiteData } from '../site-data.js';
import { h } from './dom.js';
import { TYPE_LABELS } from './palette.js';
import { nodeHref } from './routes.js';

const SLICE = 300;
/** below this many nodes every folder starts open: a small project reads best unfolded */
const OPEN_ALL_BELOW = 150;

interface FolderEntry {
  name: string;
  path: string;
  folders: Map<string, FolderEntry>;
  nodes: number[];
}

export function sidebar(data: SiteData): HTMLElement {
  const byFolder = h('nav', { class: 'tree', 'aria-label': 'Project by folder' });
  const byType = h('nav', { class: 'tree', 'aria-label': 'Project by resource type', hidden: true });
  const openAll = data.nodes.length < OPEN_ALL_BELOW;

  const root = folderTree(data);
  for (const entry of sortedFolders(root)) byFolder.append(folderDetails(data, entry, openAll));
  for (const node of root.nodes) byFolder.append(nodeItem(data.nodes[node]!));

  const types: DocsResourceType[] = ['model', 'source', 'seed', 'snapshot', 'exposure', 'test', 'unit_test'];
  for (const type of types) {
    const nodes = sortByLabel(
      data,
      data.nodes.flatMap((node, i) => (node.resourceType === type ? [i] : [])),
    );
    if (!nodes.length) continue;
    byType.append(
      lazyDetails(`${TYPE_LABELS[type].many} (${nodes.length})`, openAll && !type.endsWith('test'), (list) =>
        fillNodes(data, list, nodes),
      ),
    );
  }

  const folderTab = h('button', { type: 'button', class: 'tab', 'aria-pressed': 'true' }, 'Folders');
  const typeTab = h('button', { type: 'button', class: 'tab', 'aria-pressed': 'false' }, 'Types');
  const select = (showFolders: boolean) => {
    byFolder.hidden = !showFolders;
    byType.hidden = showFolders;
    folderTab.setAttribute('aria-pressed', String(showFolders));
    typeTab.setAttribute('aria-pressed', String(!showFolders));
  };
  folderTab.addEventListener('click', () => select(true));
  typeTab.addEventListener('click', () => select(false));
  return h('aside', { class: 'sidebar' }, h('div', { class: 'tabs' }, folderTab, typeTab), byFolder, byType);
}

/** Mark the current node's entry, opening the folders above it so it can be seen. */
export function markCurrent(sidebarElement: HTMLElement, uniqueId: string | undefined, folder?: string): void {
  sidebarElement.querySelector('[aria-current="page"]')?.removeAttribute('aria-current');
  if (!uniqueId) return;
  const parts = (folder ?? '').split('/').filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const details = sidebarElement.querySelector<HTMLDetailsElement>(
      `details[data-folder="${CSS.escape(parts.slice(0, i).join('/'))}"]`,
    );
    if (details) openDetails(details);
  }
  const link = sidebarElement.querySelector(`a[data-node="${CSS.escape(uniqueId)}"]`);
  link?.setAttribute('aria-current', 'page');
  link?.scrollIntoView({ block: 'center' });
}

/** how each lazy <details> fills itself, so opening one from code can fill it at once */
const fillers = new WeakMap<HTMLDetailsElement, () => void>();

function openDetails(details: HTMLDetailsElement): void {
  details.open = true;
  fillers.get(details)?.();
}

/** Tests declared in YAML sit with their model's YAML; only singular tests are files of their own. */
function inTree(node: DocsNode): boolean {
  if (node.resourceType === 'unit_test') return false;
  return node.resourceType !== 'test' || node.testKind === 'singular';
}

function folderTree(data: SiteData): FolderEntry {
  const root: FolderEntry = { name: '', path: '', folders: new Map(), nodes: [] };
  data.nodes.forEach((node, i) => {
    if (!inTree(node)) return;
    let entry = root;
    const folder = data.folders[node.folder] ?? '';
    for (const part of folder.split('/').filter(Boolean)) {
      let next = entry.folders.get(part);
      if (!next) {
        next = { name: part, path: entry.path ? `${entry.path}/${part}` : part, folders: new Map(), nodes: [] };
        entry.folders.set(part, next);
      }
      entry = next;
    }
    entry.nodes.push(i);
  });
  return root;
}

function folderDetails(data: SiteData, entry: FolderEntry, open: boolean): HTMLElement {
  return lazyDetails(
    entry.name,
    open,
    (list) => {
      for (const child of sortedFolders(entry)) list.append(h('li', {}, folderDetails(data, child, open)));
      fillNodes(data, list, sortByLabel(data, entry.nodes));
    },
    entry.path,
  );
}

/** A <details> whose list is built the first time it opens. */
function lazyDetails(
  title: string,
  open: boolean,
  fill: (list: HTMLUListElement) => void,
  folderPath?: string,
): HTMLDetailsElement {
  const list = h('ul', {});
  const details = h('details', { 'data-folder': folderPath }, h('summary', {}, title), list);
  let filled = false;
  const fillOnce = () => {
    if (filled) return;
    filled = true;
    fill(list);
  };
  details.addEventListener('toggle', () => details.open && fillOnce());
  fillers.set(details, fillOnce);
  if (open) {
    details.open = true;
    fillOnce();
  }
  return details;
}

function fillNodes(data: SiteData, list: HTMLUListElement, nodes: readonly number[], from = 0): void {
  const end = Math.min(nodes.length, from + SLICE);
  for (let i = from; i < end; i++) list.append(h('li', {}, nodeItem(data.nodes[nodes[i]!]!)));
  if (end < nodes.length) {
    const more = h(
      'button',
      { type: 'button', class: 'link-button' },
      `Show ${Math.min(SLICE, nodes.length - end)} more of ${nodes.length - end}`,
    );
    more.addEventListener('click', () => {
      more.parentElement!.remove();
      fillNodes(data, list, nodes, end);
    });
    list.append(h('li', {}, more));
  }
}

function nodeItem(node: DocsNode): HTMLAnchorElement {
  return h(
    'a',
    {
      href: nodeHref(node.uniqueId),
      class: `tree-node tree-${node.resourceType}`,
      'data-node': node.uniqueId,
      title: node.uniqueId,
    },
    node.label,
  );
}

function sortedFolders(entry: FolderEntry): FolderEntry[] {
  return [...entry.folders.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function sortByLabel(data: SiteData, nodes: number[]): number[] {
  return nodes.sort((a, b) =>
    data.nodes[a]!.label < data.nodes[b]!.label ? -1 : data.nodes[a]!.label > data.nodes[b]!.label ? 1 : 0,
  );
}
