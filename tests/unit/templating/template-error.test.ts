import { describe, expect, it } from 'vitest';
import { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

function syntaxError(source: string): StrataError {
  try {
    compileSqlTemplate(new TemplateEnvironment(), source, 'models/m.sql');
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error('expected a syntax error');
}

describe('template syntax errors at the end of the file', () => {
  it('points at the block left open, not at the end of the file', () => {
    const error = syntaxError('select 1\n{% if x %}\nwhere a\n');
    expect(error.location).toEqual({ file: 'models/m.sql', line: 2 });
    expect(error.message).toBe('Template syntax error: {% if %} is never closed');
    expect(error.hint).toContain('{% endif %}');
  });

  it('names the innermost open block and skips closed ones and raw blocks', () => {
    const error = syntaxError(
      'a\n{%- for r in rows -%}\n{% if r %}x{% endif %}\n{% raw %}{% if %}{% endraw %}\n{% set y = 1 %}\n',
    );
    expect(error.location?.line).toBe(2);
    expect(error.message).toContain('{% for %} is never closed');
  });

  it('finds an unterminated comment or tag', () => {
    expect(syntaxError('a\n{# note\nb').location?.line).toBe(2);
    const tag = syntaxError('a\nb\n{% if x \nc');
    expect(tag.location?.line).toBe(3);
    expect(tag.hint).toContain('"%}"');
  });

  it('keeps the line nunjucks gives when it has one', () => {
    expect(syntaxError("a\nb {{ ref('x' }}\n").location?.line).toBe(2);
  });
});

describe('template render errors', () => {
  it('names an undefined macro and suggests a close one', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(env.compile('{% macro cents_to_dollars(c) %}{{ c }} / 100{% endmacro %}', 'macros/money.sql'));
    const template = compileSqlTemplate(env, "select\n  {{ cent_to_dollars('amount') }}", 'models/m.sql');
    let caught: unknown;
    try {
      template.render({} as never);
    } catch (error) {
      caught = error;
    }
    const error = caught as StrataError;
    expect(error).toBeInstanceOf(StrataError);
    expect(error.location).toEqual({ file: 'models/m.sql', line: 2 });
    expect(error.message).toContain('cent_to_dollars() is not defined');
    expect(error.hint).toContain('Did you mean cents_to_dollars()?');
  });
});
