import { CompileScope } from '../compile/compile-scope.js';
import type { SourceNode } from '../manifest/types.js';
import type { ParsedProject } from '../parser/parse-project.js';
import { TemplateRelation } from '../templating/relation.js';
import { compileSqlTemplate } from '../templating/sql-template.js';

/**
 * A source's `loaded_at_query` rendered as dbt renders it when the check runs: the
 * project's macros, `var`, `target`, `source()`/`ref()`, and `this` the source's relation.
 *
 * @throws StrataError naming the schema file when the Jinja does not render.
 */
export function renderLoadedAtQuery(parsed: ParsedProject, source: SourceNode, query: string): string {
  const context = parsed.packageContexts?.get(source.packageName) ?? parsed.context;
  const packageName = context === parsed.context ? undefined : source.packageName;
  const template = compileSqlTemplate(context.templates, query, source.origin.file, packageName);
  const self = TemplateRelation.of(source.relation, context.dialect);
  return template.render(new CompileScope(context, parsed.manifest, source.origin.file, self, false));
}
