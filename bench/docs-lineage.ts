/**
 * The docs site's lineage at scale (issue: docs site): a 10,000-model synthetic project
 * (plus its tests), `strata docs generate --empty-catalog`, then index.html#/lineage in
 * headless Chromium. Prints the generate time, the page size, the time from navigation
 * start to the first completed lineage draw, and per interaction the median and p95 time
 * from the input event to the end of the next draw (`strata:lineage-drawn` mark) and to
 * the start of the frame after it (the draw has then been painted). Not a test.
 *
 *   npm run build && node dist/bench/docs-lineage.js [--models 10000] [--runs 20] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { SiteData } from '../src/docs/site-data.js';
import { launchChromium } from '../tests/browser/chromium.js';
import { writeSyntheticProject } from './synthetic-project.js';

const BIN = resolve(import.meta.dirname, '../../bin/strata.js');
const DRAWN = 'strata:lineage-drawn';
const VIEWPORT = { width: 1400, height: 900 };

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

const MODELS = Number(argument('--models', '10000'));
const RUNS = Number(argument('--runs', '20'));

/** The page's side of the measurement: input events seen, in the page's clock. */
interface BenchWindow {
  benchEvents: number[];
  benchFrames: number[];
  strataLineage?: { locate(uniqueId: string): { x: number; y: number } | null };
}

interface Latency {
  drawn: number;
  painted: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `median / p95 ms`, right-aligned for the interaction table. */
function medianAndP95(latencies: number[]): string {
  const median = percentile(latencies, 50).toFixed(1).padStart(7);
  const p95 = percentile(latencies, 95).toFixed(1).padStart(6);
  return `${median} / ${p95} ms`;
}

function generate(dir: string): { seconds: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, 'docs', 'generate', '--empty-catalog'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0)
    throw new Error(`strata docs generate failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: result.stdout };
}

function readSiteData(indexHtml: string): SiteData {
  const html = readFileSync(indexHtml, 'utf8');
  const json = /<script type="application\/json" id="strata-docs-data">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error(`${indexHtml} carries no site data`);
  return JSON.parse(json) as SiteData;
}

/** Open the lineage and return ms from navigation start to the first completed draw. */
async function openLineage(page: Page, url: string): Promise<number> {
  await page.goto(`${url}#/lineage`);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, DRAWN, { timeout: 60_000 });
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, DRAWN);
}

/** Record every input event's timestamp and every frame's start, in the page. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as BenchWindow & {
      addEventListener: (type: string, listener: (event: { timeStamp: number }) => void, options: object) => void;
      requestAnimationFrame: (callback: (time: number) => void) => void;
    };
    w.benchEvents = [];
    w.benchFrames = [];
    for (const type of ['pointerdown', 'pointermove', 'wheel', 'input', 'change', 'keydown']) {
      w.addEventListener(type, (event) => w.benchEvents.push(event.timeStamp), { capture: true, passive: true });
    }
    const loop = () => {
      w.benchFrames.push(performance.now());
      if (w.benchFrames.length > 2000) w.benchFrames.splice(0, 1000);
      w.requestAnimationFrame(loop);
    };
    w.requestAnimationFrame(loop);
  });
}

/** Let pending redraws (hover, say) finish, so the next measurement sees only its own. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(60);
}

/** Run `action` and time it from its first input event to the next draw and the frame after. */
async function measure(page: Page, action: () => Promise<void>): Promise<Latency> {
  await settle(page);
  const marksBefore = await page.evaluate((mark) => {
    (globalThis as unknown as BenchWindow).benchEvents.length = 0;
    return performance.getEntriesByName(mark).length;
  }, DRAWN);
  await action();
  const handle = await page.waitForFunction(
    ([mark, before]) => {
      const w = globalThis as unknown as BenchWindow;
      if (!w.benchEvents.length) return null;
      const start = Math.min(...w.benchEvents);
      const drawn = performance
        .getEntriesByName(mark)
        .slice(before)
        .find((entry) => entry.startTime >= start);
      if (!drawn) return null;
      const nextFrame = w.benchFrames.find((time) => time > drawn.startTime);
      if (nextFrame === undefined) return null;
      return { drawn: drawn.startTime - start, painted: nextFrame - start };
    },
    [DRAWN, marksBefore] as const,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue())!;
}

async function locate(page: Page, uniqueId: string): Promise<{ x: number; y: number } | null> {
  const box = await page.locator('canvas.lineage-canvas').boundingBox();
  const point = await page.evaluate(
    (id) => (globalThis as unknown as BenchWindow).strataLineage?.locate(id) ?? null,
    uniqueId,
  );
  if (!box || !point || point.x < 2 || point.y < 2 || point.x > box.width - 2 || point.y > box.height - 2) return null;
  return { x: box.x + point.x, y: box.y + point.y };
}

/** Every model now on screen, in node order. */
async function modelsOnScreen(page: Page, data: SiteData): Promise<number[]> {
  const models = data.nodes.flatMap((node, i) => (node.resourceType === 'model' ? [i] : []));
  const box = (await page.locator('canvas.lineage-canvas').boundingBox())!;
  const ids = models.map((node) => data.nodes[node]!.uniqueId);
  const shown = await page.evaluate(
    ([uniqueIds, width, height]) =>
      uniqueIds.map((id) => {
        const point = (globalThis as unknown as BenchWindow).strataLineage?.locate(id);
        return Boolean(point && point.x > 2 && point.y > 2 && point.x < width - 2 && point.y < height - 2);
      }),
    [ids, box.width, box.height] as const,
  );
  return models.filter((_, k) => shown[k]);
}

/** `count` entries spread evenly over `list`. */
function spread<T>(list: readonly T[], count: number): T[] {
  const step = list.length / (count + 1);
  return Array.from({ length: Math.min(count, list.length) }, (_, k) => list[Math.floor((k + 1) * step)]!);
}

/** Models downstream of `from` (breadth first, at most `limit`). */
function descendants(data: SiteData, from: number, limit: number): number[] {
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length && seen.size <= limit; head++) {
    for (const child of data.nodes[queue[head]!]!.children) {
      if (seen.has(child) || data.nodes[child]!.resourceType !== 'model') continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return queue.slice(1);
}

type Results = Map<string, Latency[]>;

function record(results: Results, name: string, latency: Latency): void {
  const list = results.get(name) ?? [];
  list.push(latency);
  results.set(name, list);
}

/** Click a node (not timed); false when it is not on screen. */
async function clickNode(page: Page, data: SiteData, node: number): Promise<boolean> {
  const point = await locate(page, data.nodes[node]!.uniqueId);
  if (!point) return false;
  await page.mouse.move(point.x, point.y);
  await settle(page);
  await page.mouse.click(point.x, point.y);
  await settle(page);
  return true;
}

async function clickAt(page: Page, point: { x: number; y: number }, modifiers: Array<'Shift'>): Promise<void> {
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.click(point.x, point.y);
  for (const key of modifiers) await page.keyboard.up(key);
}

async function interactions(page: Page, data: SiteData, results: Results, label: string): Promise<void> {
  const canvas = (await page.locator('canvas.lineage-canvas').boundingBox())!;
  const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };

  // click to focus: models across what is on screen, each a fresh focus with everything up- and downstream
  const visible = await modelsOnScreen(page, data);
  for (const node of spread(visible, RUNS)) {
    const point = await locate(page, data.nodes[node]!.uniqueId);
    if (!point) continue;
    // hover first: its redraw must not be taken for the click's
    await page.mouse.move(point.x, point.y);
    record(results, `${label}: click to focus`, await measure(page, () => page.mouse.click(point.x, point.y)));
  }

  // change depth around the current focus
  const depths = ['1', '3', 'all', '2', '5', 'all'];
  for (let i = 0; i < RUNS; i++) {
    const select = i % 2 ? '#lineage-down' : '#lineage-up';
    record(
      results,
      `${label}: change depth`,
      await measure(page, async () => void (await page.selectOption(select, depths[i % depths.length]!))),
    );
  }

  // path highlight: focus a node, then shift-click nodes on screen downstream of it
  const onScreen = new Set(visible);
  for (const focus of spread(visible, 10)) {
    const targets = spread(
      descendants(data, focus, 2000).filter((node) => onScreen.has(node)),
      6,
    );
    if (targets.length < 3 || !(await clickNode(page, data, focus))) continue;
    for (let i = 0; i < RUNS; i++) {
      const point = await locate(page, data.nodes[targets[i % targets.length]!]!.uniqueId);
      if (!point) continue;
      await page.mouse.move(point.x, point.y);
      record(results, `${label}: path highlight`, await measure(page, () => clickAt(page, point, ['Shift'])));
    }
    break;
  }

  // filter toggles: seeds on and off, one folder and back
  for (let i = 0; i < RUNS; i++) {
    if (i % 2) {
      const folder = i % 4 === 1 ? 'models/folder_050' : '';
      record(
        results,
        `${label}: filter (folder)`,
        await measure(page, async () => void (await page.selectOption('#lineage-folder', folder))),
      );
    } else {
      const seeds = page.locator('input[data-type="seed"]');
      const box = (await seeds.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      record(
        results,
        `${label}: filter (type)`,
        await measure(page, () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)),
      );
    }
  }

  // tests on and off: switches between the two precomputed layouts (25,000 nodes with tests)
  for (let i = 0; i < Math.max(2, RUNS / 2); i++) {
    const tests = page.locator('input[data-type="test"]');
    const box = (await tests.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    record(
      results,
      `${label}: filter (tests on/off)`,
      await measure(page, () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)),
    );
  }

  // back to the default view for the rest (not timed)
  await page.locator('input[data-type="seed"]').check();
  await page.locator('input[data-type="test"]').uncheck();
  await page.selectOption('#lineage-folder', '');

  // pan: one drag, each move timed
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let i = 0; i < RUNS; i++) {
    // right in 15 px steps, then back: 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, 1...
    const steps = i % 10 < 5 ? (i % 10) + 1 : 9 - (i % 10);
    record(results, `${label}: pan`, await measure(page, () => page.mouse.move(centre.x + 15 * steps, centre.y)));
  }
  await page.mouse.up();

  // zoom: wheel in and out around the centre
  for (let i = 0; i < RUNS; i++) {
    record(results, `${label}: zoom`, await measure(page, () => page.mouse.wheel(0, i % 2 ? 120 : -120)));
  }
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `strata-bench-docs-${MODELS}`);
  writeSyntheticProject({ dir, models: MODELS });
  const generated = generate(dir);
  const indexHtml = join(dir, 'target/index.html');
  const data = readSiteData(indexHtml);
  const withoutTests = data.layouts.withoutTests.x.filter((x) => x !== -1).length;
  const drawnEdges = data.edges.filter(
    ([a, b]) => data.layouts.withoutTests.x[a] !== -1 && data.layouts.withoutTests.x[b] !== -1,
  ).length;
  console.log(
    `project     ${MODELS} models: ${data.nodes.length} nodes incl. tests, ${data.edges.length} edges; ` +
      `default view ${withoutTests} nodes, ${drawnEdges} edges`,
  );
  console.log(
    `generate    ${generated.seconds.toFixed(2)} s (strata docs generate --empty-catalog, whole CLI process)`,
  );
  console.log(`index.html  ${(statSync(indexHtml).size / 1e6).toFixed(1)} MB`);

  const browser = await launchChromium();
  try {
    const url = pathToFileURL(indexHtml).href;
    const firstDraws: number[] = [];
    let page: Page | undefined;
    for (let i = 0; i < 3; i++) {
      await page?.close();
      page = await browser.newPage({ viewport: VIEWPORT });
      firstDraws.push(await openLineage(page, url));
    }
    const timing = await page!.evaluate(() => {
      // the page's PerformanceNavigationTiming, typed here without the DOM library
      const [navigation] = (
        performance as unknown as {
          getEntriesByType(type: string): Array<{ responseEnd: number; domInteractive: number }>;
        }
      ).getEntriesByType('navigation');
      return { responseEnd: navigation?.responseEnd ?? 0, domInteractive: navigation?.domInteractive ?? 0 };
    });
    const firstDrawRuns = firstDraws.map((t) => t.toFixed(0)).join(', ');
    const lastRun = [
      `file read by ${timing.responseEnd.toFixed(0)} ms`,
      `HTML parsed by ${timing.domInteractive.toFixed(0)} ms`,
    ].join(', ');
    console.log(
      `first draw  median ${percentile(firstDraws, 50).toFixed(0)} ms from navigation start ` +
        `(runs: ${firstDrawRuns} ms; last run: ${lastRun})`,
    );

    const results: Results = new Map();
    await instrument(page!);
    await interactions(page!, data, results, 'start view');
    // everything on screen at once: the most the renderer ever draws
    await page!.goto('about:blank');
    await openLineage(page!, url);
    await instrument(page!);
    await page!.click('button[title^="Fit"]');
    await interactions(page!, data, results, 'whole graph');

    console.log(
      `\ninteraction (${VIEWPORT.width}x${VIEWPORT.height})           ` +
        ['input -> drawn (median / p95)', 'input -> painted (median / p95)', 'n'].join('   '),
    );
    for (const [name, latencies] of results) {
      const drawn = latencies.map((l) => l.drawn);
      const painted = latencies.map((l) => l.painted);
      console.log(`${name.padEnd(36)} ${medianAndP95(drawn)}        ${medianAndP95(painted)}   ${latencies.length}`);
    }
  } finally {
    await browser.close();
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
