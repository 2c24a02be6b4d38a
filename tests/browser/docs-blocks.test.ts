import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { describeWithChromium } from './describe-with-chromium.js';
import { fixtureWithDocs, openPage, siteFileUrl } from './docs-sites.js';

/** tests/fixtures/dbt-tests-docs: descriptions made of `{{ doc('...') }}` and docs blocks in models/docs.md. */
describeWithChromium('descriptions that include docs blocks', () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    [dir, browser] = await Promise.all([fixtureWithDocs('dbt-tests-docs'), launchChromium()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens on the __overview__ docs block, as dbt docs does', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(siteFileUrl(dir));
    await expect.poll(() => page.locator('#app h1').first().textContent()).toBe('Shop checks');
    expect(await page.locator('#app').textContent()).toContain('with the checks the team relies on');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("show the block's Markdown, rendered, where the description called doc()", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${siteFileUrl(dir)}#/node/model.shop_checks.orders`);
    const description = page.locator('[data-section="description"] .markdown').first();
    await expect.poll(() => description.textContent()).toContain('One row per order, returns included.');
    expect(await description.locator('strong').textContent()).toBe('returns');
    expect(await page.locator('tr[data-column="status"]').textContent()).toContain(
      'Status. One of placed, shipped or returned.',
    );
    expect(await page.content()).not.toContain('doc(');
    await page.goto(`${siteFileUrl(dir)}#/node/source.shop_checks.raw.payments`);
    await expect
      .poll(() => page.locator('[data-section="description"] .markdown').first().textContent())
      .toContain('Payments, one file per day.');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
