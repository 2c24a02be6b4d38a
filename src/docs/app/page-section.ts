/** One titled section of a page, marked `data-section` for tests and links. */
import { h } from './dom.js';

export function section(title: string, body: HTMLElement, key?: string): HTMLElement {
  return h('section', { class: 'node-section', 'data-section': key }, h('h2', {}, title), body);
}
