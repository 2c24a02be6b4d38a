import type { Dialect } from '../../../src/adapters/contract.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import type { RenderScope } from '../../../src/templating/render-scope.js';
import { TemplateRelation } from '../../../src/templating/relation.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

/** The four adapters Strata ships, by name. */
export const ADAPTERS = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;

function scopeFor(dialect: Dialect): RenderScope {
  return {
    file: 'models/m.sql',
    dialect,
    target: { name: 'dev', type: dialect.name, schema: 'main' },
    self: TemplateRelation.of({ schema: 'main', identifier: 'm' }, dialect),
    ref: (name) => TemplateRelation.of({ schema: 'main', identifier: name }, dialect),
    source: (s, t) => TemplateRelation.of({ schema: s, identifier: t }, dialect),
    config: () => undefined,
    variable: (_name, fallback) => fallback,
    envVar: (_name, fallback) => fallback ?? '',
    isIncremental: () => false,
  };
}

/** A model template rendered for one adapter, in a project whose macro file holds `macros`. */
export function renderFor(adapter: string, template: string, macros?: string): string {
  const env = new TemplateEnvironment();
  if (macros !== undefined) env.registerMacros(env.compile(macros, 'macros/m.sql'));
  return compileSqlTemplate(env, template, 'models/m.sql').render(scopeFor(createDialect(adapter)));
}

/** A model template rendered for every adapter, keyed by adapter, for side-by-side goldens. */
export function renderOnEach(template: string): Record<string, string> {
  return Object.fromEntries(ADAPTERS.map((adapter) => [adapter, renderFor(adapter, template)]));
}
