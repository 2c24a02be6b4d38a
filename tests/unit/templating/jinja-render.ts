import type { Dialect } from '../../../src/adapters/contract.js';
import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

/**
 * A scope for templates that use no project context (ref, var...): only Jinja itself, on
 * `dialect`; `target` adds to or replaces the target's fields.
 */
export function plainScope(dialect: Dialect = new DuckDbDialect(), target: Record<string, unknown> = {}): RenderScope {
  return {
    file: 'models/m.sql',
    dialect,
    target: { name: 'dev', type: dialect.name, schema: 'main', ...target },
    self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
    ref: (name) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
    source: (s, t) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
    config: () => undefined,
    variable: (_name, fallback) => fallback,
    envVar: (_name, fallback) => fallback ?? '',
    isIncremental: () => false,
  };
}

const scope = plainScope();

/** Render `template` as a model of a project whose macro file holds `macros`. */
export function renderJinja(template: string, macros?: string): string {
  const env = new TemplateEnvironment();
  if (macros !== undefined) env.registerMacros(env.compile(macros, 'macros/m.sql'));
  return compileSqlTemplate(env, template, 'models/m.sql').render(scope);
}
