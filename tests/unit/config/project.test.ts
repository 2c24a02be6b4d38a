import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/config/project.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('loadProject', () => {
  it('applies defaults to a minimal project', () => {
    const root = tempProject({ 'project.yml': 'name: shop\n' });
    expect(loadProject(root)).toEqual({
      name: 'shop',
      version: '1.0.0',
      profile: 'shop',
      rootDir: path.resolve(root),
      file: 'project.yml',
      modelPaths: ['models'],
      seedPaths: ['seeds'],
      testPaths: ['data-tests'],
      macroPaths: ['macros'],
      analysisPaths: ['analyses'],
      snapshotPaths: ['snapshots'],
      targetPath: 'target',
      lakePath: 'lake',
      packagesInstallPath: 'dbt_packages',
      vars: {},
      models: {},
      seeds: {},
      snapshots: {},
      dataTests: {},
      at: expect.any(Function),
      warnings: [],
    });
  });

  it('locates keys of project.yml, whichever spelling of data_tests is written', () => {
    const root = tempProject({
      'project.yml': 'name: shop\nmodels:\n  +materialized: table\ntests:\n  +severity: warn\n',
    });
    const project = loadProject(root);
    expect(project.at?.(['models', '+materialized'])).toEqual({ file: 'project.yml', line: 3 });
    expect(project.at?.(['data_tests', '+severity'])).toEqual({ file: 'project.yml', line: 5 });
  });

  it('reads every field, in either spelling, and renders env_var', () => {
    const root = tempProject({
      'project.yml': [
        'name: shop',
        'version: 2.1',
        "profile: \"{{ env_var('STRATA_PROFILE', 'shop') }}\"",
        'config-version: 2',
        'model_paths: [./models/, more_models]',
        'seed-paths: data',
        'test-paths: [tests/data]',
        'macro-paths: [macros]',
        'target-path: out',
        'lake-path: ./warehouse/lake/',
        'vars: { start_date: "2024-01-01" }',
        'models:',
        '  shop:',
        '    +materialized: view',
        'seeds: { shop: { +schema: raw } }',
        'data_tests: { +severity: warn }',
      ].join('\n'),
    });
    const project = loadProject(root, { env: { STRATA_PROFILE: 'prod_profile' } });
    expect(project).toMatchObject({
      version: '2.1',
      profile: 'prod_profile',
      modelPaths: ['models', 'more_models'],
      seedPaths: ['data'],
      testPaths: ['tests/data'],
      targetPath: 'out',
      lakePath: 'warehouse/lake',
      vars: { start_date: '2024-01-01' },
      models: { shop: { '+materialized': 'view' } },
      seeds: { shop: { '+schema': 'raw' } },
      dataTests: { '+severity': 'warn' },
    });
  });

  it('accepts the legacy tests: block as data_tests', () => {
    const root = tempProject({ 'project.yml': 'name: shop\ntests:\n  +store_failures: true\n' });
    expect(loadProject(root).dataTests).toEqual({ '+store_failures': true });
  });

  it('explains a missing project.yml', () => {
    const root = tempProject();
    expectStrataError(() => loadProject(root), {
      file: 'project.yml',
      message: /No project.yml or dbt_project.yml found/,
      hint: /--project-dir/,
    });
  });

  it('rejects unknown keys with the closest valid key', () => {
    const root = tempProject({ 'project.yml': 'name: shop\nmodel-path: [models]\n' });
    expectStrataError(() => loadProject(root), {
      file: 'project.yml',
      line: 2,
      message: 'Unknown key "model-path" in project.yml',
      hint: /Did you mean "model-paths"\?/,
    });
  });

  it('requires a name that is an identifier', () => {
    expectStrataError(() => loadProject(tempProject({ 'project.yml': 'version: 1\n' })), {
      file: 'project.yml',
      line: 1,
      message: /"name" is required/,
    });
    expectStrataError(() => loadProject(tempProject({ 'project.yml': 'version: 1\nname: my-shop\n' })), {
      file: 'project.yml',
      line: 2,
      message: 'Project name "my-shop" is not a valid identifier',
      hint: /letters, digits and underscores/,
    });
  });

  it('rejects wrong shapes at their line', () => {
    expectStrataError(() => loadProject(tempProject({ 'project.yml': 'name: shop\nvars: [a, b]\n' })), {
      line: 2,
      message: '"vars" must be a map (key: value lines), got a list',
    });
    expectStrataError(
      () => loadProject(tempProject({ 'project.yml': 'name: shop\nmodel-paths: [models, {a: 1}]\n' })),
      {
        line: 2,
        message: /must be a string or a list of strings, got a map/,
      },
    );
    expectStrataError(() => loadProject(tempProject({ 'project.yml': '- name: shop\n' })), {
      file: 'project.yml',
      line: 1,
      message: /must be a map/,
    });
  });

  it('rejects both spellings of one key', () => {
    const root = tempProject({ 'project.yml': 'name: shop\nmodel-paths: [a]\nmodel_paths: [b]\n' });
    expectStrataError(() => loadProject(root), { line: 3, message: 'Both "model-paths" and "model_paths" are set' });
  });

  it('reports a missing env var at its line', () => {
    const root = tempProject({ 'project.yml': 'name: shop\nvars:\n  bucket: "{{ env_var(\'LAKE_BUCKET\') }}"\n' });
    expectStrataError(() => loadProject(root, { env: {} }), {
      file: 'project.yml',
      line: 3,
      message: /"LAKE_BUCKET" is not set/,
    });
  });

  it('takes a lake root outside the project, but never one holding the project or one of its folders', () => {
    expect(loadProject(tempProject({ 'project.yml': 'name: shop\nlake_path: /srv/shared-lake\n' })).lakePath).toBe(
      '/srv/shared-lake',
    );
    for (const [written, message] of [
      ['..', '"lake-path: .." would hold the whole project'],
      ['models', '"lake-path: models" overlaps the project folder models/'],
      ['target/lake', '"lake-path: target/lake" overlaps the project folder target/'],
      ['[a, b]', '"lake-path" must be a single folder'],
    ]) {
      expectStrataError(() => loadProject(tempProject({ 'project.yml': `name: shop\nlake-path: ${written}\n` })), {
        file: 'project.yml',
        line: 2,
        message,
      });
    }
    expectStrataError(() => loadProject(tempProject({ 'project.yml': 'name: shop\nlake-path: .\n' })), {
      line: 2,
      message: /must name a folder below the project root/,
    });
  });
});
