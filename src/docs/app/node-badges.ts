/** Small pieces shared by pages: resource-type badges, tag chips and links to nodes. */
import type { DocsNode, DocsResourceType } from '../site-data.js';
import { h } from './dom.js';
import { TYPE_LABELS } from './palette.js';
import { nodeHref } from './routes.js';

export function typeBadge(type: DocsResourceType): HTMLSpanElement {
  return h('span', { class: `badge badge-${type}` }, TYPE_LABELS[type].one.toLowerCase());
}

export function tagChips(tags: readonly string[]): HTMLSpanElement {
  return h('span', { class: 'chips' }, ...tags.map((tag) => h('span', { class: 'chip' }, tag)));
}

/** A link to a node's page showing its type and label. */
export function nodeLink(node: DocsNode): HTMLAnchorElement {
  return h(
    'a',
    { href: nodeHref(node.uniqueId), class: 'node-link', title: node.uniqueId },
    typeBadge(node.resourceType),
    ' ',
    h('span', { class: 'node-link-label' }, node.label),
  );
}
