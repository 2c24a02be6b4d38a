/**
 * `result:<status>` against the --state folder's run_results.json, and
 * `source_status:fresher` comparing its sources.json with the current target's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { selectNodes } from '../../../src/graph/select.js';
import { loadPreviousState } from '../../../src/graph/state.js';
import { m, shopProject, src } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'strata-state-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
function folder(files: Record<string, unknown>): string {
  const dir = join(root, `dir-${folders++}`);
  mkdirSync(dir);
  for (const [name, json] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(json));
  return dir;
}

const manifest = shopProject();
const graph = buildGraph(manifest);

function select(selector: string, stateFiles: Record<string, unknown>, currentFiles: Record<string, unknown> = {}) {
  const state = loadPreviousState(folder({ 'manifest.json': { nodes: {} }, ...stateFiles }), folder(currentFiles));
  return [...selectNodes(manifest, graph, { select: [selector], state }).selected].sort();
}

const RUN_RESULTS = {
  args: { which: 'build' },
  results: [
    { unique_id: m('stg_orders'), status: 'success' },
    { unique_id: m('dim_users'), status: 'error' },
    { unique_id: m('fct_orders'), status: 'skipped' },
    { unique_id: m('orders_daily'), status: 'skipped' },
  ],
};

describe('result: selector', () => {
  it("selects the nodes of the previous run's status", () => {
    expect(select('result:error', { 'run_results.json': RUN_RESULTS })).toEqual([m('dim_users')]);
    expect(select('result:skipped', { 'run_results.json': RUN_RESULTS })).toEqual([m('fct_orders'), m('orders_daily')]);
    expect(select('result:fail', { 'run_results.json': RUN_RESULTS })).toEqual([]);
  });

  it('takes graph operators: result:error+ adds what depends on the failures', () => {
    expect(select('result:error+,resource_type:model', { 'run_results.json': RUN_RESULTS })).toEqual(
      [m('dim_users'), m('fct_orders'), m('orders_daily')].sort(),
    );
  });

  it('says which file is missing when the state has no run_results.json', () => {
    expect(() => select('result:error', {})).toThrow(/No run_results\.json at .*dir-\d+\/run_results\.json/);
  });
});

const sources = (entries: Array<[string, string | null]>) => ({
  results: entries.map(([id, maxLoadedAt]) =>
    maxLoadedAt === null
      ? { unique_id: id, status: 'runtime error', error: 'boom' }
      : { unique_id: id, status: 'pass', max_loaded_at: maxLoadedAt },
  ),
});

describe('source_status:fresher', () => {
  const previous = sources([
    [src('bronze', 'orders'), '2026-05-01T10:00:00+00:00'],
    [src('bronze', 'users'), '2026-05-01T10:00:00+00:00'],
    [src('other', 'events'), null],
  ]);

  it('selects sources with newer rows than the state recorded, or not measured before, and their children', () => {
    const current = sources([
      [src('bronze', 'orders'), '2026-05-01T11:00:00+00:00'],
      [src('bronze', 'users'), '2026-05-01T10:00:00+00:00'],
    ]);
    expect(select('source_status:fresher', { 'sources.json': previous }, { 'sources.json': current })).toEqual([
      src('bronze', 'orders'),
    ]);
    expect(
      select('source_status:fresher+,resource_type:model', { 'sources.json': previous }, { 'sources.json': current }),
    ).toEqual([m('fct_orders'), m('orders_daily'), m('stg_orders')]);
  });

  it('leaves out a source whose check failed in either run', () => {
    const current = sources([
      [src('bronze', 'orders'), null],
      [src('other', 'events'), '2026-05-01T11:00:00+00:00'],
    ]);
    expect(select('source_status:fresher', { 'sources.json': previous }, { 'sources.json': current })).toEqual([]);
  });

  it('asks for strata source freshness when the current target has no sources.json', () => {
    expect(() => select('source_status:fresher', { 'sources.json': previous })).toThrow(/No sources\.json at/);
  });
});
