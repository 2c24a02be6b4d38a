import { readFileSync } from 'node:fs';
import { compileSqlTemplate, type SqlTemplate } from '../templating/sql-template.js';
import type { DiscoveredFile } from './discover.js';
import { installedPackageOf, type ParseContext } from './parse-context.js';
import { checkConfigCalls } from './parse-models.js';
import { ParseScope } from './parse-scope.js';

/** A SQL file read and rendered once in parse mode. */
export interface RenderedSqlFile {
  rawSql: string;
  template: SqlTemplate;
  /** what the render learned: refs, sources and the `config()` calls (their keys checked) */
  scope: ParseScope;
}

/**
 * Read, compile and render a SQL file that builds no relation of its own (a singular test,
 * an analysis), so `this` is named after the file. `kind` names it in messages (`test`).
 */
export function renderSqlFile(ctx: ParseContext, file: DiscoveredFile, kind: string): RenderedSqlFile {
  const rawSql = readFileSync(file.path, 'utf8');
  const template = compileSqlTemplate(ctx.templates, rawSql, file.file, installedPackageOf(ctx));
  const scope = ParseScope.forContext(ctx, file.file, { schema: ctx.target.schema, identifier: file.stem });
  template.render(scope);
  checkConfigCalls(ctx, file.file, rawSql, scope.configs, `the config() of ${kind} "${file.stem}"`);
  return { rawSql, template, scope };
}
