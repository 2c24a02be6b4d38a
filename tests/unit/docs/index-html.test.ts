import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppBundle } from '../../../src/docs/app-bundle.js';
import { renderIndexHtml } from '../../../src/docs/index-html.js';
import { SITE_DATA_VERSION, type SiteData } from '../../../src/docs/site-data.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { tempDir } from '../../support/temp-dir.js';

const hostile = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>';

function siteData(): SiteData {
  const layout = { nodeWidth: 240, nodeHeight: 36, x: [0], y: [0], layer: [0], width: 240, height: 36 };
  return {
    version: SITE_DATA_VERSION,
    project: {
      name: 'shop <&>',
      overviewHtml: '',
      adapterType: 'duckdb',
      generatedAt: '2026-01-01T00:00:00.000Z',
      strataVersion: '0.1.0',
      counts: { model: 1, seed: 0, source: 0, snapshot: 0, exposure: 0, test: 0, unit_test: 0 },
    },
    nodes: [
      {
        uniqueId: 'model.shop.orders',
        name: 'orders',
        resourceType: 'model',
        label: 'orders',
        file: 'models/orders.sql',
        folder: 0,
        descriptionHtml: '',
        descriptionText: hostile,
        materialization: 'view',
        tags: [],
        columns: [],
        rawSql: `select '${hostile}'`,
        parents: [],
        children: [],
        tests: [],
      },
    ],
    edges: [],
    layouts: { withoutTests: layout, withTests: layout },
    tags: [],
    folders: ['models'],
  };
}

const bundle = {
  js: 'document.getElementById("app").textContent = "hi"; // </script> in a comment',
  css: 'body { color: red }',
};

/** The text of the element whose opening tag matches `open`, up to the next `</script>`. */
function scriptText(html: string, open: string): string {
  const start = html.indexOf(open);
  expect(start).toBeGreaterThan(-1);
  const from = start + open.length;
  return html.slice(from, html.indexOf('</script>', from));
}

describe('renderIndexHtml', () => {
  const html = renderIndexHtml(siteData(), bundle);

  it('is one page with the styles, the app element, the data and the app inlined', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    expect(html).toContain('<style>body { color: red }</style>');
    expect(html).toContain('<div id="app"></div>');
    expect(html).toContain('<title>shop &lt;&amp;&gt; · Strata docs</title>');
    expect(html.indexOf('id="strata-docs-data"')).toBeLessThan(html.lastIndexOf('<script>'));
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
  });

  it('forbids the network and any script but the app, pinned by its hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const app = scriptText(html, '<script>');
    const hash = createHash('sha256').update(app).digest('base64');
    expect(csp!.split('; ')).toEqual([
      "default-src 'none'",
      `script-src 'sha256-${hash}'`,
      "style-src 'unsafe-inline'",
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('keeps </script> in the data from closing its element, and the data reads back intact', () => {
    const json = scriptText(html, '<script type="application/json" id="strata-docs-data">');
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual(siteData());
    // only the two real closing tags: the data's and the app's
    expect(html.match(/<\/script/gi)).toHaveLength(2);
  });

  it('keeps a stray </script> in the app bundle from ending its element', () => {
    expect(scriptText(html, '<script>')).toContain('// <\\/script> in a comment');
  });
});

describe('loadAppBundle', () => {
  it('reads app.js and app.css', () => {
    const dir = tempDir('strata-bundle-');
    writeFileSync(join(dir, 'app.js'), 'run()');
    writeFileSync(join(dir, 'app.css'), 'p{}');
    expect(loadAppBundle(dir)).toEqual({ js: 'run()', css: 'p{}' });
  });

  it('names the fix when the bundle was never built', () => {
    const dir = tempDir('strata-no-bundle-');
    expect(() => loadAppBundle(dir)).toThrow(StrataError);
    expect(() => loadAppBundle(dir)).toThrow(/app\.js is missing/);
    try {
      loadAppBundle(dir);
    } catch (error) {
      expect((error as StrataError).hint).toMatch(/npm run build/);
    }
  });
});
