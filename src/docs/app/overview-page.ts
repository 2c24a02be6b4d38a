/** `#/overview`: what the project is, how big, and where to start. */
import type { DocsResourceType, SiteData } from '../site-data.js';
import { h } from './dom.js';
import { TYPE_LABELS } from './palette.js';
import { lineageHref } from './routes.js';
import { setSanitizedHtml } from './safe-html.js';

const COUNTED: DocsResourceType[] = ['model', 'source', 'seed', 'snapshot', 'exposure', 'test', 'unit_test'];

export function overviewPage(data: SiteData): HTMLElement {
  const { project } = data;
  const description = h('div', { class: 'markdown' });
  if (project.overviewHtml) setSanitizedHtml(description, project.overviewHtml);
  else description.append(h('p', { class: 'muted' }, 'This project has no overview yet.'));

  const folderCounts = new Map<number, number>();
  for (const node of data.nodes)
    if (node.resourceType !== 'test' && node.resourceType !== 'unit_test')
      folderCounts.set(node.folder, (folderCounts.get(node.folder) ?? 0) + 1);

  // an overview that opens with its own title supplies the page's
  const first = description.firstElementChild;
  const title = first?.localName === 'h1' ? first : h('h1', {}, project.name);
  return h(
    'article',
    { class: 'page overview' },
    h('p', { class: 'page-kicker' }, 'Project'),
    title,
    h(
      'ul',
      { class: 'counts' },
      // a kind the project does not use is left out, except the four every project has
      ...COUNTED.filter((type) => project.counts[type] > 0 || ['model', 'source', 'seed', 'test'].includes(type)).map(
        (type) =>
          h(
            'li',
            { class: `count count-${type}` },
            h('span', { class: 'count-number' }, project.counts[type].toLocaleString('en')),
            h('span', { class: 'count-label' }, TYPE_LABELS[type].many),
          ),
      ),
    ),
    h('p', { class: 'actions' }, h('a', { class: 'button primary', href: lineageHref() }, 'Explore the lineage')),
    description,
    h('h2', {}, 'Folders'),
    h(
      'table',
      { class: 'data-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Folder'), h('th', { class: 'number' }, 'Nodes'), h('th', {}, ''))),
      h(
        'tbody',
        {},
        ...data.folders.map((folder, i) =>
          h(
            'tr',
            {},
            h('td', {}, h('code', {}, folder || '.')),
            h('td', { class: 'number' }, String(folderCounts.get(i) ?? 0)),
            h('td', {}, h('a', { href: lineageHref({ folder }) }, 'lineage')),
          ),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Warehouse'),
      h('dd', {}, project.adapterType),
      h('dt', {}, 'Generated'),
      h('dd', {}, project.generatedAt),
      h('dt', {}, 'Strata'),
      h('dd', {}, project.strataVersion),
    ),
  );
}
