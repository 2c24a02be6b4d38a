import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

const dialect = new DuckDbDialect();
const MODEL = 'models/orders.sql';

const scope: RenderScope = {
  file: MODEL,
  dialect,
  target: { name: 'dev' },
  self: TemplateRelation.of({ schema: 'main', identifier: 'orders' }, dialect),
  ref: (name: string) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
  source: (s: string, t: string) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
  config: () => undefined,
  variable: (_name: string, fallback?: unknown) => fallback,
  envVar: (_name: string, fallback?: string) => fallback ?? '',
  isIncremental: () => false,
};

function environment(macros: Record<string, string>): TemplateEnvironment {
  const env = new TemplateEnvironment();
  for (const [file, source] of Object.entries(macros)) env.registerMacros(env.compile(source, file));
  return env;
}

function renderError(env: TemplateEnvironment, model: string): StrataError {
  try {
    compileSqlTemplate(env, model, MODEL).render(scope);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error('expected the render to fail');
}

describe('an error inside a macro names the macro and where it was called from', () => {
  const money = '{% macro cents(column) -%}\n  {{ column }} / 100\n  + {{ oops(column) }}\n{%- endmacro %}';

  it('is placed at the line in the macro file, and names the line of the model that called it', () => {
    const error = renderError(environment({ 'macros/money.sql': money }), "select\n\n  {{ cents('amount') }}");
    expect(error.location).toEqual({ file: 'macros/money.sql', line: 3 });
    expect(error.message).toBe(
      'Template render error: oops() is not defined: no macro or built-in function has that name ' +
        '(in macro cents, called from models/orders.sql:3)',
    );
  });

  it('follows calls through macros of other files and of the same file', () => {
    const env = environment({
      'macros/outer.sql':
        '{% macro outer(x) -%}\n{{ middle(x) }}\n{%- endmacro %}\n' +
        '{% macro middle(x) -%}\n\n{{ inner(x, 2, 3) }}\n{%- endmacro %}',
      'macros/inner.sql': '{% macro inner(a, b) %}{{ a }}{% endmacro %}',
    });
    const error = renderError(env, "select {{ outer('a') }}");
    expect(error.location).toEqual({ file: 'macros/outer.sql', line: 6 });
    expect(error.message).toBe(
      'inner(a, b) takes not more than 2 argument(s), got 3: pass fewer, or read the extra ones from varargs ' +
        'in the macro (in macro middle, called from macros/outer.sql:2; ' +
        'in macro outer, called from models/orders.sql:1)',
    );
  });

  it('leaves an error of the call itself at the model, and return() and later renders untouched', () => {
    const env = environment({
      'macros/money.sql': money,
      'macros/value.sql': '{% macro answer() %}{{ return(42) }}{% endmacro %}',
    });
    const error = renderError(env, "select\n  {{ cents('a', 'b') }}");
    expect(error.location).toEqual({ file: MODEL, line: 2 });
    expect(error.message).not.toContain('in macro');
    expect(compileSqlTemplate(env, 'select {{ answer() + 1 }}', MODEL).render(scope)).toBe('select 43');
  });
});
