import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { SiteData } from '../../src/docs/site-data.js';
import { copyFixture, strata, type CliResult } from '../support/cli.js';

const REPO = resolve(import.meta.dirname, '../..');
/** What the example project is made of (the repository root is the example). */
const EXAMPLE_ENTRIES = ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests'];

/** The mark the lineage view leaves after each completed draw. */
export const DRAWN_MARK = 'strata:lineage-drawn';

async function run(args: string[], cwd: string): Promise<CliResult> {
  const result = await strata(args, { cwd });
  if (result.code !== 0)
    throw new Error(`strata ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/**
 * A copy of the example project, its Bronze sample generated, built on DuckDB (so the
 * catalog has column types) and its docs generated: the folder, with target/index.html.
 */
export async function exampleProjectWithDocs(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-docs-example-'));
  for (const entry of EXAMPLE_ENTRIES) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  await run(['generate', '--seed', '42'], dir);
  await run(['build'], dir);
  await run(['docs', 'generate'], dir);
  return dir;
}

/** A fixture project with its docs generated without a warehouse (no build needed). */
export async function fixtureWithDocs(name: string): Promise<string> {
  const dir = copyFixture(name);
  await run(['docs', 'generate', '--empty-catalog'], dir);
  return dir;
}

/** The site data embedded in a generated index.html. */
export function readSiteData(projectDir: string): SiteData {
  const html = readFileSync(join(projectDir, 'target/index.html'), 'utf8');
  const json = /<script type="application\/json" id="strata-docs-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error('index.html carries no site data');
  return JSON.parse(json) as SiteData;
}

export function siteFileUrl(projectDir: string): string {
  return pathToFileURL(join(projectDir, 'target/index.html')).href;
}

export interface DocsServer {
  url: string;
  stop(): Promise<void>;
}

/** `strata docs serve --port 0` in `projectDir`, until stop(). */
export async function serveDocs(projectDir: string): Promise<DocsServer> {
  let kill: (signal: NodeJS.Signals) => void = () => undefined;
  let output: () => string = () => '';
  const exited = strata(['docs', 'serve', '--port', '0'], {
    cwd: projectDir,
    onSpawn: (killChild, readOutput) => {
      kill = killChild;
      output = readOutput;
    },
  });
  let finished: CliResult | undefined;
  void exited.then((result) => (finished = result));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const url = /Serving docs at (http:\/\/\S+)/.exec(output())?.[1];
    if (url) {
      return {
        url: url.replace(/\/?$/, '/'),
        stop: async () => {
          kill('SIGTERM');
          await exited;
        },
      };
    }
    if (finished) throw new Error(`strata docs serve exited ${finished.code}:\n${finished.stdout}\n${finished.stderr}`);
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`strata docs serve did not report its address in 20 s:\n${output()}`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

/** A fresh page that collects what would point at a broken site: errors, failed requests, CSP reports. */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  return { page, problems };
}

/** How many lineage draws have completed in the page. */
export function drawCount(page: Page): Promise<number> {
  return page.evaluate((mark) => performance.getEntriesByName(mark).length, DRAWN_MARK);
}

/** The page's location.hash. */
export function currentHash(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
}

/** Page coordinates of a node's box centre on the lineage canvas (the app's test probe), or null. */
export async function locateNode(page: Page, uniqueId: string): Promise<{ x: number; y: number } | null> {
  const canvas = await page.locator('canvas.lineage-canvas').boundingBox();
  type Probe = { strataLineage?: { locate(id: string): { x: number; y: number } | null } };
  const point = await page.evaluate(
    (id) => (globalThis as unknown as Probe).strataLineage?.locate(id) ?? null,
    uniqueId,
  );
  return canvas && point ? { x: canvas.x + point.x, y: canvas.y + point.y } : null;
}
