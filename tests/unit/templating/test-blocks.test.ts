import { describe, expect, it } from 'vitest';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import { renderJinja } from './jinja-render.js';

describe('{% test %} blocks', () => {
  it('define the macro test_<name>, callable with keyword arguments like any macro', () => {
    const tests =
      '{% test is_even(model, column_name, strict=true) %}' +
      'select * from {{ model }} where {{ column_name }} % 2 = 1{% if strict %} or x{% endif %}{% endtest %}';
    expect(renderJinja("{{ test_is_even(model='t', column_name='n', strict=false) }}", tests)).toBe(
      'select * from t where n % 2 = 1',
    );
  });

  it('register under test_<name> beside the macros of the same file', () => {
    const env = new TemplateEnvironment();
    const file = '{% macro helper() %}1{% endmacro %}\n{%- test positive(model, column_name) -%}\nx\n{%- endtest %}';
    expect(env.registerMacros(env.compile(file, 'tests/generic/positive.sql')).sort()).toEqual([
      'helper',
      'test_positive',
    ]);
  });

  it('without a name or an endtest are syntax errors', () => {
    const env = new TemplateEnvironment();
    expect(() => env.compile('{% test (model) %}x{% endtest %}', 'macros/t.sql')).toThrow(/expected a test name/);
    expect(() => env.compile('{% test t(model) %}x', 'macros/t.sql')).toThrow(/unexpected end of file/);
  });
});
