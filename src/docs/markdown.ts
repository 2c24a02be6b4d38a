/**
 * Descriptions are user text shown in a browser, so this is where they are sanitized:
 * markdown-it with `html: false` turns raw HTML (`<script>`, `<img onerror=...>`) into
 * escaped text, and its link validation refuses `javascript:`, `vbscript:` and `data:`
 * (except images) URLs. The page's CSP is the second wall.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/** A description in both forms the site needs. */
export interface RenderedMarkdown {
  /** sanitized HTML, safe for `innerHTML` */
  html: string;
  /** plain text for search, whitespace collapsed */
  text: string;
}

const markdown = createMarkdown();

function createMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  // Links leave the docs site in a new tab that cannot reach back into this page.
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (!String(token.attrGet('href') ?? '').startsWith('#')) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

const EMPTY: RenderedMarkdown = { html: '', text: '' };

/** Render a Markdown description to sanitized HTML and to plain text (one parse). */
export function renderMarkdown(source: string): RenderedMarkdown {
  if (source.trim() === '') return EMPTY;
  const env = {};
  const tokens = markdown.parse(source, env);
  return { html: markdown.renderer.render(tokens, markdown.options, env), text: plainText(tokens) };
}

function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') parts.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') parts.push(' ');
        else if (child.type === 'image') parts.push(child.content);
      }
      parts.push(' ');
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content, ' ');
    }
  }
  return parts.join('').replace(/\s+/g, ' ').trim();
}
