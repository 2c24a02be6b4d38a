/**
 * The page shell: one self-contained index.html that works opened from disk or served,
 * with the app, its styles and the site data inlined. A Content-Security-Policy allows
 * no network at all and no script but the app (pinned by its hash), so even a
 * description that slipped past sanitizing could not run or load anything.
 */
import { createHash } from 'node:crypto';
import type { AppBundle } from './app-bundle.js';
import type { SiteData } from './site-data.js';

/** The id of the JSON script element the app reads its data from. */
export const SITE_DATA_ELEMENT_ID = 'strata-docs-data';

/** index.html for the site data and the bundled app. */
export function renderIndexHtml(data: SiteData, bundle: AppBundle): string {
  const script = closeProof(bundle.js, 'script');
  const title = `${data.project.name} · Strata docs`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(script)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${closeProof(bundle.css, 'style')}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script type="application/json" id="${SITE_DATA_ELEMENT_ID}">${siteDataJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The policy for a page whose only script is `script` (hashed exactly as inlined). */
export function contentSecurityPolicy(script: string): string {
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Site data as JSON safe inside a script element: every `<` becomes `\u003c`, which
 * JSON.parse reads back unchanged, so `</script>` in a description cannot end the element.
 */
export function siteDataJson(data: SiteData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/**
 * esbuild already escapes `</script` in strings it emits; this keeps a stray one (in a
 * comment, say) from ending the element early. `<\/` means the same in JS strings and CSS.
 */
function closeProof(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
