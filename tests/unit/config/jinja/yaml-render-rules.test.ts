import { describe, expect, it } from 'vitest';
import { rendersInProjectFile, rendersInSchemaFile } from '../../../../src/config/jinja/yaml-render-rules.js';

describe('which YAML values are rendered when the file is read, as in dbt', () => {
  it('project file: all but vars, run hooks, the query comment and model hooks', () => {
    expect(rendersInProjectFile(['models', 'shop', '+enabled'])).toBe(true);
    expect(rendersInProjectFile(['target-path'])).toBe(true);
    expect(rendersInProjectFile(['vars', 'x'])).toBe(false);
    expect(rendersInProjectFile(['on-run-start', 0])).toBe(false);
    expect(rendersInProjectFile(['query-comment'])).toBe(false);
    expect(rendersInProjectFile(['models', 'shop', '+post-hook'])).toBe(false);
    expect(rendersInProjectFile(['seeds', 'pre_hook', 0])).toBe(false);
  });

  it('schema YAML: entry properties, not descriptions, data tests or config hooks', () => {
    expect(rendersInSchemaFile(['models', 0, 'config', 'enabled'])).toBe(true);
    expect(rendersInSchemaFile(['models', 0, 'columns', 1, 'quote'])).toBe(true);
    expect(rendersInSchemaFile(['models', 0, 'meta', 'description'])).toBe(true);
    expect(rendersInSchemaFile(['sources', 0, 'schema'])).toBe(true);
    expect(rendersInSchemaFile(['sources', 0, 'tables', 2, 'identifier'])).toBe(true);
    expect(rendersInSchemaFile(['models', 0, 'description'])).toBe(false);
    expect(rendersInSchemaFile(['models', 0, 'columns', 1, 'description'])).toBe(false);
    expect(rendersInSchemaFile(['models', 0, 'data_tests', 0, 'accepted_values', 'values'])).toBe(false);
    expect(rendersInSchemaFile(['models', 0, 'columns', 1, 'tests', 0])).toBe(false);
    expect(rendersInSchemaFile(['models', 0, 'versions', 0, 'columns', 0, 'description'])).toBe(false);
    expect(rendersInSchemaFile(['models', 0, 'config', 'post_hook'])).toBe(false);
    expect(rendersInSchemaFile(['sources', 0, 'description'])).toBe(false);
    expect(rendersInSchemaFile(['sources', 0, 'tables', 0, 'columns', 0, 'data_tests', 0])).toBe(false);
    expect(rendersInSchemaFile(['exposures', 0, 'owner', 'name'])).toBe(false);
    expect(rendersInSchemaFile(['version'])).toBe(false);
  });
});
