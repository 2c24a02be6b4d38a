import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { describeWithChromium } from './describe-with-chromium.js';
import { fixtureWithDocs, openPage, readSiteData, siteFileUrl } from './docs-sites.js';

const SCRIPT = '<script>window.__xss = 1</script>';
const IMAGE = '<img src=x onerror="window.__xss = 1">';
const MODEL_PAGE = '#/node/model.xss.people_clean';

/** What an attack would have left behind: the flag, script or handler elements in the content, javascript: links. */
function traces(page: Page) {
  return page.evaluate(() => {
    type Doc = { querySelectorAll(selector: string): { length: number } };
    const scope = globalThis as unknown as { __xss?: unknown; document: Doc };
    return {
      flag: scope.__xss,
      scriptsInContent: scope.document.querySelectorAll('#app script').length,
      images: scope.document.querySelectorAll('#app img').length,
      handlers: scope.document.querySelectorAll('#app [onerror], #app [onclick], #app [onload]').length,
      javascriptLinks: scope.document.querySelectorAll('a[href^="javascript" i]').length,
    };
  });
}

const CLEAN = { flag: undefined, scriptsInContent: 0, images: 0, handlers: 0, javascriptLinks: 0 };

describeWithChromium('descriptions that carry HTML and scripts', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    [dir, browser] = await Promise.all([fixtureWithDocs('docs-xss'), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows them as text on the model page and never runs them', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${siteFileUrl(dir)}${MODEL_PAGE}`);
    const description = page.locator('[data-section="description"] .markdown').first();
    await expect.poll(() => description.textContent()).toContain(SCRIPT);
    expect(await description.textContent()).toContain(IMAGE);
    expect(await description.textContent()).toContain('[click me](javascript:window.__xss=1)');
    expect(await page.locator('tr[data-column="id"]').textContent()).toContain(IMAGE);
    expect(await page.locator('tr[data-column="id"]').textContent()).toContain(SCRIPT);
    expect(await page.locator('tr[data-column="name"]').textContent()).toContain(
      '<a href="javascript:window.__xss=1">raw link</a>',
    );

    // search results and the lineage show names only, and nothing ran there either
    await page.fill('#search', 'onerror');
    await expect.poll(() => page.locator('#search-results [role=option]').count()).toBeGreaterThan(0);
    await page.goto(`${siteFileUrl(dir)}#/lineage?focus=model.xss.people_clean`);
    await expect.poll(() => page.locator('.lineage-panel .focused-name').textContent()).toBe('people_clean');
    await page.waitForTimeout(200);
    expect(await traces(page)).toEqual(CLEAN);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('stays inert even when the generator and the page policy both let it through', async () => {
    // A site whose description HTML was not sanitized and whose page has no CSP: the
    // app's own allowlist is then the only wall left.
    const data = readSiteData(dir);
    const model = data.nodes.find((node) => node.name === 'people_clean')!;
    model.descriptionHtml = [
      '<p>Raw',
      SCRIPT,
      IMAGE.replace('x', 'data:x'),
      '<a href="javascript:window.__xss=1" onclick="window.__xss=1">link</a>',
      '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>' +
        '<svg><script>window.__xss=1</script></svg>' +
        '<b onmouseover="window.__xss=1">bold</b></p>',
    ].join(' ');
    model.columns[0]!.descriptionHtml = `<img src="x" onerror="window.__xss = 1"><style>body{display:none}</style>`;
    const html = readFileSync(join(dir, 'target/index.html'), 'utf8')
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace(
        /(<script type="application\/json" id="strata-docs-data">)[\s\S]*?(<\/script>)/,
        (_, open: string, close: string) => `${open}${JSON.stringify(data).replace(/</g, '\\u003c')}${close}`,
      );
    expect(html).not.toContain('Content-Security-Policy');
    const unsafe = join(dir, 'target/unsafe.html');
    writeFileSync(unsafe, html);

    const { page } = await openPage(browser);
    await page.goto(`${pathToFileURL(unsafe).href}${MODEL_PAGE}`);
    await expect
      .poll(() => page.locator('[data-section="description"] .markdown').first().textContent())
      .toContain('Raw');
    expect(await page.locator('[data-section="description"] .markdown b').textContent()).toBe('bold');
    await page.locator('[data-section="description"] .markdown b').hover();
    await page.locator('[data-section="description"] .markdown a').click();
    await page.waitForTimeout(200);
    expect(await traces(page)).toEqual(CLEAN);
    expect(await page.locator('body').isVisible()).toBe(true);
    await page.context().close();
  });
});
