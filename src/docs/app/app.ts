/**
 * The page layout (header with search, sidebar, main pane) and the router that fills the
 * main pane from the URL hash.
 */
import type { SiteData } from '../site-data.js';
import { clear, h } from './dom.js';
import { LineageModel } from './lineage/lineage-model.js';
import { LineageView, type SavedCameras } from './lineage/lineage-view.js';
import { nodePage } from './node-page.js';
import { overviewPage } from './overview-page.js';
import { lineageHref, parseRoute, type Route } from './routes.js';
import { searchBox } from './search-box.js';
import { buildSearchIndex } from './search-index.js';
import { searchPage } from './search-page.js';
import { markCurrent, sidebar } from './sidebar.js';

export function startApp(root: HTMLElement, data: SiteData): void {
  const index = buildSearchIndex(data.nodes);
  const nodeNumbers = new Map(data.nodes.map((node, i) => [node.uniqueId, i]));
  const cameras: SavedCameras = new Map();
  // built on the first visit to the lineage, kept for the next ones
  let lineageModel: LineageModel | undefined;
  let lineageView: LineageView | undefined;

  const main = h('main', { class: 'main', id: 'main', tabindex: -1 });
  const side = sidebar(data);
  const nav = h(
    'nav',
    { class: 'header-nav', 'aria-label': 'Pages' },
    h('a', { href: '#/overview', 'data-page': 'overview' }, 'Overview'),
    h('a', { href: lineageHref(), 'data-page': 'lineage' }, 'Lineage'),
  );
  const header = h(
    'header',
    { class: 'header' },
    h(
      'a',
      { class: 'brand', href: '#/overview' },
      h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      h('span', {}, data.project.name),
      h('span', { class: 'brand-sub' }, 'docs'),
    ),
    nav,
    searchBox(data.nodes, index),
  );
  clear(root);
  root.append(header, h('div', { class: 'layout' }, side, main));

  const show = (route: Route) => {
    lineageView?.destroy();
    lineageView = undefined;
    clear(main);
    document.body.dataset.page = route.page;
    nav.querySelectorAll('a').forEach((link) => link.toggleAttribute('aria-current', link.dataset.page === route.page));
    const current = route.page === 'node' ? data.nodes[nodeNumbers.get(route.uniqueId) ?? -1] : undefined;
    markCurrent(side, current?.uniqueId, current ? data.folders[current.folder] : undefined);
    switch (route.page) {
      case 'overview':
        main.append(overviewPage(data));
        document.title = `${data.project.name} · Strata docs`;
        break;
      case 'node': {
        const number = nodeNumbers.get(route.uniqueId);
        const node = number === undefined ? undefined : data.nodes[number];
        main.append(node ? nodePage(data, node) : notFound(route.uniqueId));
        document.title = `${node?.label ?? 'Not found'} · ${data.project.name}`;
        break;
      }
      case 'search':
        main.append(searchPage(data, index, route.query));
        document.title = `Search · ${data.project.name}`;
        break;
      case 'lineage':
        lineageModel ??= new LineageModel(data);
        lineageView = new LineageView(lineageModel, index, route.params, cameras);
        main.append(lineageView.element);
        lineageView.mounted();
        document.title = `Lineage · ${data.project.name}`;
        break;
    }
    if (route.page !== 'lineage') main.scrollTo(0, 0);
  };

  window.addEventListener('hashchange', () => show(parseRoute(location.hash)));
  show(parseRoute(location.hash));
}

function notFound(uniqueId: string): HTMLElement {
  return h(
    'article',
    { class: 'page' },
    h('h1', {}, 'Not found'),
    h('p', {}, 'Nothing in this project is called ', h('code', {}, uniqueId), '.'),
  );
}
