/**
 * A tiny element builder. Text always goes in as text nodes, never as HTML, so nothing a
 * project author wrote can become markup here; the one exception lives in safe-html.ts.
 */

type Child = Node | string | number | null | undefined | false;

/** Attributes set with setAttribute; event handlers are attached with addEventListener instead. */
export type Attributes = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    // handlers as attributes would be code from strings; the CSP forbids them anyway
    if (/^on/i.test(name)) throw new Error(`h(): use addEventListener for ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** Remove every child (faster than innerHTML = '' and never parses anything). */
export function clear(element: Element): void {
  element.replaceChildren();
}
