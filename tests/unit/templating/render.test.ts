import { describe, expect, it } from 'vitest';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { SnowflakeDialect } from '../../../src/adapters/snowflake/snowflake-dialect.js';
import { StrataError } from '../../../src/errors/strata-error.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';
import { tryStaticTemplate } from '../../../src/templating/static-template.js';
import { VariableResolver } from '../../../src/templating/variables.js';

const dialect = new DuckDbDialect();

function scope(
  overrides: Partial<RenderScope> = {},
): RenderScope & { configs: Record<string, unknown>[]; refs: string[] } {
  const variables = new VariableResolver({ days: 7 }, { SHOP_REGION: 'eu' });
  const configs: Record<string, unknown>[] = [];
  const refs: string[] = [];
  return {
    file: 'models/m.sql',
    dialect,
    target: { name: 'dev', type: 'duckdb', schema: 'main' },
    self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
    ref: (name: string) => {
      refs.push(name);
      return TemplateRelation.of({ schema: 'main', identifier: name }, dialect);
    },
    source: (s: string, t: string) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
    config: (values: Record<string, unknown>) => void configs.push(values),
    variable: (name: string, d?: unknown) => variables.resolve(name, d, 'models/m.sql'),
    envVar: (name: string, d?: string) => variables.envVar(name, d, 'models/m.sql'),
    isIncremental: () => false,
    configs,
    refs,
    ...overrides,
  };
}

describe('SQL templates', () => {
  it('renders ref, source, config keyword arguments, this, target, var and env_var', () => {
    const env = new TemplateEnvironment();
    const s = scope();
    const sql = compileSqlTemplate(
      env,
      "{{ config(materialized='table', unique_key=['a', 'b']) }}" +
        "select * from {{ ref('orders') }} join {{ source('bronze', 'users') }} -- " +
        "{{ this }} {{ target.name }} {{ var('days') }} {{ env_var('SHOP_REGION') }} {{ var('missing', 3) }}",
      'models/m.sql',
    ).render(s);
    expect(sql).toBe('select * from "main"."orders" join "bronze"."users" -- "main"."m" dev 7 eu 3');
    expect(s.configs).toEqual([{ materialized: 'table', unique_key: ['a', 'b'] }]);
  });

  it('takes the static fast path for literal ref/source/config calls only', () => {
    expect(
      tryStaticTemplate("select * from {{ ref('a') }} {{ config(materialized='view', enabled=true) }}"),
    ).toBeDefined();
    expect(tryStaticTemplate("select {{ var('x') }}")).toBeUndefined();
    expect(tryStaticTemplate('{% if is_incremental() %}x{% endif %}')).toBeUndefined();
    const s = scope();
    expect(tryStaticTemplate("select * from {{ ref('a') }}, {{ ref('pkg', 'b') }}")!.render(s)).toBe(
      'select * from "main"."a", "main"."b"',
    );
  });

  it('renders is_incremental blocks as the scope decides', () => {
    const env = new TemplateEnvironment();
    const template = compileSqlTemplate(
      env,
      'select 1{% if is_incremental() %} where ts > (select max(ts) from {{ this }}){% endif %}',
      'models/m.sql',
    );
    expect(template.render(scope())).toBe('select 1');
    expect(template.render(scope({ isIncremental: () => true }))).toBe(
      'select 1 where ts > (select max(ts) from "main"."m")',
    );
  });

  it('dispatches macros: adapter-specific first, then default, then the built-in', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(
      env.compile(
        "{% macro json_str(c, f) %}{{ adapter.dispatch('json_str')(c, f) }}{% endmacro %}" +
          "{% macro default__json_str(c, f) %}json_extract_string({{ c }}, '$.{{ f }}'){% endmacro %}" +
          '{% macro snowflake__json_str(c, f) %}{{ c }}:{{ f }}::string{% endmacro %}',
        'macros/json.sql',
      ),
    );
    const template = compileSqlTemplate(
      env,
      "select {{ json_str('payload', 'id') }}, {{ date_trunc('day', 'ts') }}",
      'models/m.sql',
    );
    expect(template.render(scope())).toBe("select json_extract_string(payload, '$.id'), date_trunc('day', ts)");
    expect(template.render(scope({ dialect: new SnowflakeDialect() }))).toContain('payload:id::string');
  });

  it('lets a project override a built-in cross-database macro with default__', () => {
    const env = new TemplateEnvironment();
    env.registerMacros(env.compile('{% macro default__hash(f) %}my_hash({{ f }}){% endmacro %}', 'macros/hash.sql'));
    expect(compileSqlTemplate(env, "select {{ hash('id') }}", 'models/m.sql').render(scope())).toBe(
      'select my_hash(id)',
    );
  });

  it('reports a template syntax error with file and line', () => {
    const env = new TemplateEnvironment();
    const error = (() => {
      try {
        compileSqlTemplate(env, 'select 1\nfrom x\n{% if %}', 'models/broken.sql');
      } catch (e) {
        return e;
      }
    })() as StrataError;
    expect(error).toBeInstanceOf(StrataError);
    expect(error.location).toEqual({ file: 'models/broken.sql', line: 3 });
    expect(error.message).toMatch(/Template syntax error/);
  });

  it('reports a missing environment variable with the file and line, keeping our message', () => {
    const env = new TemplateEnvironment();
    const template = compileSqlTemplate(env, "select 1\n\n{{ env_var('NOPE') }}", 'models/env.sql');
    let error: unknown;
    try {
      template.render(scope());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).message).toBe("Environment variable 'NOPE' is not set");
    expect((error as StrataError).location).toEqual({ file: 'models/env.sql', line: 3 });
  });
});
