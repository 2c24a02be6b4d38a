import { DuckDbDialect } from '../../../src/adapters/duckdb/duckdb-dialect.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

const dialect = new DuckDbDialect();

/** A scope for templates that use no project context (ref, var...): only Jinja itself. */
const scope: RenderScope = {
  file: 'models/m.sql',
  dialect,
  target: { name: 'dev', type: 'duckdb', schema: 'main' },
  self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
  ref: (name) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
  source: (s, t) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
  config: () => undefined,
  variable: (_name, fallback) => fallback,
  envVar: (_name, fallback) => fallback ?? '',
  isIncremental: () => false,
};

/** Render `template` as a model of a project whose macro file holds `macros`. */
export function renderJinja(template: string, macros?: string): string {
  const env = new TemplateEnvironment();
  if (macros !== undefined) env.registerMacros(env.compile(macros, 'macros/m.sql'));
  return compileSqlTemplate(env, template, 'models/m.sql').render(scope);
}
