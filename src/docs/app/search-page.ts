/** `#/search?q=...`: every match (up to a limit), ranked like the dropdown. */
import type { SiteData } from '../site-data.js';
import { h } from './dom.js';
import { resultLink } from './search-box.js';
import type { SearchIndex } from './search-index.js';

const PAGE_LIMIT = 500;

export function searchPage(data: SiteData, index: SearchIndex, query: string): HTMLElement {
  const hits = index.search(query, PAGE_LIMIT + 1);
  const shown = hits.slice(0, PAGE_LIMIT);
  return h(
    'article',
    { class: 'page search-page' },
    h('h1', {}, `Search: ${query}`),
    h(
      'p',
      { class: 'muted' },
      hits.length > PAGE_LIMIT
        ? `The first ${PAGE_LIMIT} matches.`
        : `${hits.length} match${hits.length === 1 ? '' : 'es'}.`,
    ),
    h(
      'ul',
      { class: 'result-list' },
      ...shown.map((hit) => {
        const node = data.nodes[hit.node]!;
        return h(
          'li',
          {},
          resultLink(node, hit),
          node.descriptionText ? h('p', { class: 'result-description' }, clip(node.descriptionText, 200)) : null,
        );
      }),
    ),
  );
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
