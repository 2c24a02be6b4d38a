import { plainScope } from './jinja-render.js';
import { createDialect } from '../../../src/adapters/registry.js';
import { TemplateEnvironment } from '../../../src/templating/environment.js';
import { compileSqlTemplate } from '../../../src/templating/sql-template.js';

/** The four adapters Strata ships, by name. */
export const ADAPTERS = ['duckdb', 'athena', 'redshift', 'snowflake'] as const;

/** A model template rendered for one adapter, in a project whose macro file holds `macros`. */
export function renderFor(adapter: string, template: string, macros?: string): string {
  const env = new TemplateEnvironment();
  if (macros !== undefined) env.registerMacros(env.compile(macros, 'macros/m.sql'));
  return compileSqlTemplate(env, template, 'models/m.sql').render(plainScope(createDialect(adapter)));
}

/** A model template rendered for every adapter, keyed by adapter, for side-by-side goldens. */
export function renderOnEach(template: string): Record<string, string> {
  return Object.fromEntries(ADAPTERS.map((adapter) => [adapter, renderFor(adapter, template)]));
}
