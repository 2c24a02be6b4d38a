import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderYamlJinja } from '../../../../src/config/jinja/render-yaml-jinja.js';
import { variablesFrom, type YamlJinjaScope } from '../../../../src/config/jinja/yaml-jinja-scope.js';
import { loadYamlFile } from '../../../../src/config/yaml-file.js';
import { expectStrataError, tempProject } from '../../../support/temp-project.js';

function render(text: string, scope: Partial<YamlJinjaScope> = {}): unknown {
  const root = tempProject({ 'values.yml': text });
  const yaml = loadYamlFile(path.join(root, 'values.yml'), root);
  return renderYamlJinja(yaml, {
    variable: variablesFrom({ flag: true, days: 7, names: ['a', 'b'] }, 'Set it'),
    env: { COUNT: '5', YES: 'true', NAME: 'shop', TOKEN_SECRET: 'x', STRATA_ENV_SECRET_KEY: 'k' },
    site: 'project',
    target: () => ({ name: 'prod', schema: 'analytics' }),
    ...scope,
  });
}

describe('renderYamlJinja', () => {
  it('keeps the type of a value that is one expression, as dbt renders YAML natively', () => {
    expect(
      render(
        [
          'a: "{{ var(\'missing\', false) }}"',
          'b: "{{ var(\'days\') * 2 }}"',
          'c: "{{ var(\'names\') }}"',
          'd: "{{- var(\'flag\') -}}"',
          'e: "{{ target.name == \'prod\' }}"',
        ].join('\n'),
      ),
    ).toEqual({ a: false, b: 14, c: ['a', 'b'], d: true, e: true });
  });

  it('renders text around an expression, or several expressions, to text', () => {
    expect(render('a: "x_{{ var(\'days\') }}"\nb: "{{ 1 }}{{ 2 }}"\nc: " {{ 1 }}"\n')).toEqual({
      a: 'x_7',
      b: '12',
      c: ' 1',
    });
  });

  it('reads environment variables as text, typed by as_number, as_bool and as_native', () => {
    expect(
      render(
        [
          'text: "{{ env_var(\'COUNT\') }}"',
          'number: "{{ env_var(\'COUNT\') | as_number }}"',
          'int: "{{ env_var(\'COUNT\') | int }}"',
          'bool: "{{ env_var(\'YES\') | as_bool }}"',
          'python_bool: "{{ (target.name == \'dev\') | as_bool }}"',
          'native: "{{ \'[1, \\"a\\", None]\' | as_native }}"',
          'text_marker: "{{ 3 | as_text }}"',
          "default: \"{{ env_var('UNSET', 'fallback') }}\"",
        ].join('\n'),
      ),
    ).toEqual({
      text: '5',
      number: 5,
      int: 5,
      bool: true,
      python_bool: false,
      native: [1, 'a', null],
      text_marker: '3',
      default: 'fallback',
    });
  });

  it('leaves strings without Jinja, keys, and values the rule excludes as written', () => {
    const rule = (p: readonly (string | number)[]) => p[0] !== 'hooks';
    const root = tempProject({ 'v.yml': '"{{ key }}": plain\nhooks: ["{{ this }}"]\nother: "{{ 1 + 1 }}"\n' });
    const yaml = loadYamlFile(path.join(root, 'v.yml'), root);
    const scope = { variable: variablesFrom({}, 'Set it'), env: {}, site: 'project' as const };
    expect(renderYamlJinja(yaml, scope, { rule })).toEqual({ '{{ key }}': 'plain', hooks: ['{{ this }}'], other: 2 });
  });

  it('uses Jinja as models do: methods, filters, statements', () => {
    expect(
      render(
        [
          'a: "{{ env_var(\'NAME\').upper() }}"',
          'b: "{% if target.name == \'prod\' %}big{% else %}small{% endif %}"',
          "c: \"{{ var('names') | join(',') }}\"",
        ].join('\n'),
      ),
    ).toEqual({ a: 'SHOP', b: 'big', c: 'a,b' });
  });

  it('names the file and line of a value that fails, with the reason', () => {
    const text = 'ok: 1\nlist:\n  - "{{ nope }}"\n';
    const root = tempProject({ 'values.yml': text });
    const yaml = loadYamlFile(path.join(root, 'values.yml'), root);
    const scope = { variable: variablesFrom({}, 'Set it'), env: {}, site: 'project' as const };
    expectStrataError(() => renderYamlJinja(yaml, scope), {
      file: 'values.yml',
      line: 3,
      message: "'nope' is undefined",
    });
    expectStrataError(() => render('a: 1\nb: "{{ var(\'absent\') }}"\n'), {
      file: 'values.yml',
      line: 2,
      message: "Required variable 'absent' has not been provided",
    });
    expectStrataError(() => render('a: "{{ builtins.var(\'absent\') }}"\n'), {
      line: 1,
      message: "Required variable 'absent' has not been provided",
      hint: /var\('absent', <default>\)/,
    });
    expectStrataError(() => render('a: "{{ env_var(\'ABSENT\') }}"\n'), {
      line: 1,
      message: 'Environment variable "ABSENT" is not set',
      hint: /export ABSENT=/,
    });
    expectStrataError(() => render('a: "{{ env_var(\'NAME\') | as_bool }}"\n'), {
      line: 1,
      message: 'Could not convert "shop" into a boolean',
    });
    expectStrataError(() => render('a: "{{ env_var(\'NAME\') | as_number }}"\n'), {
      line: 1,
      message: 'Could not convert "shop" into a number',
    });
    expectStrataError(() => render('a: 1\n\nb: "{% if %}"\n'), { line: 3, message: /syntax error/ });
  });

  it('lets only profiles.yml read secret variables', () => {
    expectStrataError(() => render('a: "{{ env_var(\'STRATA_ENV_SECRET_KEY\') }}"\n'), {
      line: 1,
      message: "Secret environment variable 'STRATA_ENV_SECRET_KEY' can only be used in profiles.yml",
    });
    expect(render('a: "{{ env_var(\'STRATA_ENV_SECRET_KEY\') }}"\n', { site: 'profile' })).toEqual({ a: 'k' });
  });

  it('loads the target only when a value names it', () => {
    let loads = 0;
    const target = () => {
      loads++;
      return { name: 'dev' };
    };
    expect(render('a: "{{ 1 }}"\nb: plain\n', { target })).toEqual({ a: 1, b: 'plain' });
    expect(loads).toBe(0);
    expect(render('a: "{{ target.name }}"\n', { target })).toEqual({ a: 'dev' });
    expect(loads).toBe(1);
  });
});
