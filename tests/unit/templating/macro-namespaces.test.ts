import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../../src/adapters/contract.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { RedshiftDialect } from '../../../src/adapters/redshift/redshift-dialect.js';
import type { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';
import { plainScope } from './jinja-render.js';

function scope(dialect: Dialect = new DuckDbDialect(), target: Record<string, unknown> = {}): RenderScope {
  return plainScope(dialect, { schema: 'analytics', database: 'warehouse', ...target });
}

/** A root project `shop` with the installed package `utils`, each given macro files. */
function project(files: { root?: string; utils?: string; shim?: string }): TemplateEnvironment {
  const env = new TemplateEnvironment();
  env.macros.setRootProject('shop');
  env.macros.addPackage('utils');
  env.macros.addPackage('shim');
  if (files.root !== undefined) env.registerMacros(env.compile(files.root, 'macros/root.sql'));
  for (const pkg of ['utils', 'shim'] as const) {
    const text = files[pkg];
    if (text !== undefined) env.registerMacros(env.compile(text, `dbt_packages/${pkg}/macros/m.sql`, pkg), pkg);
  }
  return env;
}

function render(env: TemplateEnvironment, sql: string, options: { pkg?: string; dialect?: Dialect } = {}): string {
  return compileSqlTemplate(env, sql, 'models/m.sql', options.pkg).render(scope(options.dialect));
}

function renderError(env: TemplateEnvironment, sql: string): StrataError {
  try {
    render(env, sql);
  } catch (error) {
    return error as StrataError;
  }
  throw new Error('the render succeeded');
}

describe('macro namespaces', () => {
  it('calls built-ins as dbt.<name>, a package as <package>.<name> and the root project by its name', () => {
    const env = project({
      root: '{% macro label() %}root label{% endmacro %}',
      utils: '{% macro star() %}a, b{% endmacro %}',
    });
    expect(render(env, "{{ dbt.date_trunc('day', 'ts') }} | {{ utils.star() }} | {{ shop.label() }}")).toBe(
      "date_trunc('day', ts) | a, b | root label",
    );
    expect(env.macros.macroOf('utils', 'star')).toBeTypeOf('function');
    expect(env.macros.macroOf('utils', 'label')).toBeUndefined();
    expect(env.macros.packageNames()).toEqual(['shop', 'utils', 'shim', 'dbt']);
  });

  it('lets a root macro named like a built-in override it unqualified while dbt.<name> stays the built-in', () => {
    const env = project({ root: '{% macro date_trunc(part, col) %}my_trunc({{ col }}){% endmacro %}' });
    expect(render(env, "{{ date_trunc('day', 'ts') }} / {{ dbt.date_trunc('day', 'ts') }}")).toBe(
      "my_trunc(ts) / date_trunc('day', ts)",
    );
  });

  it("resolves a package macro's unqualified names in its package first, then the root, then dbt", () => {
    const env = project({
      root: '{% macro quoted(x) %}root:{{ x }}{% endmacro %}{% macro only_root() %}from root{% endmacro %}',
      utils:
        '{% macro quoted(x) %}utils:{{ x }}{% endmacro %}' +
        "{% macro show() %}{{ quoted('a') }} {{ only_root() }} {{ type_string() }} {{ helper() }}{% endmacro %}",
    });
    // a macro of the same package, defined in a file registered later
    env.registerMacros(
      env.compile('{% macro helper() %}late{% endmacro %}', 'dbt_packages/utils/macros/z.sql', 'utils'),
      'utils',
    );
    expect(render(env, '{{ utils.show() }}')).toBe('utils:a from root VARCHAR late');
    // the root project itself sees its own macro, never the package's unqualified
    expect(render(env, "{{ quoted('b') }}")).toBe('root:b');
    expect(renderError(env, '{{ helper() }}').message).toMatch(/helper/);
  });

  it("renders a package's SQL files with the package's macros first", () => {
    const env = project({
      root: '{% macro quoted(x) %}root:{{ x }}{% endmacro %}',
      utils: '{% macro quoted(x) %}utils:{{ x }}{% endmacro %}',
    });
    expect(render(env, "{{ quoted('m') }}", { pkg: 'utils' })).toBe('utils:m');
    expect(render(env, "{{ quoted('m') }}")).toBe('root:m');
  });
});

describe('adapter.dispatch', () => {
  const utils =
    "{% macro cents(c) %}{{ return(adapter.dispatch('cents', 'utils')(c)) }}{% endmacro %}" +
    '{% macro default__cents(c) %}utils_default({{ c }}){% endmacro %}' +
    '{% macro duckdb__cents(c) %}utils_duckdb({{ c }}){% endmacro %}';

  it("tries the adapter's macro, then default__, in the package the namespace names", () => {
    const env = project({ utils });
    expect(render(env, "{{ utils.cents('x') }}")).toBe('utils_duckdb(x)');
    expect(render(env, "{{ utils.cents('x') }}", { dialect: new RedshiftDialect() })).toBe('utils_default(x)');
  });

  it('searches the root project before the package by default, each with every prefix', () => {
    // root's default__ is found before the package's duckdb__: packages are the outer loop
    const env = project({ utils, root: '{% macro default__cents(c) %}root_default({{ c }}){% endmacro %}' });
    expect(render(env, "{{ utils.cents('x') }}")).toBe('root_default(x)');
  });

  it("follows the project's dispatch: search order", () => {
    const env = project({
      utils,
      root: '{% macro default__cents(c) %}root_default({{ c }}){% endmacro %}',
      shim: '{% macro duckdb__cents(c) %}shim_duckdb({{ c }}){% endmacro %}',
    });
    env.macros.setDispatchOrders([{ macroNamespace: 'utils', searchOrder: ['shim', 'utils'] }]);
    expect(render(env, "{{ utils.cents('x') }}")).toBe('shim_duckdb(x)');
    env.macros.setDispatchOrders([{ macroNamespace: 'utils', searchOrder: ['utils', 'shop'] }]);
    expect(render(env, "{{ utils.cents('x') }}")).toBe('utils_duckdb(x)');
  });

  it("tries a parent adapter's macro: redshift__, then postgres__, then default__", () => {
    const env = project({
      root:
        "{% macro trim_it(c) %}{{ adapter.dispatch('trim_it')(c) }}{% endmacro %}" +
        '{% macro postgres__trim_it(c) %}pg_trim({{ c }}){% endmacro %}' +
        '{% macro default__trim_it(c) %}trim({{ c }}){% endmacro %}',
    });
    expect(render(env, "{{ trim_it('x') }}", { dialect: new RedshiftDialect() })).toBe('pg_trim(x)');
    expect(render(env, "{{ trim_it('x') }}")).toBe('trim(x)');
  });

  it('dispatches a built-in to a project override first, the built-in last', () => {
    const env = project({ root: '{% macro duckdb__hash(f) %}my_hash({{ f }}){% endmacro %}' });
    expect(render(env, "{{ hash('id') }} {{ dbt.hash('id') }}")).toBe('my_hash(id) my_hash(id)');
    expect(render(env, "{{ adapter.dispatch('hash', macro_namespace='dbt')('id') }}")).toBe('my_hash(id)');
  });

  it('names every candidate it tried when none exists', () => {
    const env = project({ utils });
    env.macros.setDispatchOrders([{ macroNamespace: 'utils', searchOrder: ['shop', 'utils'] }]);
    const error = renderError(env, "{{ adapter.dispatch('centz', 'utils')('x') }}");
    expect(error.message).toContain("adapter.dispatch('centz', macro_namespace='utils') found no implementation");
    expect(error.message).toContain(
      'tried shop.duckdb__centz, shop.default__centz, utils.duckdb__centz, utils.default__centz',
    );
    expect(error.hint).toContain("Did you mean 'cents'?");
  });

  it('refuses a dotted name and says to pass the package as macro_namespace', () => {
    const error = renderError(project({ utils }), "{{ adapter.dispatch('utils.cents')('x') }}");
    expect(error.hint).toContain("adapter.dispatch('cents', macro_namespace='utils')");
  });
});

describe('naming macros', () => {
  it("are dbt's defaults, dispatching to default__ forms a project can override", () => {
    const env = project({});
    const node = "{'name': 'orders', 'version': none}";
    expect(render(env, `{{ generate_schema_name(none, ${node}) }}|{{ generate_schema_name(' stg ', ${node}) }}`)).toBe(
      'analytics|analytics_stg',
    );
    expect(render(env, `{{ generate_alias_name(none, ${node}) }}|{{ generate_database_name('raw', ${node}) }}`)).toBe(
      'orders|raw',
    );
    expect(render(env, `{{ generate_schema_name_for_env('stg', ${node}) }}`)).toBe('analytics');
    const overridden = project({ root: '{% macro default__generate_schema_name(c, n) %}{{ c }}{% endmacro %}' });
    expect(render(overridden, `{{ generate_schema_name('stg', ${node}) }}`)).toBe('stg');
  });
});
