import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';
import { VariableResolver } from '../../../src/templating/variables.js';

const dialect = new DuckDbDialect();
const FILE = 'models/m.sql';

function scope(target: Record<string, unknown> = {}): RenderScope {
  const variables = new VariableResolver({ days: 7, settings: { region: 'eu' } }, {});
  return {
    file: FILE,
    dialect,
    target: { name: 'dev', type: 'duckdb', schema: 'main', ...target },
    self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
    ref: (name: string) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
    source: (s: string, t: string) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
    config: () => undefined,
    variable: (name: string, d?: unknown) => variables.resolve(name, d, FILE),
    envVar: (name: string, d?: string) => variables.envVar(name, d, FILE),
    isIncremental: () => false,
  };
}

function render(source: string, env = new TemplateEnvironment(), target: Record<string, unknown> = {}): string {
  return compileSqlTemplate(env, source, FILE).render(scope(target));
}

function renderError(
  source: string,
  env = new TemplateEnvironment(),
  target: Record<string, unknown> = {},
): StrataError {
  try {
    render(source, env, target);
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('emitting an undefined value is an error at the file and line', () => {
  it('names an undefined name, with its line and the fixes', () => {
    const error = renderError('select\n  {{ my_undefined_var }} as id');
    expect(error.location).toEqual({ file: FILE, line: 2 });
    expect(error.message).toBe("Template render error: 'my_undefined_var' is undefined");
    expect(error.hint).toContain("{{ my_undefined_var | default('...') }}");
    expect(error.hint).toContain('{% if my_undefined_var is defined %}');
  });

  it('suggests a close name', () => {
    expect(renderError('select {{ targt.name }}').hint).toContain("Did you mean 'target'?");
  });

  it('names the first undefined part of an attribute chain', () => {
    const root = renderError('select 1\n\n{{ foo.bar.baz }}');
    expect(root.location).toEqual({ file: FILE, line: 3 });
    expect(root.message).toBe("Template render error: 'foo' is undefined in {{ foo.bar.baz }}");
    const attribute = renderError('{{ target.nope.deeper }}');
    expect(attribute.message).toBe(
      "Template render error: 'target.nope' is undefined in {{ target.nope.deeper }}: 'target' has no attribute 'nope'",
    );
    const unset = renderError('{{ target.database }}', new TemplateEnvironment(), { database: undefined });
    expect(unset.message).toBe(
      "Template render error: 'target.database' is undefined: 'target' has no value for 'database'",
    );
    const last = renderError('{{ this.nope }}');
    expect(last.message).toBe("Template render error: 'this.nope' is undefined: 'this' has no attribute 'nope'");
  });

  it('catches undefined values fed through filters, concatenation and arithmetic', () => {
    expect(renderError('{{ missing | upper }}').message).toContain("'missing' is undefined");
    expect(renderError("{{ 'a' ~ missing }}").message).toContain("'missing' is undefined");
    expect(renderError("{% set s = 'prefix_' ~ missing %}{{ s }}").message).toContain("'missing' is undefined");
    expect(renderError('{{ missing + 1 }}').message).toContain("'missing' is undefined");
    expect(renderError('{{ 2 * missing }}').message).toContain("'missing' is undefined");
    expect(renderError("{{ '%s' % missing }}").message).toContain("'missing' is undefined");
  });

  it('calls of undefined names still fail, method-style calls naming the undefined part', () => {
    expect(renderError('{{ nope() }}').message).toContain('nope() is not defined');
    const packageCall = renderError("select\n  {{ dbt_utils.star(from=ref('a')) }}");
    expect(packageCall.location).toEqual({ file: FILE, line: 2 });
    expect(packageCall.message).toBe(
      "Template render error: 'dbt_utils' is undefined in {{ dbt_utils.star(from=ref('a')) }}",
    );
    expect(packageCall.hint).toContain('{% if dbt_utils is defined %}');
    expect(renderError('{{ this.nope() }}').message).toBe(
      "Template render error: 'this.nope' is undefined in {{ this.nope() }}: 'this' has no attribute 'nope'",
    );
    expect(renderError('{{ this.schema() }}').message).toBe(
      "Template render error: 'this.schema' is not a macro or function (it is a string)",
    );
    expect(render("{{ adapter.dispatch('hash')(\"'a'\") }}")).toContain('a');
  });

  it('points into the macro file when a macro emits an undefined argument', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(env.compile('{% macro cents(column) %}\n{{ colum }} / 100\n{% endmacro %}', 'macros/money.sql'));
    const error = renderError("select {{ cents('amount') }}", env);
    expect(error.location).toEqual({ file: 'macros/money.sql', line: 2 });
    expect(error.message).toBe(
      "Template render error: 'colum' is undefined (in macro cents, called from models/m.sql:1)",
    );
    expect(error.hint).toContain("Did you mean 'column'?");
  });
});

describe('a name the file assigns in a branch not taken', () => {
  it('renders empty, as Jinja renders it, while a name never assigned stays an error', () => {
    const template = '{% if false %}{% set extra = "a, " %}{% endif %}select {{ extra }}1';
    expect(render(template)).toBe('select 1');
    expect(renderError('{% if false %}{% set extra = 1 %}{% endif %}select {{ extar }}1').message).toContain(
      "'extar' is undefined",
    );
  });

  it('also inside a macro of a package-style file', () => {
    const env = new TemplateEnvironment();
    const macros =
      '{% macro cols(names) %}{% if names | length > 0 %}{% set picked = names | join(", ") ~ ", " %}' +
      '{% endif %}{{ picked }}n{% endmacro %}';
    env.registerMacros(env.compile(macros, 'macros/cols.sql'));
    expect(render('{{ cols([]) }}|{{ cols(["a"]) }}', env)).toBe('n|a, n');
  });
});

describe('testing an undefined name stays legal and falsy', () => {
  it.each([
    ['{% if x is defined %}yes{% else %}no{% endif %}', 'no'],
    ['{% if x %}yes{% else %}no{% endif %}', 'no'],
    ['{% if not x %}no{% endif %}', 'no'],
    ["{{ x | default('fallback') }}", 'fallback'],
    ["{{ x | d('short') }}", 'short'],
    ["{{ x.y | default('deep') }}", 'deep'],
    ['{% if x.y is defined %}yes{% else %}no{% endif %}', 'no'],
    ['{% if x.y.z is undefined %}undefined{% endif %}', 'undefined'],
    ["{{ x or 'either' }}", 'either'],
    ["{{ 'shown' if x is defined else 'hidden' }}", 'hidden'],
    ['{% for row in x %}{{ row }}{% else %}empty{% endfor %}', 'empty'],
    ['{% set y = x %}{% if y is none or y is undefined %}unset{% endif %}', 'unset'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('renders none (as None, like Jinja), defined values and var() as before', () => {
    expect(
      render("{{ none }}|{{ var('days') }}|{{ var('settings').region }}|{{ var('missing', none) }}|{{ target.name }}"),
    ).toBe('None|7|eu|None|dev');
  });

  it('keeps var() without a default an error', () => {
    expect(renderError("select {{ var('nope') }}").message).toContain("Required variable 'nope' has not been provided");
  });

  it('ignores the top level of a macro file, whose output is discarded', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(env.compile('{{ not_defined_here }}\n{% macro one() %}1{% endmacro %}', 'macros/one.sql'));
    expect(render('select {{ one() }}', env)).toBe('select 1');
  });

  it('lets a macro test its optional arguments', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(
      env.compile(
        "{% macro limit(n) %}{% if n is defined %}limit {{ n }}{% endif %}{{ suffix | default('') }}{% endmacro %}",
        'macros/limit.sql',
      ),
    );
    expect(render('select 1 {{ limit() }}|{{ limit(5) }}', env)).toBe('select 1 |limit 5');
  });
});
