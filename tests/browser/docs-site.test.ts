import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocsNode, SiteData } from '../../src/docs/site-data.js';
import { launchChromium } from './chromium.js';
import { describeWithChromium } from './describe-with-chromium.js';
import {
  currentHash,
  DRAWN_MARK,
  drawCount,
  exampleProjectWithDocs,
  locateNode,
  openPage,
  readSiteData,
  serveDocs,
  siteFileUrl,
  type DocsServer,
} from './docs-sites.js';

/** The side panel's button for the node labelled `label` in one of its lists. */
function panelButton(page: Page, list: 'upstream' | 'downstream' | 'path', label: string) {
  return page.locator(`.lineage-panel [data-list="${list}"] button`).filter({
    has: page.locator('.panel-node-label', {
      hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    }),
  });
}

interface CatalogJson {
  nodes: Record<string, { columns: Record<string, { name: string; type: string }> }>;
}

describeWithChromium('the docs site of the example project, in Chromium', () => {
  let dir: string;
  let data: SiteData;
  let browser: Browser;
  let server: DocsServer;

  beforeAll(async () => {
    dir = await exampleProjectWithDocs();
    data = readSiteData(dir);
    [browser, server] = await Promise.all([launchChromium(), serveDocs(dir)]);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const node = (name: string): DocsNode => {
    const found = data.nodes.find((candidate) => candidate.name === name && candidate.resourceType === 'model');
    if (!found) throw new Error(`the example project has no model ${name}`);
    return found;
  };
  const labels = (numbers: number[]) =>
    numbers
      .map((i) => data.nodes[i]!)
      .filter((n) => n.resourceType !== 'test')
      .map((n) => n.label);

  for (const origin of ['file', 'http'] as const) {
    describe(`opened over ${origin === 'file' ? 'file://' : '`strata docs serve`'}`, () => {
      let page: Page;
      let problems: string[];
      const home = () => (origin === 'file' ? siteFileUrl(dir) : server.url);

      beforeAll(async () => {
        ({ page, problems } = await openPage(browser));
      });

      afterAll(async () => {
        await page?.context().close();
      });

      it('opens on the project overview', async () => {
        await page.goto(home());
        await expect.poll(() => page.locator('main h1').textContent()).toBe(data.project.name);
        expect(await page.locator('.count-model .count-number').textContent()).toBe(String(data.project.counts.model));
        expect(await page.locator('.count-test .count-number').textContent()).toBe(String(data.project.counts.test));
      });

      it('finds fct_orders by searching and opens its page', async () => {
        await page.fill('#search', 'fct_ord');
        const first = page.locator('#search-results [role=option]').first();
        await expect.poll(() => first.textContent()).toContain('fct_orders');
        await first.locator('a').click();
        await expect.poll(() => currentHash(page)).toBe('#/node/model.shop.fct_orders');
        expect(await page.locator('h1.node-title').textContent()).toBe('fct_orders');
      });

      it('shows the model: description, materialization, columns with types and tests, SQL, neighbours', async () => {
        const fctOrders = node('fct_orders');
        const article = page.locator('article.node-page');
        const text = (await article.innerText()).replace(/\s+/g, ' ');
        expect(text).toContain(fctOrders.descriptionText);
        expect(text).toContain('incremental');
        expect(text).toContain('models/marts/fct_orders.sql');

        const catalog = JSON.parse(readFileSync(join(dir, 'target/catalog.json'), 'utf8')) as CatalogJson;
        const columns = Object.values(catalog.nodes['model.shop.fct_orders']!.columns);
        expect(columns.length).toBeGreaterThan(5);
        for (const column of columns) {
          const row = page.locator(`tr[data-column="${column.name}"]`);
          expect(await row.locator('.column-type').textContent()).toBe(column.type);
        }
        const orderId = await page.locator('tr[data-column="order_id"] .column-tests').innerText();
        expect(orderId).toContain('not_null');
        expect(orderId).toContain('unique');
        expect(await page.locator('[data-section="tests"] tbody tr').count()).toBe(fctOrders.tests.length);

        const rawSql = readFileSync(join(dir, 'models/marts/fct_orders.sql'), 'utf8');
        expect((await page.locator('[data-sql="raw"] pre').textContent())!.trim()).toBe(rawSql.trim());
        const compiled = (await page.locator('[data-sql="compiled"] pre').textContent())!;
        expect(compiled).toContain('stg_orders');
        expect(compiled).not.toContain('{{');

        const dependsOn = await page.locator('[data-section="depends-on"] .node-link-label').allTextContents();
        expect(dependsOn.sort()).toEqual(labels(fctOrders.parents).sort());
        const referencedBy = await page.locator('[data-section="referenced-by"] .node-link-label').allTextContents();
        expect(referencedBy.sort()).toEqual(labels(fctOrders.children).sort());
      });

      it('follows the lineage upstream through the side panel', async () => {
        await page.locator('a', { hasText: 'View lineage' }).click();
        await expect.poll(() => drawCount(page)).toBeGreaterThan(0);
        const panel = page.locator('.lineage-panel');
        await expect.poll(() => panel.locator('.focused-name').textContent()).toBe('fct_orders');

        // every direct parent is listed one step up
        const upstream = panel.locator('[data-list="upstream"] li');
        const oneStepUp = await upstream
          .filter({ has: page.locator('.depth', { hasText: /^1$/ }) })
          .locator('.panel-node-label')
          .allTextContents();
        expect(oneStepUp.sort()).toEqual(labels(node('fct_orders').parents).sort());

        // refocus on a parent, then on its parent, through the panel's buttons
        let drawn = await drawCount(page);
        await panelButton(page, 'upstream', 'stg_orders').click();
        await expect.poll(() => panel.locator('.focused-name').textContent()).toBe('stg_orders');
        await expect.poll(() => drawCount(page)).toBeGreaterThan(drawn);
        expect(await currentHash(page)).toContain('focus=model.shop.stg_orders');
        const stgOrdersUp = await panel.locator('[data-list="upstream"] .panel-node-label').allTextContents();
        expect(stgOrdersUp).toEqual(expect.arrayContaining(labels(node('stg_orders').parents)));
        expect(await panel.locator('[data-list="downstream"] .panel-node-label').allTextContents()).toContain(
          'fct_orders',
        );

        drawn = await drawCount(page);
        const [base] = labels(node('stg_orders').parents);
        await panelButton(page, 'upstream', base!).click();
        await expect.poll(() => panel.locator('.focused-name').textContent()).toBe(base);
        await expect.poll(() => drawCount(page)).toBeGreaterThan(drawn);
        const sourceUp = await panel.locator('[data-list="upstream"] .panel-node-label').allTextContents();
        expect(sourceUp.some((label) => label.startsWith('bronze.'))).toBe(true);
      });

      it('focuses a node clicked on the canvas and opens its page on double-click', async () => {
        await page.goto(`${home()}#/lineage?up=1&down=1`);
        await expect.poll(() => drawCount(page)).toBeGreaterThan(0);
        const point = await locateNode(page, 'model.shop.dim_users');
        expect(point).not.toBeNull();
        await page.mouse.click(point!.x, point!.y);
        await expect.poll(() => page.locator('.lineage-panel .focused-name').textContent()).toBe('dim_users');
        const upstream = await page.locator('[data-list="upstream"] .panel-node-label').allTextContents();
        expect(upstream.sort()).toEqual(labels(node('dim_users').parents).sort());

        await page.mouse.dblclick(point!.x, point!.y);
        await expect.poll(() => page.locator('h1.node-title').textContent()).toBe('dim_users');
      });

      it('highlights the paths between the focus and a shift-clicked node', async () => {
        await page.goto(`${home()}#/lineage?focus=model.shop.stg_orders`);
        await expect.poll(() => drawCount(page)).toBeGreaterThan(0);
        const point = await locateNode(page, 'model.shop.orders_daily_summary');
        expect(point).not.toBeNull();
        await page.keyboard.down('Shift');
        await page.mouse.click(point!.x, point!.y);
        await page.keyboard.up('Shift');
        const onPath = page.locator('[data-list="path"] .panel-node-label');
        await expect.poll(() => onPath.allTextContents()).toContain('orders_daily_summary');
        expect(await onPath.allTextContents()).toContain('fct_orders');
        expect(await currentHash(page)).toContain('path=model.shop.orders_daily_summary');
      });

      it('filters by resource type: tests appear with their own layout', async () => {
        await page.goto(`${home()}#/lineage?focus=model.shop.fct_orders&up=1&down=1`);
        await expect.poll(() => drawCount(page)).toBeGreaterThan(0);
        const downstream = page.locator('[data-list="downstream"] .badge');
        expect(await downstream.allTextContents()).not.toContain('test');
        const drawn = await drawCount(page);
        await page.locator('input[data-type="test"]').check();
        await expect.poll(() => drawCount(page)).toBeGreaterThan(drawn);
        await expect.poll(() => downstream.allTextContents()).toContain('test');
        expect(await currentHash(page)).toContain('types=model%2Csource%2Cseed%2Csnapshot%2Cexposure%2Ctest');
      });

      it('drew the canvas and logged no errors', async () => {
        const marks = await page.evaluate((mark) => performance.getEntriesByName(mark).length, DRAWN_MARK);
        expect(marks).toBeGreaterThan(0);
        expect(problems).toEqual([]);
      });
    });
  }
});
