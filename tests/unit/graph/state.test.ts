import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { selectNodes } from '../../../src/graph/select.js';
import { loadPreviousState } from '../../../src/graph/state.js';
import { sourceConfigJson } from '../../../src/artifacts/source-config-json.js';
import { configToJson } from '../../../src/manifest/config-json.js';
import type { Manifest } from '../../../src/manifest/types.js';
import { allNodes } from '../../../src/manifest/types.js';
import { m, manifestOf, model, shopProject, src, t } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'strata-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type JsonObject = Record<string, unknown>;

/** The manifest.json the artifacts writer would produce for this manifest (the parts state reads). */
function manifestJson(manifest: Manifest): { nodes: Record<string, JsonObject>; sources: Record<string, JsonObject> } {
  const nodes: Record<string, Record<string, unknown>> = {};
  const sources: Record<string, Record<string, unknown>> = {};
  for (const node of allNodes(manifest)) {
    if (node.resourceType === 'source') {
      const external = node.external && {
        location: node.external.location,
        file_format: node.external.format,
        partitions: node.external.partitions.map((name) => ({ name, data_type: 'string' })),
      };
      sources[node.uniqueId] = {
        resource_type: 'source',
        config: sourceConfigJson(node),
        description: node.description,
        external,
      };
    } else if (node.resourceType !== 'exposure') {
      nodes[node.uniqueId] = {
        resource_type: node.resourceType,
        checksum: { name: 'sha256', checksum: node.checksum },
        config: configToJson(node.config, node.resourceType, node.meta),
        description: node.description,
      };
    }
  }
  return { nodes, sources };
}

let dirs = 0;
function writeState(json: unknown): string {
  const dir = join(root, `state-${dirs++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(json));
  return dir;
}

/** The previous run: the shop project with a few differences from today's. */
function previousState() {
  const json = manifestJson(shopProject());
  json.nodes[m('stg_orders')]!.checksum = { name: 'sha256', checksum: 'old-sql' };
  json.nodes[m('dim_users')]!.config = { ...(json.nodes[m('dim_users')]!.config as JsonObject), materialized: 'view' };
  json.nodes[m('fct_orders')]!.description = 'Old words';
  json.sources[src('bronze', 'orders')]!.external = {
    location: 'lake/old_orders',
    file_format: 'jsonl',
    partitions: [{ name: 'dt' }],
  };
  // Key order and explicit nulls are how another writer may spell the same config.
  const countries = json.nodes['seed.shop.countries']!;
  countries.config = { ...Object.fromEntries(Object.entries(countries.config as JsonObject).reverse()), alias: null };
  delete json.nodes[t('assert_positive_totals')];
  return loadPreviousState(writeState(json));
}

describe('state', () => {
  const manifest = shopProject();
  const graph = buildGraph(manifest);
  const state = previousState();
  const pick = (text: string): string[] => [...selectNodes(manifest, graph, { select: [text], state }).selected].sort();

  it('reads nodes and sources from the previous manifest', () => {
    expect(state.nodes.get(m('stg_orders'))?.checksum).toBe('old-sql');
    expect(state.nodes.get(src('bronze', 'orders'))?.external).toEqual({
      location: 'lake/old_orders',
      format: 'jsonl',
      partitions: ['dt'],
      fileGlob: undefined,
    });
  });

  it('state:new is what the previous run did not have', () => {
    expect(pick('state:new')).toEqual([t('assert_positive_totals')]);
  });

  it('state:modified is new, or a changed body, config or description', () => {
    expect(pick('state:modified')).toEqual(
      [m('dim_users'), m('fct_orders'), m('stg_orders'), src('bronze', 'orders'), t('assert_positive_totals')].sort(),
    );
  });

  it('state:modified.body and .configs narrow it down; new nodes count in each', () => {
    expect(pick('state:modified.body')).toEqual(
      [m('stg_orders'), src('bronze', 'orders'), t('assert_positive_totals')].sort(),
    );
    expect(pick('state:modified.configs')).toEqual([m('dim_users'), t('assert_positive_totals')].sort());
    expect(pick('state:modified.descriptions')).toEqual([m('fct_orders'), t('assert_positive_totals')].sort());
  });

  it('state:old and state:unmodified', () => {
    expect(pick('state:old')).not.toContain(t('assert_positive_totals'));
    expect(pick('state:unmodified')).toContain(m('stg_users'));
    expect(pick('state:unmodified')).toContain('seed.shop.countries');
    expect(pick('state:unmodified')).not.toContain(m('stg_orders'));
  });

  it('combines with graph operators and other methods', () => {
    const modifiedPlus = pick('state:modified.body+');
    expect(modifiedPlus).toContain(m('orders_daily'));
    expect(pick('state:modified,resource_type:model')).toEqual([m('dim_users'), m('fct_orders'), m('stg_orders')]);
  });

  it('needs a state to use state: selectors', () => {
    expect(() => selectNodes(manifest, graph, { select: ['state:modified'] })).toThrowError(StrataError);
    expect(() => selectNodes(manifest, graph, { exclude: ['state:new'] })).toThrowError(/--state DIR/);
  });

  it("sees every config as modified once against a manifest written without dbt's config defaults", () => {
    const json = manifestJson(shopProject());
    for (const node of manifest.nodes.values()) {
      if ('config' in node && json.nodes[node.uniqueId]) json.nodes[node.uniqueId]!.config = configToJson(node.config);
    }
    const older = loadPreviousState(writeState(json));
    const modified = selectNodes(manifest, graph, { select: ['state:modified.configs'], state: older }).selected;
    const enabled = [...manifest.nodes.values()].filter((node) => !('config' in node) || node.config.enabled);
    expect([...modified].sort()).toEqual(enabled.map((node) => node.uniqueId).sort());
  });

  it('a model added since the previous manifest is new', () => {
    const grown = manifestOf([...allNodes(shopProject()), model('brand_new')]);
    const result = selectNodes(grown, buildGraph(grown), { select: ['state:new'], state });
    expect([...result.selected].sort()).toEqual([m('brand_new'), t('assert_positive_totals')]);
  });
});

describe('loadPreviousState errors', () => {
  function loadError(dir: string): StrataError {
    try {
      loadPreviousState(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(StrataError);
      return error as StrataError;
    }
    throw new Error('expected an error');
  }

  it('names a missing folder, with a hint to compile first', () => {
    const error = loadError(join(root, 'nowhere'));
    expect(error.message).toContain('does not exist');
    expect(error.hint).toContain(`strata compile --target-path ${join(root, 'nowhere')}`);
  });

  it('names a file given as --state, and the folder to give instead when it is a manifest.json', () => {
    const dir = join(root, 'previous');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '{}');
    const error = loadError(join(dir, 'manifest.json'));
    expect(error.message).toContain('is a file; --state names the folder of a previous manifest.json');
    expect(error.hint).toBe(`Point --state at the folder holding it: --state ${dir}`);
  });

  it('names a folder without manifest.json', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    expect(loadError(dir).message).toContain('No manifest.json');
  });

  it('names a file that is not JSON or not a manifest', () => {
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'manifest.json'), '{ nope');
    expect(loadError(bad).message).toContain('is not valid JSON');
    expect(loadError(writeState({ metadata: {} })).message).toContain('has no "nodes" object');
  });
});
