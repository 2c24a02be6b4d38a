import { readFileSync } from 'node:fs';
import { checkConfigKeys } from '../config/config-keys.js';
import { normalizeConfig } from '../config/node-config.js';
import type { ColumnInfo, ModelNode } from '../manifest/types.js';
import { compileSqlTemplate, type SqlTemplate } from '../templating/sql-template.js';
import type { DiscoveredFile } from './discover.js';
import { installedPackageOf, lineOf, sha256, type ParseContext } from './parse-context.js';
import { ParseScope } from './parse-scope.js';
import { folderConfigOf } from './packages/folder-config-of.js';
import {
  addConstraintParents,
  checkModelContract,
  checkPrimaryKeys,
  unenforcedConstraintWarnings,
} from './contract-rules.js';
import { namedRelation, type NamedNode } from './naming-overrides.js';
import { checkMicrobatchModel } from './microbatch-rules.js';
import { checkCommitFeedModel } from './commit-feed-rules.js';
import type { ColumnDeclaration, NodePatch } from '../parser/schema-types.js';

export interface ParsedSql<T> {
  node: T;
  template: SqlTemplate;
}

/**
 * Parse one model file: compile its template, render it once in parse mode to learn
 * its refs, sources and `config()`, and resolve its config and relation.
 */
export function parseModel(
  ctx: ParseContext,
  file: DiscoveredFile,
  patch: NodePatch | undefined,
): ParsedSql<ModelNode> {
  const { project } = ctx;
  const rawSql = readFileSync(file.path, 'utf8');
  const template = compileSqlTemplate(ctx.templates, rawSql, file.file, installedPackageOf(ctx));
  const folderConfig = folderConfigOf(ctx, 'models', [...file.folders, file.stem]);
  const layers = [folderConfig, patch?.config ?? {}];
  const provisional = normalizeConfig(layers, { materialized: 'view' }, { file: file.file });
  const named: NamedNode = {
    uniqueId: `model.${project.name}.${file.stem}`,
    name: file.stem,
    resourceType: 'model',
    packageName: project.name,
    fqn: [project.name, ...file.folders, file.stem],
    file: file.file,
  };
  const provisionalRelation = namedRelation(ctx, named, provisional);
  const scope = ParseScope.forContext(ctx, file.file, provisionalRelation);
  template.render(scope);
  checkConfigCalls(ctx, file.file, rawSql, scope.configs, `the config() of model "${file.stem}"`);
  const config = scope.configs.length
    ? normalizeConfig(
        [...layers, ...scope.configs],
        { materialized: 'view' },
        { file: file.file, line: lineOf(rawSql, 'config(') },
      )
    : provisional;
  const node: ModelNode = {
    uniqueId: named.uniqueId,
    name: file.stem,
    resourceType: 'model',
    packageName: project.name,
    fqn: named.fqn,
    origin: { file: file.file },
    description: patch?.description ?? '',
    tags: config.tags,
    meta: patch?.meta ?? {},
    rawSql,
    // dbt's: of the file's text without its surrounding whitespace
    checksum: sha256(rawSql.trim()),
    config,
    relation: config === provisional ? provisionalRelation : namedRelation(ctx, named, config),
    columns: columnsOf(patch?.columns ?? []),
    refs: scope.refs,
    sources: scope.sources,
    dependsOn: [],
    patchPath: patch?.file,
    patchLine: patch?.line,
    constraints: patch?.constraints ?? [],
  };
  checkModelContract(node, patch);
  checkPrimaryKeys(node, patch);
  checkMicrobatchModel(node);
  checkCommitFeedModel(node);
  addConstraintParents(node);
  ctx.warnings.push(...unenforcedConstraintWarnings(node, patch));
  return { template, node };
}

/**
 * Check the keys of a file's `config(...)` calls; dbt keys without an effect become
 * warnings. A key is located at the line that writes it (`key=` or `'key':`), else at the
 * first `config(`.
 */
export function checkConfigCalls(
  ctx: ParseContext,
  file: string,
  rawSql: string,
  configs: ReadonlyArray<Record<string, unknown>>,
  what: string,
): void {
  const configLine = lineOf(rawSql, 'config(');
  const calls = rawSql.slice(rawSql.indexOf('config('));
  const locate = (key: string) => {
    if (configLine === undefined) return { file };
    const escaped = key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    const offset = lineOf(calls, new RegExp(`(^|[^\\w-])['"]?${escaped}['"]?\\s*[=:]`)) ?? 1;
    return { file, line: configLine + offset - 1 };
  };
  for (const config of configs) ctx.warnings.push(...checkConfigKeys(config, ctx.configKeys, locate, what));
}

export function columnsOf(declarations: ColumnDeclaration[]): Record<string, ColumnInfo> {
  const columns: Record<string, ColumnInfo> = {};
  for (const column of declarations) {
    columns[column.name] = {
      name: column.name,
      description: column.description,
      dataType: column.dataType,
      constraints: column.constraints,
      tags: column.tags,
      meta: column.meta,
    };
  }
  return columns;
}
