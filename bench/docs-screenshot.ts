/**
 * The README's picture of the lineage: generates the example project's docs site (on a
 * copy, sample data from seed 42, built on DuckDB), opens it in headless Chromium with
 * fct_orders focused two steps up and down, and saves docs/lineage.png (1400x900).
 *
 *   npm run build && node dist/bench/docs-screenshot.js [--out docs/lineage.png]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../tests/browser/chromium.js';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/strata.js');
const EXAMPLE_ENTRIES = ['project.yml', 'profiles.yml', 'models', 'seeds', 'macros', 'data-tests'];
const VIEW = '#/lineage?focus=model.shop.fct_orders&up=2&down=2';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

function strata(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0)
    throw new Error(`strata ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

async function main(): Promise<void> {
  const out = resolve(REPO, argument('--out', 'docs/lineage.png'));
  const dir = mkdtempSync(join(tmpdir(), 'strata-docs-screenshot-'));
  try {
    for (const entry of EXAMPLE_ENTRIES) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
    strata(['generate', '--seed', '42'], dir);
    strata(['build'], dir);
    strata(['docs', 'generate'], dir);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${pathToFileURL(join(dir, 'target/index.html')).href}${VIEW}`);
      await page.waitForFunction(() => performance.getEntriesByName('strata:lineage-drawn').length > 0);
      // let a late font or layout settle before the picture
      await page.waitForTimeout(300);
      mkdirSync(dirname(out), { recursive: true });
      await page.screenshot({ path: out });
      console.log(`wrote ${out}`);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
