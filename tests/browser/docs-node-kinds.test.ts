import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { describeWithChromium } from './describe-with-chromium.js';
import { fixtureWithDocs, locateNode, openPage, siteFileUrl } from './docs-sites.js';

/** The fact (`<dt>term</dt><dd>value</dd>`) named `term` on a node page. */
const fact = (page: Page, term: string) =>
  page.locator('dl.facts dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

describeWithChromium('snapshots, unit tests and exposures on the docs site, in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [dir, browser] = await Promise.all([fixtureWithDocs('docs-node-kinds'), launchChromium()]);
    ({ page, problems } = await openPage(browser));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (hash: string, ready = '#app h1') => {
    await page.goto(`${siteFileUrl(dir)}#${hash}`);
    await page.locator(ready).first().waitFor();
  };

  it('counts snapshots, exposures and unit tests on the overview', async () => {
    await open('/overview');
    const count = (type: string) => page.locator(`.count-${type} .count-number`).textContent();
    expect(await count('snapshot')).toBe('1');
    expect(await count('exposure')).toBe('2');
    expect(await count('unit_test')).toBe('1');
  });

  it('shows a snapshot like a model, with its strategy, between what it reads and its readers', async () => {
    await open('/node/snapshot.crm.customers_history');
    expect(await page.locator('h1').textContent()).toBe('customers_history');
    expect(await fact(page, 'Strategy').textContent()).toBe('timestamp');
    expect(await fact(page, 'Unique key').textContent()).toBe('id');
    expect(await fact(page, 'Updated at').textContent()).toBe('updated_at');
    expect(await fact(page, 'Relation').textContent()).toBe('"history"."customers_history"');
    expect(await page.locator('[data-section="depends-on"] .node-link-label').allTextContents()).toEqual(['customers']);
    expect((await page.locator('[data-section="referenced-by"] .node-link-label').allTextContents()).sort()).toEqual([
      'churn_notebook',
      'current_tiers',
    ]);
    expect(await page.locator('[data-sql="raw"]').textContent()).toContain("ref('customers')");
  });

  it("lists a model's unit tests on its page with the rows given and expected", async () => {
    await open('/node/model.crm.current_tiers');
    const unitTest = page.locator('[data-section="unit-tests"] [data-unit-test="keeps_current_rows_only"]');
    const given = unitTest.locator('[data-section="given"]');
    expect(await given.locator('h2').textContent()).toBe("Given ref('customers_history')");
    expect(await given.locator('th').allTextContents()).toEqual(['id', 'tier', 'dbt_valid_to']);
    expect(await given.locator('tbody tr').nth(1).locator('td').allTextContents()).toEqual([
      '1',
      'bronze',
      '2026-01-01',
    ]);
    expect(await unitTest.locator('[data-section="expect"] tbody td').allTextContents()).toEqual(['1', 'gold']);
    await unitTest.locator('h3 a').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('keeps_current_rows_only');
    expect(await fact(page, 'Tests model').textContent()).toContain('current_tiers');
    expect(await page.locator('[data-section="expect"] tbody td').allTextContents()).toEqual(['1', 'gold']);
  });

  it('shows an exposure with its owner, address and inputs, and links only an http(s) address', async () => {
    await open('/node/exposure.crm.tier_board');
    expect(await page.locator('h1').textContent()).toBe('Tier board');
    expect(await fact(page, 'Exposure type').textContent()).toBe('dashboard');
    expect(await fact(page, 'Maturity').textContent()).toBe('medium');
    expect(await fact(page, 'Owner').textContent()).toBe('Account management <accounts@example.com>');
    expect(await fact(page, 'URL').locator('a').getAttribute('href')).toBe('https://metabase.example.com/dashboard/3');
    expect(await page.locator('[data-section="description"] strong').textContent()).toBe('tier');
    expect(await page.locator('[data-section="depends-on"] .node-link-label').allTextContents()).toEqual([
      'current_tiers',
    ]);
    expect(await page.locator('[data-section="columns"]').count()).toBe(0);

    await open('/node/exposure.crm.churn_notebook');
    expect(await page.locator('dl.facts dt', { hasText: 'URL' }).count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
  });

  it('draws the snapshot and the exposures in the lineage, the exposures downstream of what they read', async () => {
    await open('/lineage?focus=seed.crm.customers', 'canvas.lineage-canvas');
    await expect.poll(() => locateNode(page, 'exposure.crm.tier_board')).not.toBeNull();
    const seed = (await locateNode(page, 'seed.crm.customers'))!;
    const snapshot = (await locateNode(page, 'snapshot.crm.customers_history'))!;
    const model = (await locateNode(page, 'model.crm.current_tiers'))!;
    const exposure = (await locateNode(page, 'exposure.crm.tier_board'))!;
    expect(seed.x).toBeLessThan(snapshot.x);
    expect(snapshot.x).toBeLessThan(model.x);
    expect(model.x).toBeLessThan(exposure.x);
    const downstream = await page
      .locator('.lineage-panel [data-list="downstream"] .panel-node-label')
      .allTextContents();
    expect(downstream).toEqual(expect.arrayContaining(['customers_history', 'current_tiers', 'Tier board']));
    // a unit test reads no table: it is not drawn
    expect(await locateNode(page, 'unit_test.crm.current_tiers.keeps_current_rows_only')).toBeNull();
    expect(problems).toEqual([]);
  });
});
