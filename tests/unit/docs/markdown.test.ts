import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/docs/markdown.js';

describe('renderMarkdown (description sanitizing)', () => {
  it('shows a <script> as escaped text', () => {
    const { html, text } = renderMarkdown('Orders <script>alert("x")</script> cleaned');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('shows an event-handler attribute as escaped text', () => {
    const { html } = renderMarkdown('<img src=x onerror="alert(1)">\n\n<div onclick=alert(1)>hi</div>');
    expect(html).not.toMatch(/<img|<div/i);
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it.each(['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4='])(
    'does not make a link of %s',
    (url) => {
      const { html } = renderMarkdown(`[click me](${url}) and <${url}>`);
      expect(html).not.toMatch(/<a /);
      expect(html).not.toMatch(/href=/);
    },
  );

  it('opens real links in a new tab that cannot reach back into the page', () => {
    const { html } = renderMarkdown('See [the wiki](https://wiki.example.com/orders) or https://example.com');
    expect(html).toContain(
      '<a href="https://wiki.example.com/orders" target="_blank" rel="noopener noreferrer">the wiki</a>',
    );
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">');
  });

  it('renders Markdown', () => {
    const { html } = renderMarkdown('# Orders\n\nOne row per **order**, keyed by `order_id`.\n\n- paid\n- refunded');
    expect(html).toContain('<h1>Orders</h1>');
    expect(html).toContain('<strong>order</strong>');
    expect(html).toContain('<code>order_id</code>');
    expect(html).toContain('<li>paid</li>');
  });

  it('gives plain text for search, Markdown stripped', () => {
    expect(renderMarkdown('# Orders\n\nOne row per **order**,\nkeyed by `order_id`. [More](https://x.io)').text).toBe(
      'Orders One row per order, keyed by order_id. More',
    );
  });

  it('renders an empty description as nothing', () => {
    expect(renderMarkdown('  \n')).toEqual({ html: '', text: '' });
  });
});
