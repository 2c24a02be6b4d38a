import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coerceThreads, interpolateEnvVars, renderEnvVars } from '../../../src/config/env-var.js';
import { loadYamlFile } from '../../../src/config/yaml-file.js';
import { expectStrataError, tempProject } from '../../support/temp-project.js';

describe('renderEnvVars', () => {
  const env = { HOME_DB: '/data/dev.duckdb', EMPTY: '' };

  it('replaces single- and double-quoted calls, with and without spaces', () => {
    expect(renderEnvVars("{{ env_var('HOME_DB') }}", env)).toEqual({ ok: true, text: '/data/dev.duckdb' });
    expect(renderEnvVars('{{env_var("HOME_DB")}}', env)).toEqual({ ok: true, text: '/data/dev.duckdb' });
    expect(renderEnvVars("db={{ env_var('HOME_DB') }}!", env)).toEqual({ ok: true, text: 'db=/data/dev.duckdb!' });
  });

  it('uses a default only when the variable is unset', () => {
    expect(renderEnvVars("{{ env_var('NOPE', 'fallback') }}", env)).toEqual({ ok: true, text: 'fallback' });
    expect(renderEnvVars('{{ env_var("NOPE", "") }}', env)).toEqual({ ok: true, text: '' });
    expect(renderEnvVars("{{ env_var('NOPE', 4) }}", env)).toEqual({ ok: true, text: '4' });
    expect(renderEnvVars("{{ env_var('EMPTY', 'x') }}", env)).toEqual({ ok: true, text: '' });
  });

  it('keeps text without calls and reports the first missing variable', () => {
    expect(renderEnvVars('plain {{ var("x") }}', env)).toEqual({ ok: true, text: 'plain {{ var("x") }}' });
    expect(renderEnvVars("{{ env_var('A') }}/{{ env_var('B') }}", env)).toEqual({ ok: false, missing: 'A' });
  });

  it('flags calls it cannot read', () => {
    expect(renderEnvVars("{{ env_var('HOME_DB') | upper }}", env)).toEqual({ ok: false, unsupported: true });
  });
});

describe('interpolateEnvVars', () => {
  const profile = [
    'shop:',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    '      path: "{{ env_var(\'DB_PATH\') }}"',
    "      threads: \"{{ env_var('THREADS', '4') }}\"",
    '      extra: [1, true]',
  ].join('\n');

  it('renders every string and keeps other values', () => {
    const root = tempProject({ 'profiles.yml': profile });
    const yaml = loadYamlFile(path.join(root, 'profiles.yml'), root);
    expect(interpolateEnvVars(yaml.value, yaml, { DB_PATH: 'x.duckdb' })).toEqual({
      shop: { outputs: { dev: { type: 'duckdb', path: 'x.duckdb', threads: '4', extra: [1, true] } } },
    });
  });

  it('names the file, line and variable when one is missing', () => {
    const root = tempProject({ 'profiles.yml': profile });
    const yaml = loadYamlFile(path.join(root, 'profiles.yml'), root);
    expectStrataError(() => interpolateEnvVars(yaml.value, yaml, {}), {
      file: 'profiles.yml',
      line: 5,
      message: 'Environment variable "DB_PATH" is not set',
      hint: /export DB_PATH=/,
    });
  });

  it('reports an unsupported expression at its line', () => {
    const root = tempProject({ 'project.yml': 'name: x\nprofile: "{{ env_var(\'P\') | lower }}"\n' });
    const yaml = loadYamlFile(path.join(root, 'project.yml'), root);
    expectStrataError(() => interpolateEnvVars(yaml.value, yaml, { P: 'a' }), {
      file: 'project.yml',
      line: 2,
      message: /Unsupported env_var/,
    });
  });
});

describe('coerceThreads', () => {
  const root = tempProject({ 'profiles.yml': 'threads: many\n' });
  const yaml = loadYamlFile(path.join(root, 'profiles.yml'), root);

  it('reads numbers and digit strings', () => {
    expect(coerceThreads(8, yaml, ['threads'])).toBe(8);
    expect(coerceThreads(' 2 ', yaml, ['threads'])).toBe(2);
  });

  it('rejects anything else at the line of threads', () => {
    for (const bad of ['many', 0, -1, 1.5, '1.5', true]) {
      expectStrataError(() => coerceThreads(bad, yaml, ['threads']), {
        file: 'profiles.yml',
        line: 1,
        message: /positive integer/,
      });
    }
  });
});
