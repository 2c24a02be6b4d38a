/**
 * The search field in the header: results drop down as you type (ranked and capped by the
 * index), arrow keys move through them, Enter opens one, and Enter with nothing chosen
 * opens the full results page.
 */
import type { DocsNode } from '../site-data.js';
import { clear, h } from './dom.js';
import { typeBadge } from './node-badges.js';
import { nodeHref, searchHref } from './routes.js';
import { MatchKind, type SearchHit, type SearchIndex } from './search-index.js';

const DROPDOWN_LIMIT = 12;

export function searchBox(nodes: readonly DocsNode[], index: SearchIndex): HTMLElement {
  const input = h('input', {
    type: 'search',
    id: 'search',
    placeholder: 'Search models, sources, columns…',
    autocomplete: 'off',
    spellcheck: 'false',
    role: 'combobox',
    'aria-expanded': 'false',
    'aria-controls': 'search-results',
    'aria-label': 'Search',
  });
  const results = h('ul', { id: 'search-results', class: 'search-results', role: 'listbox', hidden: true });
  let hits: SearchHit[] = [];
  let active = -1;
  let pending = 0;

  const close = () => {
    results.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    active = -1;
  };
  const highlight = (index: number) => {
    active = index;
    results
      .querySelectorAll('[role=option]')
      .forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
  };
  const render = () => {
    pending = 0;
    hits = index.search(input.value, DROPDOWN_LIMIT);
    clear(results);
    active = -1;
    if (!input.value.trim()) return close();
    if (!hits.length) results.append(h('li', { class: 'search-empty' }, 'No matches.'));
    for (const hit of hits)
      results.append(h('li', { role: 'option', 'aria-selected': 'false' }, resultLink(nodes[hit.node]!, hit)));
    results.append(h('li', { class: 'search-all' }, h('a', { href: searchHref(input.value) }, 'All results')));
    results.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  // one search per frame however fast the typing
  input.addEventListener('input', () => {
    if (!pending) pending = requestAnimationFrame(render);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length) highlight((active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === 'Enter') {
      const hit = hits[active];
      location.hash = hit ? nodeHref(nodes[hit.node]!.uniqueId) : searchHref(input.value);
      close();
    } else if (event.key === 'Escape') {
      close();
    }
  });
  results.addEventListener('click', (event) => {
    if ((event.target as Element).closest('a')) close();
  });
  input.addEventListener('focus', () => input.value.trim() && render());
  document.addEventListener('pointerdown', (event) => {
    if (!wrapper.contains(event.target as Node)) close();
  });
  window.addEventListener('hashchange', close);

  const wrapper = h('div', { class: 'search', role: 'search' }, input, results);
  return wrapper;
}

/** A result: the node, and why it matched when it was not by name. */
export function resultLink(node: DocsNode, hit: SearchHit): HTMLAnchorElement {
  const why =
    hit.kind === MatchKind.Column
      ? `column ${hit.column ?? ''}`
      : hit.kind === MatchKind.Description
        ? 'description'
        : '';
  return h(
    'a',
    { href: nodeHref(node.uniqueId), class: 'result', title: node.uniqueId },
    typeBadge(node.resourceType),
    ' ',
    h('span', { class: 'result-label' }, node.label),
    why ? h('span', { class: 'result-why' }, why) : null,
  );
}
