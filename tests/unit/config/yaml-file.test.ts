import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../../src/config/yaml-file.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('loadYamlFile', () => {
  it('returns the value and locates keys and list items', () => {
    const root = tempProject({
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: id',
        '      - name: amount',
        '        description: total',
      ].join('\n'),
    });
    const yaml = loadYamlFile(path.join(root, 'models/schema.yml'), root);
    expect(yaml.file).toBe('models/schema.yml');
    expect(yaml.value).toEqual({
      version: 2,
      models: [{ name: 'orders', columns: [{ name: 'id' }, { name: 'amount', description: 'total' }] }],
    });
    expect(yaml.lineOf(['version'])).toBe(1);
    expect(yaml.lineOf(['models', 0])).toBe(3);
    expect(yaml.lineOf(['models', 0, 'columns'])).toBe(4);
    expect(yaml.lineOf(['models', 0, 'columns', 1])).toBe(6);
    expect(yaml.lineOf(['models', 0, 'columns', 1, 'description'])).toBe(7);
    // a path that does not exist falls back to its closest ancestor
    expect(yaml.lineOf(['models', 0, 'columns', 1, 'tests', 3])).toBe(6);
    expect(yaml.at(['models', 0])).toEqual({ file: 'models/schema.yml', line: 3 });
  });

  it('reads an empty file as null', () => {
    const root = tempProject({ 'empty.yml': '' });
    expect(loadYamlFile(path.join(root, 'empty.yml'), root).value).toBeNull();
  });

  it('supports anchors and merge keys', () => {
    const root = tempProject({ 'a.yml': 'base: &base {x: 1}\nother:\n  <<: *base\n  y: 2\n' });
    expect(loadYamlFile(path.join(root, 'a.yml'), root).value).toEqual({ base: { x: 1 }, other: { x: 1, y: 2 } });
  });

  it('reports a syntax error with file, line and a hint', () => {
    const root = tempProject({ 'models/bad.yml': 'models:\n  - name: a\n\tdescription: tab\n' });
    expectStrataError(() => loadYamlFile(path.join(root, 'models/bad.yml'), root), {
      file: 'models/bad.yml',
      line: 3,
      message: /^Invalid YAML: .*Tabs/,
      hint: /spaces, not tabs/,
    });
  });

  it('reports an unclosed flow list', () => {
    const root = tempProject({ 'a.yml': 'tags: [a, b\nname: x\n' });
    expectStrataError(() => loadYamlFile(path.join(root, 'a.yml'), root), {
      file: 'a.yml',
      line: 2,
      message: /Invalid YAML/,
    });
  });

  it('reports duplicate keys with the line of the repeat', () => {
    const root = tempProject({ 'project.yml': 'name: a\nversion: 1\nname: b\n' });
    expectStrataError(() => loadYamlFile(path.join(root, 'project.yml'), root), {
      file: 'project.yml',
      line: 3,
      message: 'Duplicate key "name"',
    });
  });

  it('explains an unquoted {{ env_var() }}', () => {
    const root = tempProject({ 'profiles.yml': "p:\n  outputs:\n    dev:\n      path: {{ env_var('X') }}\n" });
    expectStrataError(() => loadYamlFile(path.join(root, 'profiles.yml'), root), {
      file: 'profiles.yml',
      line: 4,
      hint: /Quote values that contain \{\{/,
    });
  });

  it('does not quote the source text, which may hold a secret', () => {
    const root = tempProject({ 'profiles.yml': 'p:\n  password: hunter2: x\n' });
    const error = expectStrataError(() => loadYamlFile(path.join(root, 'profiles.yml'), root), { line: 2 });
    expect(error.format()).not.toContain('hunter2');
  });

  it('reports an unreadable file', () => {
    const root = tempProject();
    expectStrataError(() => loadYamlFile(path.join(root, 'missing.yml'), root), {
      file: 'missing.yml',
      message: /Cannot read missing.yml/,
    });
  });

  it('refuses an alias bomb by file and line instead of expanding it', () => {
    // "billion laughs": each level repeats the previous one nine times, 9^10 values in all
    const lines = ['name: p', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const root = tempProject({ 'project.yml': lines.join('\n') });
    expectStrataError(() => loadYamlFile(path.join(root, 'project.yml'), root), {
      file: 'project.yml',
      line: 3,
      message: /^Invalid YAML: its aliases \(\*name\) expand to too many values/,
    });
  });

  it('reports an alias used before its anchor', () => {
    const root = tempProject({ 'a.yml': 'x: 1\na: *late\nb: &late 2\n' });
    expectStrataError(() => loadYamlFile(path.join(root, 'a.yml'), root), {
      file: 'a.yml',
      line: 2,
      message: /^Invalid YAML: .*alias/i,
    });
  });
});
