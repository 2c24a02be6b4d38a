/**
 * Inserts the generator's description HTML. It was sanitized at generate time; this is a
 * second, independent allowlist in the browser, so a bug on either side alone never lets
 * a project's Markdown run code. Parsing happens in an inert <template>: scripts do not
 * run and images do not load while it is inspected.
 */

const ALLOWED_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'target', 'colspan', 'rowspan', 'align', 'start']);
/** Tags dropped with their content (the rest are unwrapped, keeping their text). */
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'svg',
  'math',
]);
const SAFE_URL = /^(https?:|mailto:|#|\/|\.\/|\.\.\/|[^:]*$)/i;
/** images only from the page itself: the CSP allows data: images and nothing else */
const SAFE_IMAGE = /^data:image\/(png|gif|jpe?g|webp);/i;

export function setSanitizedHtml(target: Element, html: string): void {
  const template = document.createElement('template');
  template.innerHTML = html;
  cleanChildren(template.content);
  target.replaceChildren(template.content);
}

function cleanChildren(parent: ParentNode): void {
  for (const child of Array.from(parent.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) continue;
    if (child.nodeType !== Node.ELEMENT_NODE) {
      child.remove();
      continue;
    }
    const element = child as Element;
    const tag = element.localName;
    if (DROPPED_WITH_CONTENT.has(tag)) {
      element.remove();
      continue;
    }
    cleanChildren(element);
    if (!ALLOWED_TAGS.has(tag)) {
      element.replaceWith(...Array.from(element.childNodes));
      continue;
    }
    for (const attribute of Array.from(element.attributes)) {
      if (!keepAttribute(tag, attribute.name, attribute.value)) element.removeAttribute(attribute.name);
    }
    if (tag === 'img' && !element.hasAttribute('src')) {
      element.remove();
      continue;
    }
    if (tag === 'a' && element.hasAttribute('href') && !element.getAttribute('href')!.startsWith('#')) {
      element.setAttribute('rel', 'noopener noreferrer');
    }
  }
}

function keepAttribute(tag: string, name: string, value: string): boolean {
  if (!ALLOWED_ATTRIBUTES.has(name)) return false;
  // browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
  const url = Array.from(value)
    .filter((char) => char > ' ')
    .join('');
  if (name === 'href') return tag === 'a' && SAFE_URL.test(url);
  if (name === 'src') return tag === 'img' && SAFE_IMAGE.test(url);
  if (name === 'target') return tag === 'a' && value === '_blank';
  return true;
}
