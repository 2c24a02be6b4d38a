/**
 * The artifacts a catalog tool (DataHub, OpenMetadata) or a dbt-artifacts-style consumer
 * reads, checked per node kind on a project that has every kind: seeds, models, a snapshot,
 * data and unit tests, project hooks (operations), a source with freshness and an exposure.
 * The keys below are those dbt-core 1.11 writes for the same project on dbt-duckdb
 * (manifest v12, run_results v6, sources v3) that such tools read.
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, queryDuckDb, strata } from '../support/cli.js';

type Json = Record<string, unknown>;

/** What every entry of `nodes`, `sources`, `exposures` and `unit_tests` carries. */
const COMMON = [
  'unique_id',
  'resource_type',
  'name',
  'package_name',
  'fqn',
  'path',
  'original_file_path',
  'description',
];
/** What a node that is a relation in the warehouse carries besides. */
const RELATION = ['database', 'schema', 'relation_name', 'columns', 'config', 'tags', 'meta'];
/** dbt-core 1.11's keys per kind, beyond COMMON, that catalog tools read. */
const KIND_KEYS: Record<string, string[]> = {
  model: [
    ...RELATION,
    ...['alias', 'checksum', 'raw_code', 'language', 'refs', 'sources', 'depends_on', 'patch_path', 'time_spine'],
    'primary_key',
  ],
  seed: [...RELATION, 'alias', 'checksum', 'depends_on', 'patch_path'],
  snapshot: [...RELATION, 'alias', 'checksum', 'raw_code', 'refs', 'sources', 'depends_on'],
  source: [...RELATION, 'source_name', 'identifier', 'loaded_at_field', 'freshness', 'source_description', 'loader'],
  test: ['config', 'tags', 'meta', 'depends_on', 'test_metadata', 'column_name', 'attached_node', 'raw_code'],
  operation: ['config', 'raw_code', 'depends_on', 'functions', 'index', 'database', 'schema'],
  exposure: ['type', 'owner', 'label', 'maturity', 'url', 'config', 'tags', 'meta', 'depends_on', 'refs', 'sources'],
  unit_test: ['model', 'given', 'expect', 'overrides', 'config', 'depends_on', 'checksum', 'schema'],
};
/** The config keys dbt-core 1.11 writes for every model, seed, snapshot and hook, set or not. */
const NODE_CONFIG_DEFAULTS = {
  alias: null,
  schema: null,
  database: null,
  tags: [],
  meta: {},
  group: null,
  incremental_strategy: null,
  batch_size: null,
  lookback: 1,
  begin: null,
  persist_docs: {},
  'post-hook': [],
  'pre-hook': [],
  quoting: {},
  column_types: {},
  full_refresh: null,
  on_schema_change: 'ignore',
  on_configuration_change: 'apply',
  grants: {},
  packages: [],
  docs: { show: true, node_color: null },
  contract: { enforced: false, alias_types: true },
  event_time: null,
  concurrent_batches: null,
};
/** What each column of a relation carries (dbt 1.10+ adds its config). */
const COLUMN_KEYS = ['name', 'description', 'data_type', 'meta', 'tags', 'constraints', 'config'];
/** An entry of run_results.json `results`. */
const RESULT_KEYS = [
  'unique_id',
  'status',
  'timing',
  'thread_id',
  'execution_time',
  'adapter_response',
  'message',
  'failures',
  'compiled',
  'compiled_code',
  'relation_name',
  'batch_results',
];
/** An entry of sources.json `results`. */
const FRESHNESS_KEYS = [
  'unique_id',
  'status',
  'max_loaded_at',
  'snapshotted_at',
  'max_loaded_at_time_ago_in_s',
  'criteria',
  'adapter_response',
  'timing',
  'thread_id',
  'execution_time',
];

const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, 'target', file), 'utf8')) as Json;
const entries = (section: unknown) => Object.values(section as Record<string, Json>);

describe('artifacts a catalog tool reads, shaped as dbt-core 1.11 writes them', () => {
  let manifest: Json;
  let runResults: Json;
  let sources: Json;
  let dir: string;

  beforeAll(async () => {
    dir = copyFixture('artifact-shapes');
    const build = await strata(['build'], { cwd: dir });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/\d+ of \d+ NO-OP exposure tier_board \.+ \[NO-OP in \d+\.\d\ds\]/);
    expect(build.stdout).toMatch(/Done\. PASS=10 WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=11/);
    runResults = read(dir, 'run_results.json');
    const freshness = await strata(['source', 'freshness'], { cwd: dir });
    expect(freshness.code).toBe(0);
    // as in dbt, source freshness runs the project hooks too, and its manifest records them as run
    expect(freshness.stdout).toMatch(/1 of 1 OK hook: shop\.on-run-end\.0 \.+ \[OK in/);
    expect(freshness.stdout).toContain('Finished running 4 project hooks, 1 source in');
    sources = read(dir, 'sources.json');
    manifest = read(dir, 'manifest.json');
  }, 120_000);

  it('writes every node kind to manifest.json with the keys dbt writes for it', () => {
    const all = [
      ...entries(manifest.nodes),
      ...entries(manifest.sources),
      ...entries(manifest.exposures),
      ...entries(manifest.unit_tests),
    ];
    const kinds = new Set(all.map((node) => node.resource_type));
    expect([...kinds].sort()).toEqual(Object.keys(KIND_KEYS).sort());
    for (const node of all) {
      const kind = node.resource_type as string;
      for (const key of [...COMMON, ...KIND_KEYS[kind]!])
        expect(node, `${kind} ${String(node.unique_id)}`).toHaveProperty([key]);
      expect(String(node.unique_id).startsWith(`${kind}.shop.`)).toBe(true);
      expect(Array.isArray(node.fqn)).toBe(true);
      expect(node.config).toMatchObject({ enabled: true });
      if (['model', 'seed', 'snapshot', 'source'].includes(kind)) {
        expect(typeof node.relation_name).toBe('string');
        for (const column of entries(node.columns)) for (const key of COLUMN_KEYS) expect(column).toHaveProperty([key]);
      }
    }
  });

  it("writes dbt's config defaults for each kind, beside the keys the project set", () => {
    const config = (id: string) => (manifest.nodes as Record<string, Json>)[id]!.config as Json;
    expect(config('model.shop.current_tiers')).toMatchObject({
      ...NODE_CONFIG_DEFAULTS,
      materialized: 'table',
      tags: ['nightly'],
      unique_key: null,
      access: 'protected',
      // a model's YAML `meta:` is in its config too, beside the project's `+meta`
      meta: { owner: 'accounts', team: 'accounts', tier: 'gold' },
    });
    expect(config('seed.shop.customers')).toMatchObject({
      ...NODE_CONFIG_DEFAULTS,
      materialized: 'seed',
      delimiter: ',',
      quote_columns: null,
    });
    expect(config('snapshot.shop.customers_history')).toMatchObject({
      ...NODE_CONFIG_DEFAULTS,
      materialized: 'snapshot',
      strategy: 'timestamp',
      target_database: null,
      check_cols: null,
      dbt_valid_to_current: null,
    });
    // dbt gives a project hook the `models:` config at the project's level (`<project>.hooks.<name>`)
    expect(config('operation.shop.shop-on-run-start-0')).toMatchObject({
      ...NODE_CONFIG_DEFAULTS,
      materialized: 'table',
      tags: ['nightly'],
      meta: { team: 'accounts', tier: 'gold' },
      unique_key: null,
    });
    expect(config('test.shop.not_null_current_tiers_id.afde8e0a55')).toMatchObject({
      materialized: 'test',
      // dbt's default, spelled as dbt writes it; the audit schema is dbt's
      severity: 'ERROR',
      schema: 'dbt_test__audit',
      tags: [],
      meta: {},
      store_failures: true,
      store_failures_as: 'table',
      where: null,
      limit: null,
      fail_calc: 'count(*)',
      warn_if: '!= 0',
      error_if: '!= 0',
    });
    // a test's config is dbt's TestConfig: no model settings
    expect(config('test.shop.not_null_current_tiers_id.afde8e0a55')).not.toHaveProperty(['on_schema_change']);
  });

  it("names relations as dbt-duckdb does: the database file's catalog as database and in relation_name", async () => {
    const node = (section: string, id: string) => (manifest[section] as Record<string, Json>)[id]!;
    expect(node('nodes', 'model.shop.current_tiers')).toMatchObject({
      database: 'shop',
      schema: 'main',
      relation_name: '"shop"."main"."current_tiers"',
    });
    expect(node('nodes', 'seed.shop.customers')).toMatchObject({ database: 'shop' });
    expect(node('sources', 'source.shop.raw.customers_raw')).toMatchObject({
      database: 'shop',
      relation_name: '"shop"."raw_data"."customers"',
    });
    expect(node('nodes', 'operation.shop.shop-on-run-start-0')).toMatchObject({ database: 'shop', schema: 'main' });
    const results = runResults.results as Json[];
    const result = (id: string) => results.find((entry) => entry.unique_id === id)!;
    expect(result('model.shop.current_tiers').relation_name).toBe('"shop"."main"."current_tiers"');
    // a test storing its failures names the table it keeps them in, in dbt's audit schema
    const audit = '"shop"."main_dbt_test__audit"."not_null_current_tiers_id"';
    expect(node('nodes', 'test.shop.not_null_current_tiers_id.afde8e0a55')).toMatchObject({
      database: 'shop',
      schema: 'main_dbt_test__audit',
      relation_name: audit,
    });
    expect(result('test.shop.not_null_current_tiers_id.afde8e0a55')).toMatchObject({
      relation_name: audit,
      // a passing test has no message in dbt's results
      message: null,
    });
    const [stored] = await queryDuckDb(
      join(dir, 'target/shop.duckdb'),
      "select count(*)::int as n from information_schema.tables where table_schema = 'main_dbt_test__audit'",
    );
    expect(stored).toEqual({ n: 1 });
    // dbt compiles no seed or exposure: `compiled` is null, and a seed's result names no relation
    expect(result('seed.shop.customers')).toMatchObject({ compiled: null, relation_name: null });
    expect(result('exposure.shop.tier_board')).toMatchObject({ compiled: null });
  });

  it("merges `+meta` down the project's folders, and applies the exposures: block, as dbt does", () => {
    const node = (section: string, id: string) => (manifest[section] as Record<string, Json>)[id]!;
    // the folder's `+meta` keys override the project's; the others are kept
    const view = node('nodes', 'model.shop.events_view');
    expect((view.config as Json).meta).toEqual({ team: 'accounts', tier: 'silver' });
    // a node's meta is its config's
    expect(view.meta).toEqual({ team: 'accounts', tier: 'silver' });
    expect(view.tags).toEqual(['nightly']);
    const hook = node('nodes', 'operation.shop.shop-on-run-end-0');
    expect(hook).toMatchObject({ tags: ['on-run-end', 'nightly'], meta: { team: 'accounts', tier: 'gold' } });
    // dbt's checksum of a hook is its project file's
    const projectFile = readFileSync(join(dir, 'dbt_project.yml'), 'utf8').trim();
    expect(hook.checksum).toEqual({ name: 'sha256', checksum: createHash('sha256').update(projectFile).digest('hex') });
    expect(node('exposures', 'exposure.shop.tier_board')).toMatchObject({
      tags: ['bi'],
      meta: { board: 'ops' },
      config: { enabled: true, tags: ['bi'], meta: { board: 'ops' } },
    });
    expect(manifest.metadata).toMatchObject({
      project_id: createHash('md5').update('shop').digest('hex'),
      invocation_started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      run_started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // a file's code and checksum as dbt keeps them: without its surrounding whitespace
    const file = readFileSync(join(dir, 'models/current_tiers.sql'), 'utf8');
    expect(file.endsWith('\n')).toBe(true);
    expect(node('nodes', 'model.shop.current_tiers')).toMatchObject({
      raw_code: file.trim(),
      checksum: { name: 'sha256', checksum: createHash('sha256').update(file.trim()).digest('hex') },
    });
    expect(manifest.functions).toEqual({});
    // dbt lists the project hooks in parent_map and child_map too
    expect((manifest.parent_map as Json)['operation.shop.shop-on-run-start-0']).toEqual([]);
  });

  it('compares configs for state:modified as it writes them: its own manifest shows nothing modified', async () => {
    cpSync(join(dir, 'target'), join(dir, 'previous'), { recursive: true });
    const modified = await strata(['ls', '-s', 'state:modified', '--state', 'previous'], { cwd: dir });
    expect(modified.code).toBe(0);
    expect(modified.stdout.trim()).toBe('');
  });

  it('records what each kind depends on, and the edges in parent_map and child_map', () => {
    const node = (section: string, id: string) => (manifest[section] as Record<string, Json>)[id]!;
    expect(node('nodes', 'snapshot.shop.customers_history')).toMatchObject({
      depends_on: { nodes: ['seed.shop.customers'] },
      config: { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', materialized: 'snapshot' },
    });
    expect(node('nodes', 'model.shop.current_tiers')).toMatchObject({
      depends_on: { nodes: ['snapshot.shop.customers_history'] },
      config: { materialized: 'table' },
      // only a not_null test on id: dbt infers no primary key
      primary_key: [],
    });
    expect(node('exposures', 'exposure.shop.tier_board')).toMatchObject({
      type: 'dashboard',
      owner: { name: 'Accounts' },
      depends_on: { nodes: ['model.shop.current_tiers'] },
    });
    expect(node('unit_tests', 'unit_test.shop.current_tiers.keeps_current_rows_only')).toMatchObject({
      model: 'current_tiers',
      depends_on: { nodes: ['model.shop.current_tiers'] },
      overrides: null,
    });
    const source = node('sources', 'source.shop.raw.customers_raw');
    expect(source.config).toMatchObject({
      enabled: true,
      meta: {},
      loaded_at_field: 'updated_at',
      freshness: { warn_after: { count: 1, period: 'day' }, error_after: { count: null, period: null } },
    });
    // a source builds nothing: dbt gives it no materialization
    expect(source.config).not.toHaveProperty(['materialized']);
    // a hook that ran has its rendered SQL, and the 1-based place dbt gives it among the hooks it ran
    expect(node('nodes', 'operation.shop.shop-on-run-end-0')).toMatchObject({
      resource_type: 'operation',
      index: 1,
      compiled: true,
      compiled_code: 'insert into audit_log values (current_timestamp)',
      compiled_path: 'target/compiled/shop/./dbt_project.yml/hooks/shop-on-run-end-0.sql',
    });
    expect(node('nodes', 'operation.shop.shop-on-run-start-2')).toMatchObject({
      index: 3,
      compiled_code: 'create table if not exists raw_data.customers as select 1 as id, current_timestamp as updated_at',
    });
    const parents = manifest.parent_map as Record<string, string[]>;
    const children = manifest.child_map as Record<string, string[]>;
    expect(parents['exposure.shop.tier_board']).toEqual(['model.shop.current_tiers']);
    expect(children['seed.shop.customers']).toEqual(['snapshot.shop.customers_history']);
    expect(children['snapshot.shop.customers_history']).toEqual(['model.shop.current_tiers']);
  });

  it('writes a result per seed, model, snapshot, test, unit test, exposure and hook to run_results.json', () => {
    expect(runResults.metadata).toMatchObject({
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
      invocation_started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const metadata = runResults.metadata as Json;
    expect(Date.parse(String(metadata.invocation_started_at))).toBeLessThanOrEqual(
      Date.parse(String(metadata.generated_at)),
    );
    const results = runResults.results as Json[];
    const kinds = new Set(results.map((result) => String(result.unique_id).split('.')[0]));
    expect([...kinds].sort()).toEqual(['exposure', 'model', 'operation', 'seed', 'snapshot', 'test', 'unit_test']);
    for (const result of results) {
      for (const key of RESULT_KEYS) expect(result, String(result.unique_id)).toHaveProperty([key]);
      expect(result.timing).toEqual([
        { name: 'compile', started_at: expect.any(String), completed_at: expect.any(String) },
        { name: 'execute', started_at: expect.any(String), completed_at: expect.any(String) },
      ]);
      expect(typeof result.execution_time).toBe('number');
      expect(['success', 'pass', 'no-op']).toContain(result.status);
    }
    // dbt 1.11's build reports each selected exposure as a no-op, after the model it reads
    const exposure = results.findIndex((result) => result.unique_id === 'exposure.shop.tier_board');
    expect(results[exposure]).toMatchObject({ status: 'no-op', message: 'NO-OP', compiled_code: null });
    expect(exposure).toBeGreaterThan(results.findIndex((result) => result.unique_id === 'model.shop.current_tiers'));
    const hook = results.find((result) => result.unique_id === 'operation.shop.shop-on-run-end-0')!;
    expect(hook).toMatchObject({ compiled: true, compiled_code: 'insert into audit_log values (current_timestamp)' });
  });

  it("writes each source's freshness to sources.json with its criteria", () => {
    expect(sources.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json' });
    const [result] = sources.results as Json[];
    for (const key of FRESHNESS_KEYS) expect(result).toHaveProperty([key]);
    expect(result).toMatchObject({
      unique_id: 'source.shop.raw.customers_raw',
      status: 'pass',
      criteria: { warn_after: { count: 1, period: 'day' }, error_after: { count: null, period: null }, filter: null },
    });
  });
});
