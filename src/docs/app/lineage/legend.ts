/** The key to the graph's colours: resource types and the three kinds of highlighted edge. */
import { h } from '../dom.js';
import { TYPE_LABELS } from '../palette.js';
import { RESOURCE_TYPES } from './lineage-state.js';

export function lineageLegend(): HTMLElement {
  const item = (swatchClass: string, text: string) =>
    h('li', {}, h('span', { class: swatchClass, 'aria-hidden': 'true' }), text);
  return h(
    'div',
    { class: 'lineage-legend', 'aria-label': 'Legend' },
    h('ul', {}, ...RESOURCE_TYPES.map((type) => item(`swatch swatch-${type}`, TYPE_LABELS[type].one))),
    h(
      'ul',
      {},
      item('line line-upstream', 'upstream'),
      item('line line-downstream', 'downstream'),
      item('line line-path', 'path'),
    ),
  );
}
