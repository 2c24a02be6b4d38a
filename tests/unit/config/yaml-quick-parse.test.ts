import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYamlDocument, type YamlPath } from '../../../src/config/yaml-file.js';
import { quickParseYaml } from '../../../src/config/yaml-quick-parse.js';

const repoRoot = join(import.meta.dirname, '../../..');

/** Every path into a plain value: each key of each map and each index of each list. */
function pathsOf(value: unknown, prefix: YamlPath = []): YamlPath[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  return [];
}

/** The fixtures, the example and the tests' own YAML: hundreds of files written the way users write them. */
const yamlFiles = ['models', 'tests', 'seeds', 'ingest']
  .flatMap((folder) =>
    readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' }).map((path) => join(folder, path)),
  )
  .filter((path) => /\.ya?ml$/.test(path) && !/node_modules|dbt_packages|(^|\/)target\//.test(path))
  .map((path) => join(repoRoot, path))
  .concat(['project.yml', 'profiles.yml'].map((name) => join(repoRoot, name)));

describe('quickParseYaml', () => {
  it('reads the same value and lines as the full reader in every YAML file of the repository', () => {
    let quick = 0;
    for (const path of yamlFiles) {
      const text = readFileSync(path, 'utf8');
      const fast = quickParseYaml(text);
      if (!fast) continue;
      quick++;
      let full;
      try {
        full = parseYamlDocument(text, path, relative(repoRoot, path));
      } catch (error) {
        throw new Error(`${path}: the quick reader accepted what the full reader refuses: ${String(error)}`);
      }
      expect(fast.value, path).toEqual(full.value);
      for (const at of [[], ...pathsOf(full.value), ['no such key'], ['models', 999]])
        expect(`${path} ${at.join('.')}: ${fast.lineOf(at)}`).toBe(`${path} ${at.join('.')}: ${full.lineOf(at)}`);
    }
    expect(quick).toBeGreaterThan(yamlFiles.length / 2);
  });

  it('leaves to the full reader what it must explain or expand', () => {
    const cases = [
      'a: 1\na: 2\n', // duplicate key
      'a: [1, 2\n', // syntax error
      "path: {{ env_var('X') }}\n", // a map used as a key
      'x: &base {a: 1}\ny: *base\n', // anchor and alias
      'x: {a: 1}\ny:\n  <<: {b: 2}\n', // merge key
      'x: !!str 1\n', // tag
      'a:\n  -\n  - x\n', // a list item with no value
    ];
    for (const text of cases) expect(quickParseYaml(text), text).toBeUndefined();
  });

  it('gives the line of each key and list item, and of the closest ancestor for a missing path', () => {
    const text =
      '# header\nversion: 2\nmodels:\n  - name: a\n\n    columns:\n      - name: id\n        tests: [x, y]\n';
    const parsed = quickParseYaml(text)!;
    expect(parsed.lineOf([])).toBe(2);
    expect(parsed.lineOf(['models'])).toBe(3);
    expect(parsed.lineOf(['models', 0])).toBe(4);
    expect(parsed.lineOf(['models', 0, 'columns'])).toBe(6);
    expect(parsed.lineOf(['models', 0, 'columns', 0, 'tests', 1])).toBe(8);
    expect(parsed.lineOf(['models', 0, 'missing', 'deeper'])).toBe(4);
  });

  it('puts a flow mapping at its brace, also when its first key is on a later line', () => {
    const text = 'rows:\n  - {\n      id: 1,\n      name: a\n    }\n  - {id: 2, name: b}\n';
    const parsed = quickParseYaml(text)!;
    expect(parsed.lineOf(['rows', 0])).toBe(2);
    expect(parsed.lineOf(['rows', 0, 'name'])).toBe(4);
    expect(parsed.lineOf(['rows', 1])).toBe(6);
    expect(parseYamlDocument(text, '/x.yml', 'x.yml').lineOf(['rows', 0])).toBe(2);
  });
});
