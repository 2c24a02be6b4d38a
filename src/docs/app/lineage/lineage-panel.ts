/**
 * The side panel of the lineage view: the focused node and, as buttons, what is upstream
 * and downstream of it. A canvas is opaque to screen readers and tests; this panel is the
 * same information as DOM, and clicking an entry refocuses the graph.
 */
import type { DocsResourceType, SiteData } from '../../site-data.js';
import { clear, h } from '../dom.js';
import { typeBadge } from '../node-badges.js';
import { TYPE_LABELS } from '../palette.js';
import { nodeHref } from '../routes.js';
import type { SearchIndex } from '../search-index.js';
import { Role, type Emphasis } from './emphasis.js';
import type { LineageState } from './lineage-state.js';
import type { Reach } from './traversal.js';

/** more entries than this are summarised: thousands of buttons would make a click slow */
const LIST_LIMIT = 100;

export interface PanelActions {
  focus(node: number): void;
  clearFocus(): void;
  clearPath(): void;
}

export class LineagePanel {
  readonly element = h('aside', { class: 'lineage-panel', 'aria-label': 'Focused node' });
  private findResults = h('ul', { class: 'panel-list' });

  constructor(
    private readonly data: SiteData,
    private readonly search: SearchIndex,
    private readonly actions: PanelActions,
  ) {
    // one listener for every entry, present or future
    this.element.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLElement>('button[data-node]');
      if (button) this.actions.focus(Number(button.dataset.node));
    });
  }

  render(state: LineageState, emphasis: Emphasis): void {
    clear(this.element);
    if (state.focus === -1) this.renderIntro(emphasis);
    else this.renderFocus(state, emphasis);
  }

  private renderIntro(emphasis: Emphasis): void {
    const input = h('input', {
      type: 'search',
      class: 'panel-find',
      placeholder: 'Find a node to focus…',
      'aria-label': 'Find a node to focus',
    });
    input.addEventListener('input', () => this.renderFindResults(input.value));
    this.element.append(
      h('h2', {}, 'Lineage'),
      h('p', { class: 'muted' }, `${emphasis.shownCount.toLocaleString('en')} nodes shown.`),
      h(
        'p',
        { class: 'muted' },
        'Click a node to focus it and see what it depends on and what depends on it; ' +
          'shift-click another node to highlight the paths between them; double-click to open its page. ' +
          'Drag to pan, scroll to zoom.',
      ),
      input,
      this.findResults,
    );
  }

  private renderFindResults(query: string): void {
    clear(this.findResults);
    for (const hit of this.search.search(query, 20)) this.findResults.append(h('li', {}, this.nodeButton(hit.node)));
  }

  private renderFocus(state: LineageState, emphasis: Emphasis): void {
    const node = this.data.nodes[state.focus]!;
    const open = h('a', { href: nodeHref(node.uniqueId), class: 'button' }, 'Open page');
    const clearButton = h('button', { type: 'button', class: 'button' }, 'Clear focus');
    clearButton.addEventListener('click', () => this.actions.clearFocus());
    this.element.append(
      h('p', { class: 'panel-kicker' }, 'Focused'),
      h(
        'h2',
        { class: 'panel-title' },
        typeBadge(node.resourceType),
        ' ',
        h('span', { class: 'focused-name' }, node.label),
      ),
      h('div', { class: 'panel-actions' }, open, clearButton),
    );
    if (emphasis.path) {
      this.renderPath(state, emphasis);
      return;
    }
    if (state.pathTo !== -1)
      this.element.append(
        h('p', { class: 'muted' }, `No path between ${node.label} and ${this.data.nodes[state.pathTo]!.label}.`),
      );
    this.element.append(
      this.reachSection('Upstream', 'upstream', emphasis.upstream, emphasis.role),
      this.reachSection('Downstream', 'downstream', emphasis.downstream, emphasis.role),
      h('p', { class: 'muted panel-hint' }, 'Shift-click a node in the graph to highlight the paths to it.'),
    );
  }

  private renderPath(state: LineageState, emphasis: Emphasis): void {
    const target = this.data.nodes[state.pathTo]!;
    const onPath: number[] = [];
    emphasis.path!.forEach((flag, node) => flag && node !== state.focus && onPath.push(node));
    const clearPath = h('button', { type: 'button', class: 'button' }, 'Clear path');
    clearPath.addEventListener('click', () => this.actions.clearPath());
    this.element.append(
      h(
        'section',
        { class: 'panel-section', 'data-list': 'path' },
        h('h3', {}, `Paths to ${target.label} (${onPath.length} nodes)`),
        this.list(onPath),
      ),
      clearPath,
    );
  }

  private reachSection(title: string, key: string, reach: Reach | undefined, role: Uint8Array): HTMLElement {
    const shown: number[] = [];
    const depths: number[] = [];
    const hidden = new Map<DocsResourceType, number>();
    if (reach) {
      for (let i = 0; i < reach.nodes.length; i++) {
        const node = reach.nodes[i]!;
        const type = this.data.nodes[node]!.resourceType;
        if (role[node] === Role.Hidden) hidden.set(type, (hidden.get(type) ?? 0) + 1);
        else {
          shown.push(node);
          depths.push(reach.depths[i]!);
        }
      }
    }
    const section = h(
      'section',
      { class: 'panel-section', 'data-list': key },
      h('h3', {}, `${title} (${shown.length})`),
    );
    section.append(shown.length ? this.list(shown, depths) : h('p', { class: 'muted' }, 'None.'));
    if (hidden.size) {
      const counts = [...hidden].map(([type, count]) => {
        const label = count === 1 ? TYPE_LABELS[type].one : TYPE_LABELS[type].many;
        return `${count.toLocaleString('en')} ${label.toLowerCase()}`;
      });
      section.append(h('p', { class: 'muted' }, `Hidden by the filters: ${counts.join(', ')}.`));
    }
    return section;
  }

  private list(nodes: readonly number[], depths?: readonly number[]): HTMLElement {
    const list = h('ul', { class: 'panel-list' });
    const limit = Math.min(nodes.length, LIST_LIMIT);
    for (let i = 0; i < limit; i++) {
      const depth = depths?.[i];
      list.append(
        h(
          'li',
          {},
          depth !== undefined
            ? h('span', { class: 'depth', title: `${depth} step${depth === 1 ? '' : 's'} away` }, String(depth))
            : null,
          this.nodeButton(nodes[i]!),
        ),
      );
    }
    if (nodes.length > limit)
      list.append(h('li', { class: 'muted' }, `… and ${(nodes.length - limit).toLocaleString('en')} more`));
    return list;
  }

  private nodeButton(node: number): HTMLButtonElement {
    const docsNode = this.data.nodes[node]!;
    return h(
      'button',
      { type: 'button', class: 'panel-node', 'data-node': node, title: `Focus ${docsNode.uniqueId}` },
      typeBadge(docsNode.resourceType),
      ' ',
      h('span', { class: 'panel-node-label' }, docsNode.label),
    );
  }
}
