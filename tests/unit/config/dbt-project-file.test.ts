import { describe, expect, it } from 'vitest';
import { DBT_COMPATIBLE_VERSION } from '../../../src/artifacts/strata-version.js';
import { DBT_PROJECT_KEYS_WITHOUT_EFFECT } from '../../../src/config/dbt-project-keys.js';
import { loadProject } from '../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

/** A dbt_project.yml with every top-level key dbt documents, one per line after `name:`. */
const EVERY_DBT_KEY = [
  "name: 'jaffle'",
  "version: '1.0.0'",
  'config-version: 2',
  "profile: 'jaffle'",
  "require-dbt-version: ['>=1.7.0', '<2.0.0']",
  'model-paths: ["models"]',
  'seed-paths: ["seeds"]',
  'test-paths: ["tests"]',
  'macro-paths: ["macros"]',
  'analysis-paths: ["analyses"]',
  'snapshot-paths: ["snapshots"]',
  'docs-paths: ["docs"]',
  'asset-paths: ["assets"]',
  'function-paths: ["functions"]',
  'packages-install-path: dbt_packages',
  'target-path: "target"',
  'log-path: logs',
  'clean-targets: ["target", "dbt_packages"]',
  'query-comment: "run by dbt"',
  'quoting: { database: false, schema: false, identifier: false }',
  'dispatch: [{ macro_namespace: dbt_utils, search_order: [jaffle, dbt_utils] }]',
  'on-run-start: "select 1"',
  'on-run-end: ["select 2"]',
  'flags: { send_anonymous_usage_stats: false }',
  'restrict-access: false',
  'dbt-cloud: { project-id: 123 }',
  'vars: { start_date: "2024-01-01" }',
  'models: { jaffle: { +materialized: table } }',
  'seeds: { jaffle: { +schema: raw } }',
  'snapshots: { +target_schema: snapshots }',
  'sources: { +enabled: true }',
  'data_tests: { +severity: warn }',
  'analyses: { +enabled: true }',
  'unit_tests: { +enabled: true }',
  'metrics: { +enabled: true }',
  'semantic-models: { +enabled: true }',
  'saved-queries: { +enabled: true }',
  'exposures: { +enabled: true }',
  'functions: { +enabled: true }',
].join('\n');

describe('loadProject with dbt_project.yml', () => {
  it('reads dbt_project.yml when there is no project.yml, with dbt defaults', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: jaffle\nprofile: jaffle_shop\n' });
    expect(loadProject(root)).toMatchObject({
      name: 'jaffle',
      profile: 'jaffle_shop',
      file: 'dbt_project.yml',
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      macroPaths: ['macros'],
      analysisPaths: ['analyses'],
      warnings: [],
    });
  });

  it('reads analysis-paths, where the analyses are found', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: jaffle\nanalysis-paths: ["reports/"]\n' });
    expect(loadProject(root)).toMatchObject({ analysisPaths: ['reports'], warnings: [] });
  });

  it('prefers project.yml when both files exist', () => {
    const root = tempProject({ 'project.yml': 'name: strata_shop\n', 'dbt_project.yml': 'name: dbt_shop\n' });
    expect(loadProject(root)).toMatchObject({ name: 'strata_shop', file: 'project.yml', testPaths: ['data-tests'] });
  });

  it('accepts every documented key, warning once per key without an effect, at its line', () => {
    const root = tempProject({ 'dbt_project.yml': EVERY_DBT_KEY });
    const project = loadProject(root);
    const lines = EVERY_DBT_KEY.split('\n');
    const expected = DBT_PROJECT_KEYS_WITHOUT_EFFECT.map((key) => {
      const line = lines.findIndex((text) => text.startsWith(`${key}:`)) + 1;
      expect(line, `the test project sets ${key}`).toBeGreaterThan(0);
      return (
        `dbt_project.yml:${line}: "${key}" in dbt_project.yml is a dbt setting Strata does not act on yet; ` +
        'it has no effect.'
      );
    });
    expect([...(project.warnings ?? [])].sort()).toEqual(expected.sort());
    expect(project).toMatchObject({
      profile: 'jaffle',
      testPaths: ['tests'],
      vars: { start_date: '2024-01-01' },
      models: { jaffle: { '+materialized': 'table' } },
      dataTests: { '+severity': 'warn' },
    });
    expect(project.at?.(['models', 'jaffle'])).toEqual({ file: 'dbt_project.yml', line: 28 });
  });

  it('reads the deprecated source-paths and data-paths as dbt still does', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: old\nsource-paths: [src]\ndata-paths: [data]\n' });
    expect(loadProject(root)).toMatchObject({ modelPaths: ['src'], seedPaths: ['data'] });
    const both = tempProject({ 'dbt_project.yml': 'name: old\nmodel-paths: [a]\nsource-paths: [b]\n' });
    expectStrataError(() => loadProject(both), { line: 3, message: 'Both "model-paths" and "source-paths" are set' });
  });

  it('rejects a key no dbt version knows, naming the file, the line and the closest key', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\nclean-target: [target]\n' });
    expectStrataError(() => loadProject(root), {
      file: 'dbt_project.yml',
      line: 2,
      message: 'Unknown key "clean-target" in dbt_project.yml',
      hint: /Did you mean "clean-targets"\?/,
    });
  });

  it('names dbt_project.yml in folder and shape errors', () => {
    const root = tempProject({ 'dbt_project.yml': 'name: shop\nvars: [a]\n' });
    expectStrataError(() => loadProject(root), { file: 'dbt_project.yml', line: 2, message: /"vars" must be a map/ });
  });
});

describe('require-dbt-version', () => {
  const load = (value: string) => loadProject(tempProject({ 'dbt_project.yml': `name: shop\n${value}\n` }));

  it(`accepts ranges that include the declared dbt ${DBT_COMPATIBLE_VERSION}`, () => {
    for (const range of [
      'require-dbt-version: ">=1.8.0"',
      'require-dbt-version: ">=1.3.0,<2.0.0"',
      'require-dbt-version: [">=1.7.0", "<1.12.0"]',
      `require-dbt-version: "${DBT_COMPATIBLE_VERSION}"`,
      'require-dbt-version: [">1.10.0-rc1", "<=1.10.23"]',
    ]) {
      expect(() => load(range), range).not.toThrow();
    }
  });

  it('rejects an unmet range at the line of the unmet specifier, naming the range and the version', () => {
    const error = expectStrataError(() => load('require-dbt-version:\n  - ">=1.8.0"\n  - ">=1.12.0"'), {
      file: 'dbt_project.yml',
      line: 4,
      message:
        'This project requires dbt ">=1.8.0", ">=1.12.0" ("require-dbt-version" in dbt_project.yml), ' +
        `but Strata is compatible with dbt ${DBT_COMPATIBLE_VERSION}`,
      hint: /Widen "require-dbt-version"/,
    });
    expect(error.hint).toContain(DBT_COMPATIBLE_VERSION);
    expectStrataError(() => load('require-dbt-version: "<1.0.0"'), { line: 2, message: /requires dbt "<1.0.0"/ });
    expectStrataError(() => load('require-dbt-version: ">=1.0.0, <1.10.0"'), { line: 2, message: /"<1.10.0"/ });
  });

  it('rejects text that is not a version specifier', () => {
    expectStrataError(() => load('require-dbt-version: [">=1.8.0", "latest"]'), {
      line: 2,
      message: '"latest" in "require-dbt-version" is not a version specifier',
      hint: /">=1.8.0"/,
    });
    expectStrataError(() => load('require-dbt-version: { min: 1 }'), { line: 2, message: /got a map/ });
  });
});
